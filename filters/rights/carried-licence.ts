// A record's own licence when it is not in the `license` column: datatrove's and Dolma's shards nest it in
// `metadata`, and other dumps spell it `licence` or `License`. The reader carries every such field in the
// `metadata` column (src/io/columns.ts); without this the rights step took the record for one without a licence,
// and the join from arXiv's metadata overrode what the record said (a CC BY-NC-ND record kept under `open`).
import type { Doc } from "../../src/doc.js";
import { nestedObject } from "../../src/io/carried-metadata.js";
import { isOpenLicence, normaliseLicence } from "./licence.js";

/**
 * A document's licence as its SPDX id (see normaliseLicence): its `license` column, else a licence field its record
 * carries in `metadata`; null when neither names one. What the rights step selects on and dedup prefers.
 */
export function recordLicence(doc: Doc): string | null {
  const named = [doc.meta.license, ...carriedLicences(doc.meta.metadata)]
    .map(normaliseLicence)
    .filter((id): id is string => id !== null);
  // A record that names two licences (`license` CC BY, `licence` CC BY-NC-ND) is held to one that is not open, if it
  // names one: the permissive one was kept before, silently
  return named.find((id) => !isOpenLicence(id)) ?? named[0] ?? null;
}

/** Field names of a licence in `metadata`, compared without case. */
const LICENCE_FIELDS = new Set(["license", "licence"]);

/** The licence texts a record carries in its `metadata` JSON. */
function carriedLicences(metadata: string | null): string[] {
  return Object.entries(nestedObject(metadata) ?? {}).flatMap(([key, value]) =>
    LICENCE_FIELDS.has(key.toLowerCase()) && typeof value === "string" ? [value] : [],
  );
}
