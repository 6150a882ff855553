// Gopher repetition rules (Rae et al. 2021, table A1), with datatrove 0.10's semantics: duplicated paragraphs and
// lines (by count and by characters), the share of text in the most frequent 2-4-gram, and the share of text covered
// by repeated 5-10-grams. Character fractions are over the document length in code points, as Python counts.
import type { Decision, Filter } from "../src/decision.js";
import type { Scores } from "../src/doc.js";
import { pyStrip, type TokenizedDoc } from "./tokenized-doc.js";

export const GOPHER_REPETITION_DEFAULTS = {
  dupLineFrac: 0.3,
  dupParaFrac: 0.3,
  dupLineCharFrac: 0.2,
  dupParaCharFrac: 0.2,
  /** [n, max share of text in the single most frequent n-gram] */
  topNGrams: [
    [2, 0.2],
    [3, 0.18],
    [4, 0.16],
  ] as ReadonlyArray<readonly [number, number]>,
  /** [n, max share of text in n-grams that repeat an earlier one] */
  dupNGrams: [
    [5, 0.15],
    [6, 0.14],
    [7, 0.13],
    [8, 0.12],
    [9, 0.11],
    [10, 0.1],
  ] as ReadonlyArray<readonly [number, number]>,
};
export type GopherRepetitionOptions = typeof GOPHER_REPETITION_DEFAULTS;

export type GopherRepetitionReason =
  | "dup_para_frac"
  | "dup_para_char_frac"
  | "dup_line_frac"
  | "dup_line_char_frac"
  | `top_${number}_gram`
  | `duplicated_${number}_n_grams`;

export function gopherRepetitionScoreNames(opts: GopherRepetitionOptions = GOPHER_REPETITION_DEFAULTS): string[] {
  return [
    "gopher_repetition_dup_para_frac",
    "gopher_repetition_dup_para_char_frac",
    "gopher_repetition_dup_line_frac",
    "gopher_repetition_dup_line_char_frac",
    ...opts.topNGrams.map(([n]) => `gopher_repetition_top_${n}_gram_frac`),
    ...opts.dupNGrams.map(([n]) => `gopher_repetition_dup_${n}_gram_frac`),
  ];
}

/** Elements equal to an earlier element: how many, and how many characters they hold. */
export function findDuplicates(items: readonly string[], lengthOf: (s: string) => number): [number, number] {
  const seen = new Set<string>();
  let elements = 0;
  let chars = 0;
  for (const item of items) {
    if (seen.has(item)) {
      elements++;
      chars += lengthOf(item);
    } else {
      seen.add(item);
    }
  }
  return [elements, chars];
}

/** Characters of the most frequent space-joined n-gram times its count (ties: the first seen, as Counter does). */
function topNGramChars(words: readonly string[], n: number, lengthOf: (s: string) => number): number {
  const counts = new Map<string, number>();
  for (let i = 0; i + n <= words.length; i++) {
    const gram = words.slice(i, i + n).join(" ");
    counts.set(gram, (counts.get(gram) ?? 0) + 1);
  }
  let best = "";
  let bestCount = 0;
  for (const [gram, count] of counts) {
    if (count > bestCount) {
      best = gram;
      bestCount = count;
    }
  }
  return lengthOf(best) * bestCount;
}

/**
 * Characters in n-grams that repeat an earlier n-gram, skipping past each repeat (datatrove's find_all_duplicate;
 * its n-grams are the words concatenated without separator).
 */
function repeatedNGramChars(words: readonly string[], n: number, lengthOf: (s: string) => number): number {
  const seen = new Set<string>();
  let chars = 0;
  let i = 0;
  while (i < words.length - n + 1) {
    const gram = words.slice(i, i + n).join("");
    if (seen.has(gram)) {
      chars += lengthOf(gram);
      i += n;
    } else {
      seen.add(gram);
      i++;
    }
  }
  return chars;
}

const PARAGRAPH_BREAK = /\n{2,}/;
const LINE_BREAKS = /\n+/;

export function gopherRepetition(
  tdoc: TokenizedDoc,
  opts: GopherRepetitionOptions = GOPHER_REPETITION_DEFAULTS,
): Decision<GopherRepetitionReason> {
  const text = tdoc.text;
  const textLength = tdoc.length;
  const lengthOf = (s: string) => tdoc.lengthOf(s);
  const scores: Scores = {};
  const drop = (reason: GopherRepetitionReason): Decision<GopherRepetitionReason> => ({ keep: false, reason, scores });

  const paragraphs = pyStrip(text).split(PARAGRAPH_BREAK);
  const [dupParas, dupParaChars] = findDuplicates(paragraphs, lengthOf);
  scores.gopher_repetition_dup_para_frac = dupParas / paragraphs.length;
  scores.gopher_repetition_dup_para_char_frac = dupParaChars / textLength;
  const lines = text.split(LINE_BREAKS);
  const [dupLines, dupLineChars] = findDuplicates(lines, lengthOf);
  scores.gopher_repetition_dup_line_frac = dupLines / lines.length;
  scores.gopher_repetition_dup_line_char_frac = dupLineChars / textLength;

  let reason: GopherRepetitionReason | null = null;
  if (scores.gopher_repetition_dup_para_frac > opts.dupParaFrac) reason = "dup_para_frac";
  else if (scores.gopher_repetition_dup_para_char_frac > opts.dupParaCharFrac) reason = "dup_para_char_frac";
  else if (scores.gopher_repetition_dup_line_frac > opts.dupLineFrac) reason = "dup_line_frac";
  else if (scores.gopher_repetition_dup_line_char_frac > opts.dupLineCharFrac) reason = "dup_line_char_frac";

  const words = tdoc.words;
  for (const [n, maxFrac] of opts.topNGrams) {
    if (words.length < n) continue; // datatrove skips an n with no n-grams
    const frac = topNGramChars(words, n, lengthOf) / textLength;
    scores[`gopher_repetition_top_${n}_gram_frac`] = frac;
    if (reason === null && frac > maxFrac) reason = `top_${n}_gram`;
  }
  for (const [n, maxFrac] of opts.dupNGrams) {
    const frac = repeatedNGramChars(words, n, lengthOf) / textLength;
    scores[`gopher_repetition_dup_${n}_gram_frac`] = frac;
    if (reason === null && frac > maxFrac) reason = `duplicated_${n}_n_grams`;
  }
  return reason === null ? { keep: true, scores } : drop(reason);
}

export function gopherRepetitionFilter(
  opts: GopherRepetitionOptions = GOPHER_REPETITION_DEFAULTS,
): Filter<TokenizedDoc, GopherRepetitionReason> {
  return { name: "gopher_repetition", decide: (tdoc) => gopherRepetition(tdoc, opts) };
}
