// A record's own licence when it is not in the `license` column: datatrove's and Dolma's shards nest it in
// `metadata`, and other dumps spell it `licence` or `License`. The reader carries every such field in the
// `metadata` column (src/io/columns.ts); without this the rights step took the record for one without a licence,
// and the join from arXiv's metadata overrode what the record said (a CC BY-NC-ND record kept under `open`).
import type { Doc } from "../../src/doc.js";
import { normaliseLicence } from "./licence.js";

/**
 * A document's licence as its SPDX id (see normaliseLicence): its `license` column, else a licence field its record
 * carries in `metadata`; null when neither names one. What the rights step selects on and dedup prefers.
 */
export function recordLicence(doc: Doc): string | null {
  return normaliseLicence(doc.meta.license) ?? normaliseLicence(carriedLicence(doc.meta.metadata));
}

/** Field names of a licence in `metadata`, compared without case; the first found is the record's. */
const LICENCE_FIELDS = ["license", "licence"];

/** The licence text a record carries in its `metadata` JSON, or null when it carries none as text. */
function carriedLicence(metadata: string | null): string | null {
  if (metadata === null) return null;
  let fields: unknown;
  try {
    fields = JSON.parse(metadata);
  } catch {
    return null;
  }
  if (fields === null || typeof fields !== "object" || Array.isArray(fields)) return null;
  const entries = Object.entries(fields as Record<string, unknown>);
  for (const name of LICENCE_FIELDS) {
    const found = entries.find(([key, value]) => key.toLowerCase() === name && typeof value === "string");
    if (found) return found[1] as string;
  }
  return null;
}
