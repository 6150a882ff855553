// OCR garbage: ingest scores each OCR'd document 0..1 (`doc.scores.ocr_quality`, e.g. from tesseract word
// confidences); born-digital text carries no such score and always passes.
import { OCR_QUALITY_WEIGHTS } from "../ingest/ocr/ocr-quality.js";
import type { Decision, Filter } from "../src/decision.js";
import type { Scores } from "../src/doc.js";
import type { TokenizedDoc } from "./tokenized-doc.js";

export const OCR_QUALITY_DEFAULTS = {
  /** Provisional: no scored OCR output was available to measure against when it was set. */
  minScore: 0.5,
};
export type OcrQualityOptions = typeof OCR_QUALITY_DEFAULTS;
export type OcrQualityReason = "ocr_low_quality";

export function ocrQuality(
  tdoc: TokenizedDoc,
  opts: OcrQualityOptions = OCR_QUALITY_DEFAULTS,
): Decision<OcrQualityReason> {
  const score = tdoc.doc.scores.ocr_quality;
  if (score === undefined || score >= opts.minScore) return { keep: true, scores: {} };
  return { keep: false, reason: "ocr_low_quality", scores: {}, detail: shortfall(tdoc.doc.scores, score, opts) };
}

/** The parts of ocr_quality (ingest/ocr/ocr-quality.ts): the score column of each, and what it costs the document. */
const PARTS = [
  {
    what: "word confidence",
    column: "ocr_mean_confidence",
    cost: (v: number) => OCR_QUALITY_WEIGHTS.confidence * (1 - v),
  },
  {
    what: "known words",
    column: "ocr_dictionary_share",
    cost: (v: number) => OCR_QUALITY_WEIGHTS.dictionary * (1 - v),
  },
  { what: "garbage tokens", column: "ocr_garbage_share", cost: (v: number) => OCR_QUALITY_WEIGHTS.clean * v },
] as const;

/**
 * Why the document fell short: its score against the minimum, and the part that cost it the most points when its
 * parts were scored (a record read with `ocr_quality` alone has none).
 */
function shortfall(scores: Scores, score: number, opts: OcrQualityOptions): string {
  const head = `ocr_quality ${figure(score)}, under the minimum of ${opts.minScore}`;
  let worst: { what: string; column: string; value: number; cost: number } | null = null;
  for (const { what, column, cost } of PARTS) {
    const value = scores[column];
    if (value !== undefined && (worst === null || cost(value) > worst.cost))
      worst = { what, column, value, cost: cost(value) };
  }
  return worst === null ? head : `${head}; most lost on ${worst.what} (${worst.column} ${figure(worst.value)})`;
}

/** Three decimals, cut rather than rounded: a score just under the minimum never reads as the minimum. */
function figure(value: number): string {
  return String(Math.floor(value * 1000) / 1000);
}

export function ocrQualityFilter(
  opts: OcrQualityOptions = OCR_QUALITY_DEFAULTS,
): Filter<TokenizedDoc, OcrQualityReason> {
  return { name: "ocr_quality", decide: (tdoc) => ocrQuality(tdoc, opts) };
}
