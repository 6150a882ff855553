// The rights step: fills each paper's `license` from arXiv's metadata (by its arXiv id) and, when the run names the
// licences it accepts, drops every document whose licence is unknown or not among them, before any scoring is spent
// on it. A document's own `license` (from its input record, its column or a field in `metadata`) is never
// overwritten, only written as its SPDX id.
import { canonicalArxivId } from "../../src/arxiv-id.js";
import type { Doc } from "../../src/doc.js";
import type { Step, StepContext } from "../../src/step.js";
import type { LicenceIndex } from "./arxiv-metadata.js";
import { recordLicence } from "./carried-licence.js";

export const RIGHTS_REJECT_REASONS = {
  unknown: "license_unknown",
  /** Followed by `:<licence>`. */
  notAllowed: "license_not_allowed",
  /** The record names an allowed licence, arXiv's metadata another the selection does not allow; `:<metadata's>`. */
  conflict: "license_conflict",
} as const;

/** Counters in the step's stats. */
export const RIGHTS_COUNTERS = {
  joined: "license_from_metadata",
  noneInMetadata: "metadata_without_license",
  notInMetadata: "arxiv_id_not_in_metadata",
  /** The record's own licence is kept, but arXiv's metadata names another: a case for a person to look at. */
  differs: "record_license_differs_from_metadata",
  /** Documents left without a licence: neither the record nor arXiv's metadata named one. */
  none: "without_license",
} as const;

/** Longest licence name put into a reject reason (an input record's licence can be any text). */
const REASON_LICENCE_CHARS = 64;

export interface RightsOptions {
  /** arXiv id → licence, when the run joins arXiv's metadata. */
  index: LicenceIndex | null;
  /** Licences a document must have (SPDX ids), or null to keep every document. */
  allow: ReadonlySet<string> | null;
}

/** Why the document is dropped, or null when it is kept; fills its licence from the index first. */
export function rightsDecision(
  doc: Doc,
  { index, allow }: RightsOptions,
  count: (counter: string) => void,
): string | null {
  // One licence under one name in the shards and the report: a record's "http://creativecommons.org/licenses/by/4.0/"
  // or "cc-by-4.0" is written as CC-BY-4.0, the name the join writes and the selection compares; an empty one is none,
  // which the join may fill.
  doc.meta.license = recordLicence(doc);
  // arXiv's word where it differs from the record's: a selection must allow both (a record, or an earlier run, may
  // claim CC BY for a paper arXiv may only distribute)
  let metadata: string | null = null;
  if (index && doc.meta.arxiv_id) {
    const key = canonicalArxivId(doc.meta.arxiv_id);
    if (!index.has(key)) count(RIGHTS_COUNTERS.notInMetadata);
    else {
      const licence = index.get(key) ?? null;
      if (licence === null) count(RIGHTS_COUNTERS.noneInMetadata);
      else if (doc.meta.license === null) {
        doc.meta.license = licence;
        count(RIGHTS_COUNTERS.joined);
      } else if (doc.meta.license !== licence) {
        count(RIGHTS_COUNTERS.differs);
        metadata = licence;
      }
    }
  }
  const licence = doc.meta.license;
  if (licence === null) count(RIGHTS_COUNTERS.none);
  if (!allow) return null;
  if (licence === null) return RIGHTS_REJECT_REASONS.unknown;
  if (!allow.has(licence)) return `${RIGHTS_REJECT_REASONS.notAllowed}:${licence.slice(0, REASON_LICENCE_CHARS)}`;
  if (metadata !== null && !allow.has(metadata))
    return `${RIGHTS_REJECT_REASONS.conflict}:${metadata.slice(0, REASON_LICENCE_CHARS)}`;
  return null;
}

export function rightsStep(options: RightsOptions): Step {
  return {
    name: "rights",
    scoreNames: [],
    async *run(docs: AsyncIterable<Doc>, ctx: StepContext): AsyncIterable<Doc> {
      const count = (counter: string) => ctx.count(counter);
      for await (const doc of docs) {
        const reason = rightsDecision(doc, options, count);
        if (reason === null) yield doc;
        else await ctx.reject(doc, reason);
      }
    },
  };
}
