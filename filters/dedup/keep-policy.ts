// Which copy of a duplicate cluster survives. "best": the fewest damaged pages, then the latest arXiv version, then
// text layer over OCR, then higher density (quality), then the longer text, then the smaller id. "first":
// datatrove's choice (the root its union-find leaves, in practice the earliest document), for comparisons with
// datatrove.
//
// Damage comes first because it is the one difference between copies that is known to be a loss of text: a page
// pdf.js could not fully parse (or whose OCR failed) is missing or garbled, while every later rule compares copies
// that are each whole. Density cannot stand in for it: cutting a page out can raise a text's density (the broken
// corpus's corrupt content stream scored 2.12 against its intact copies' 2.07), so without this rule the damaged
// copy won. It also outranks the arXiv version: an older version read whole is a complete paper, a newer one with
// a page missing is not. Only the count is compared, not the share of pages: copies in one cluster are the same
// paper, so their page counts barely differ.
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
}

const EXTRACTION_RANK: Record<Extraction, number> = { "text-layer": 2, mixed: 1, ocr: 0 };

/** Negative when `a` should be kept rather than `b`. */
export function compareForKeep(a: KeepRecord, b: KeepRecord): number {
  return (
    (a.damagedPages ?? 0) - (b.damagedPages ?? 0) ||
    (b.arxivVersion ?? 0) - (a.arxivVersion ?? 0) ||
    (b.extraction ? EXTRACTION_RANK[b.extraction] : 1) - (a.extraction ? EXTRACTION_RANK[a.extraction] : 1) ||
    (b.density ?? Number.NEGATIVE_INFINITY) - (a.density ?? Number.NEGATIVE_INFINITY) ||
    b.chars - a.chars ||
    (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)
  );
}
