// Which copy of a duplicate cluster survives. "best": the latest arXiv version, then text layer over OCR, then
// higher density (quality), then the longer text, then the smaller id. "first": datatrove's choice (the root its
// union-find leaves, in practice the earliest document), for comparisons with datatrove.
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
}

const EXTRACTION_RANK: Record<Extraction, number> = { "text-layer": 2, mixed: 1, ocr: 0 };

/** Negative when `a` should be kept rather than `b`. */
export function compareForKeep(a: KeepRecord, b: KeepRecord): number {
  return (
    (b.arxivVersion ?? 0) - (a.arxivVersion ?? 0) ||
    (b.extraction ? EXTRACTION_RANK[b.extraction] : 1) - (a.extraction ? EXTRACTION_RANK[a.extraction] : 1) ||
    (b.density ?? Number.NEGATIVE_INFINITY) - (a.density ?? Number.NEGATIVE_INFINITY) ||
    b.chars - a.chars ||
    (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)
  );
}
