// Gopher quality rules (Rae et al. 2021, "Scaling Language Models", appendix A), with datatrove 0.10's semantics:
// checks in datatrove's order, words from the spaCy tokenizer, "symbol" words made only of datatrove's punctuation.
import type { Decision, Filter } from "../src/decision.js";
import type { Scores } from "../src/doc.js";
import type { TokenizedDoc } from "./tokenized-doc.js";

export const GOPHER_QUALITY_DEFAULTS = {
  minDocWords: 50,
  maxDocWords: 100_000,
  minAvgWordLength: 3,
  maxAvgWordLength: 10,
  maxSymbolWordRatio: 0.1,
  maxBulletLinesRatio: 0.9,
  maxEllipsisLinesRatio: 0.3,
  /** Despite datatrove's name: the minimum share of words holding at least one letter. */
  maxNonAlphaWordsRatio: 0.8,
  minStopWords: 2,
  stopWords: ["the", "be", "to", "of", "and", "that", "have", "with"] as readonly string[],
};
export type GopherQualityOptions = typeof GOPHER_QUALITY_DEFAULTS;

export const GOPHER_QUALITY_REASONS = [
  "gopher_short_doc",
  "gopher_long_doc",
  "gopher_below_avg_threshold",
  "gopher_above_avg_threshold",
  "gopher_too_many_hashes",
  "gopher_too_many_ellipsis",
  "gopher_too_many_bullets",
  "gopher_too_many_end_ellipsis",
  "gopher_below_alpha_threshold",
  "gopher_enough_stop_words",
] as const;
export type GopherQualityReason = (typeof GOPHER_QUALITY_REASONS)[number];

/** datatrove's utils.text.PUNCTUATION: a word made only of these characters is a symbol, not a word. */
const PUNCTUATION = new Set(
  [..."!/—”:％１〈&(、━\\【#%「」，】；+^]~“《„';’{|∶´[=-`*．（–？！：$～«〉,><》)?）。…@_.\"}►»"].concat(
    [
      [0, 9],
      [11, 13],
      [13, 32],
      [127, 160],
    ].flatMap(([a, b]) =>
      Array.from({ length: (b as number) - (a as number) }, (_, i) => String.fromCharCode((a as number) + i)),
    ),
  ),
);
const LETTER = /\p{L}/u;

export const GOPHER_QUALITY_SCORES = [
  "gopher_quality_n_words",
  "gopher_quality_mean_word_length",
  "gopher_quality_hash_ratio",
  "gopher_quality_ellipsis_ratio",
  "gopher_quality_bullet_lines_ratio",
  "gopher_quality_end_ellipsis_lines_ratio",
  "gopher_quality_alpha_words_ratio",
  "gopher_quality_stop_words",
] as const;

function isSymbolWord(word: string): boolean {
  for (const ch of word) if (!PUNCTUATION.has(ch)) return false;
  return true;
}

function countOccurrences(text: string, needle: string): number {
  let count = 0;
  for (let i = text.indexOf(needle); i !== -1; i = text.indexOf(needle, i + needle.length)) count++;
  return count;
}

function isBulletLine(line: string): boolean {
  const s = line.trimStart();
  return s.startsWith("•") || s.startsWith("-");
}

function isEllipsisLine(line: string): boolean {
  const s = line.trimEnd();
  return s.endsWith("...") || s.endsWith("…");
}

export function gopherQuality(
  tdoc: TokenizedDoc,
  opts: GopherQualityOptions = GOPHER_QUALITY_DEFAULTS,
): Decision<GopherQualityReason> {
  const { text, words, lines } = tdoc;
  const stopWords = new Set(opts.stopWords);
  let nonSymbolWords = 0;
  let nonSymbolChars = 0;
  let alphaWords = 0;
  let stopWordCount = 0;
  for (const w of words) {
    if (!isSymbolWord(w)) {
      nonSymbolWords++;
      nonSymbolChars += tdoc.lengthOf(w);
    }
    if (LETTER.test(w)) alphaWords++;
    if (stopWords.has(w)) stopWordCount++;
  }
  const nWords = words.length;
  const meanWordLength = nonSymbolWords > 0 ? nonSymbolChars / nonSymbolWords : Number.NaN;
  const hashRatio = countOccurrences(text, "#") / nWords;
  const ellipsisRatio = (countOccurrences(text, "...") + countOccurrences(text, "…")) / nWords;
  let bulletLines = 0;
  let ellipsisLines = 0;
  for (const line of lines) {
    if (isBulletLine(line)) bulletLines++;
    if (isEllipsisLine(line)) ellipsisLines++;
  }
  const bulletRatio = bulletLines / lines.length;
  const endEllipsisRatio = ellipsisLines / lines.length;
  const alphaRatio = alphaWords / nWords;
  const scores: Scores = {
    gopher_quality_n_words: nonSymbolWords,
    gopher_quality_mean_word_length: meanWordLength,
    gopher_quality_hash_ratio: hashRatio,
    gopher_quality_ellipsis_ratio: ellipsisRatio,
    gopher_quality_bullet_lines_ratio: bulletRatio,
    gopher_quality_end_ellipsis_lines_ratio: endEllipsisRatio,
    gopher_quality_alpha_words_ratio: alphaRatio,
    gopher_quality_stop_words: stopWordCount,
  };
  const drop = (reason: GopherQualityReason): Decision<GopherQualityReason> => ({ keep: false, reason, scores });

  // The order of datatrove's checks decides the reason when several rules fail. NaN compares false, as in numpy.
  if (nonSymbolWords < opts.minDocWords) return drop("gopher_short_doc");
  if (nonSymbolWords > opts.maxDocWords) return drop("gopher_long_doc");
  if (meanWordLength < opts.minAvgWordLength) return drop("gopher_below_avg_threshold");
  if (meanWordLength > opts.maxAvgWordLength) return drop("gopher_above_avg_threshold");
  if (hashRatio > opts.maxSymbolWordRatio) return drop("gopher_too_many_hashes");
  if (ellipsisRatio > opts.maxSymbolWordRatio) return drop("gopher_too_many_ellipsis");
  if (bulletRatio > opts.maxBulletLinesRatio) return drop("gopher_too_many_bullets");
  if (endEllipsisRatio > opts.maxEllipsisLinesRatio) return drop("gopher_too_many_end_ellipsis");
  if (alphaRatio < opts.maxNonAlphaWordsRatio) return drop("gopher_below_alpha_threshold");
  if (stopWordCount < opts.minStopWords) return drop("gopher_enough_stop_words");
  return { keep: true, scores };
}

export function gopherQualityFilter(
  opts: GopherQualityOptions = GOPHER_QUALITY_DEFAULTS,
): Filter<TokenizedDoc, GopherQualityReason> {
  return { name: "gopher_quality", decide: (tdoc) => gopherQuality(tdoc, opts) };
}
