// OCR garbage: ingest scores each OCR'd document 0..1 (`doc.scores.ocr_quality`, e.g. from tesseract word
// confidences); born-digital text carries no such score and always passes.
import type { Decision, Filter } from "../src/decision.js";
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
  return { keep: false, reason: "ocr_low_quality", scores: {} };
}

export function ocrQualityFilter(
  opts: OcrQualityOptions = OCR_QUALITY_DEFAULTS,
): Filter<TokenizedDoc, OcrQualityReason> {
  return { name: "ocr_quality", decide: (tdoc) => ocrQuality(tdoc, opts) };
}
