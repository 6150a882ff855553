// Which copy of a duplicate cluster survives. "best": an open licence, then the fewest damaged pages, then the latest
// arXiv version (between copies of one arXiv id), then text layer over OCR, then higher density (quality), then the
// longer text, then the smaller id.
// "first": datatrove's choice (the root its union-find leaves, in practice the earliest document), for comparisons
// with datatrove.
//
// Density is what tells whole copies of one text apart: one with junk inserted (a site's furniture, another paper's
// lines) or with typos is longer or as long as the clean one, and mostly scores lower (of text-dev's planted
// near-duplicates, the original is kept in 11 of 19 by density, in 4 by length). Docs that come without it (a
// standalone `assay dedup` of JSON Lines, `assay filter`'s output) or with one another model scored (an earlier
// assay's shards) are scored where it decides: stage 1 keeps their texts, and stage 3 scores those of the members that tie before density (awaitingDensity, cluster-stage.ts). The
// scorer is a pure function of the text: the same keeper every run. Length decides after it, for copies density
// cannot tell apart.
//
// Damage comes first because it is the one difference between copies that is known to be a loss of text: a page
// pdf.js could not fully parse (or whose OCR failed) is missing or garbled, while every later rule compares copies
// that are each whole. Density cannot stand in for it: cutting a page out can raise a text's density (the broken
// corpus's corrupt content stream scored 2.12 against its intact copies' 2.07), so without this rule the damaged
// copy won. It also outranks the arXiv version: an older version read whole is a complete paper, a newer one with
// a page missing is not. Only the count is compared, not the share of pages: copies in one cluster are the same
// paper, so their page counts barely differ.
//
// The licence comes before damage: copies of one paper can carry different licences (a repository's CC BY copy and
// the publisher's, or a record's own licence and arXiv's), and whoever selects by licence, with --licenses after
// dedup or on the shards, finds nothing of the paper when the open copy went to rejects as the duplicate of the
// other; a page missing costs them a page. Only "open" (OPEN_LICENCES) counts: among the others none is clearly
// better, and unknown is no evidence of one.
//
// OCR'd pages are not counted as damage: they are text that was read, by another means, and the extraction rule
// already ranks them below a text layer. Pages without text for a lawful reason (blank, figure-only, image-only with
// OCR off) are not counted either: ingest keeps no per-document count of them, and blank pages lose nothing. Pages
// that failed outright (pdf.js threw, OCR failed) are already damaged pages. Unknown damage (a JSONL record, a
// shard or an index written before the column was read here) counts as none: there is no evidence against the copy.
import type { Extraction } from "../../src/doc.js";

export type KeepPolicy = "best" | "first";

/** The facts about one document the policy needs; small enough to keep for every clustered doc. */
export interface KeepRecord {
  id: string;
  arxivId: string | null;
  arxivVersion: number | null;
  extraction: Extraction | null;
  density: number | null;
  chars: number;
  /** Pages ingest flagged as damaged (the `damaged_pages` score); null when unknown. */
  damagedPages: number | null;
  /** Under an open licence (`--licenses open`); absent in records an older assay wrote: not known to be. */
  openLicence?: boolean;
}

const EXTRACTION_RANK: Record<Extraction, number> = { "text-layer": 2, mixed: 1, ocr: 0 };

/**
 * The rules before density, which every record can answer: negative when `a` should be kept rather than `b`.
 * `knownOnly`: a rule one of the two cannot answer (a JSON Lines record has no damage count, arXiv version or
 * extraction) does not decide, rather than counting the unknown as none, version 0 or "mixed".
 */
function compareBeforeDensity(a: KeepRecord, b: KeepRecord, knownOnly = false): number {
  const rule = (x: number | null, y: number | null, fallback: number) =>
    knownOnly && (x === null || y === null) ? 0 : (x ?? fallback) - (y ?? fallback);
  const extraction = (r: KeepRecord) => (r.extraction ? EXTRACTION_RANK[r.extraction] : null);
  // Versions order the copies of one arXiv id; two ids' version numbers say nothing of each other (a paper posted
  // twice, or a copy whose stamp was mangled into another valid id, claiming v8 against the original's v1).
  const otherIds = a.arxivId !== null && b.arxivId !== null && a.arxivId !== b.arxivId;
  return (
    Number(b.openLicence === true) - Number(a.openLicence === true) ||
    rule(a.damagedPages, b.damagedPages, 0) ||
    (otherIds ? 0 : rule(b.arxivVersion, a.arxivVersion, 0)) ||
    rule(extraction(b), extraction(a), 1)
  );
}

/**
 * Whether a new copy `a` replaces a copy `b` published by an earlier run (`--index`): only on the rules that are
 * evidence of a better copy (an open licence, fewer damaged pages, a later arXiv version, a text layer), and each only
 * when both copies answer it: a PDF read as v1 is no better than a published JSON Lines record of the paper that
 * states no version. Density, length and id are not used against a published doc: its text is not kept to score it,
 * length alone favours a copy with junk inserted, and a tie broken by id would replace a published paper with any
 * copy of it under a smaller name.
 */
export function supersedes(a: KeepRecord, b: KeepRecord): boolean {
  return compareBeforeDensity(a, b, true) < 0;
}

/** Negative when `a` should be kept rather than `b`. */
export function compareForKeep(a: KeepRecord, b: KeepRecord): number {
  return (
    compareBeforeDensity(a, b) ||
    (b.density ?? Number.NEGATIVE_INFINITY) - (a.density ?? Number.NEGATIVE_INFINITY) ||
    b.chars - a.chars ||
    (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)
  );
}

/**
 * The members of a cluster whose density is unknown and would decide which is kept: those without one among the
 * members that tie for first place on the rules before density, when two or more do.
 */
export function awaitingDensity<T>(members: readonly T[], record: (member: T) => KeepRecord): T[] {
  const best = members.reduce((a, b) => (compareBeforeDensity(record(b), record(a)) < 0 ? b : a));
  const tied = members.filter((m) => compareBeforeDensity(record(m), record(best)) === 0);
  return tied.length > 1 ? tied.filter((m) => record(m).density === null) : [];
}
