// How trustworthy OCR text is, 0..1, from its words: tesseract's own confidence, the share of words an English
// lexicon knows, and the share of tokens no reader would call a word. Kept with its components as scores, so the
// ocr_quality filter (filters/ocr-quality.ts) and the density ranking can use either.
import { englishWords } from "../layout/english-lexicon.js";
import type { TextRun } from "../layout/types.js";

/** Provisional weights: set by judgement on the scanned set (clean scans ≈ 0.9, figure noise lower), not fitted. */
export const OCR_QUALITY_WEIGHTS = { confidence: 0.5, dictionary: 0.3, clean: 0.2 } as const;

export interface OcrQuality {
  /** Weighted combination of the components below, 0..1. */
  score: number;
  /** Mean tesseract word confidence weighted by word length, 0..1. */
  meanConfidence: number;
  /** Share of alphabetic words (two letters or more) found in the English lexicon. */
  dictionaryShare: number;
  /** Share of tokens that are symbol soup: no letter or digit, or letters mixed with stray symbols. */
  garbageShare: number;
  words: number;
}

const EDGE_PUNCTUATION = /^[("'[{]+|[)"'\]}.,;:!?]+$/g;
const ALPHABETIC = /^\p{L}+(?:[-']\p{L}+)*$/u;
const NUMERIC = /^[+-]?[\d.,:/%]+$/;
const WORD_CHAR = /[\p{L}\p{N}]/u;
/** Chars that belong inside real tokens: letters, digits, marks and the punctuation of formulas and citations. */
const TOKEN_CHAR = /^[\p{L}\p{N}\p{M}\-'.,:;/%+=<>()[\]{}*^_@#&$~|]$/u;

function isGarbage(token: string): boolean {
  if (!WORD_CHAR.test(token)) return token.length > 1;
  for (const char of token) if (!TOKEN_CHAR.test(char)) return true;
  return false;
}

export function ocrQuality(runs: Iterable<TextRun>): OcrQuality {
  const lexicon = englishWords();
  let words = 0;
  let confidenceSum = 0;
  let confidenceWeight = 0;
  let alphabetic = 0;
  let known = 0;
  let garbage = 0;
  for (const run of runs) {
    if (run.confidence === undefined) continue;
    const token = run.str.trim();
    if (token === "") continue;
    words++;
    confidenceSum += run.confidence * token.length;
    confidenceWeight += token.length;
    if (isGarbage(token)) garbage++;
    const bare = token.replace(EDGE_PUNCTUATION, "");
    if (bare.length >= 2 && ALPHABETIC.test(bare) && !NUMERIC.test(bare)) {
      alphabetic++;
      if (lexicon.has(bare.toLowerCase())) known++;
    }
  }
  const meanConfidence = confidenceWeight > 0 ? confidenceSum / confidenceWeight / 100 : 0;
  const dictionaryShare = alphabetic > 0 ? known / alphabetic : 0;
  const garbageShare = words > 0 ? garbage / words : 0;
  const w = OCR_QUALITY_WEIGHTS;
  const score =
    words === 0 ? 0 : w.confidence * meanConfidence + w.dictionary * dictionaryShare + w.clean * (1 - garbageShare);
  return { score, meanConfidence, dictionaryShare, garbageShare, words };
}

/** The score columns OCR adds; shards declare them up front. */
export const OCR_QUALITY_SCORES = [
  "ocr_quality",
  "ocr_mean_confidence",
  "ocr_dictionary_share",
  "ocr_garbage_share",
] as const;

/** The doc.scores entries: `ocr_quality` plus its components. */
export function ocrQualityScores(quality: OcrQuality): Record<string, number> {
  return {
    ocr_quality: quality.score,
    ocr_mean_confidence: quality.meanConfidence,
    ocr_dictionary_share: quality.dictionaryShare,
    ocr_garbage_share: quality.garbageShare,
  };
}
