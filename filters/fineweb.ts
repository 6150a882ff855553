// FineWeb quality rules (Penedo et al. 2024), with datatrove 0.10's semantics: share of lines ending in terminal
// punctuation, share of short lines, characters in duplicated lines, and newlines per word (list-like pages).
import type { Decision, Filter } from "../src/decision.js";
import type { Scores } from "../src/doc.js";
import { findDuplicates } from "./gopher-repetition.js";
import type { TokenizedDoc } from "./tokenized-doc.js";
import { pyStrip } from "./tokenizer.js";

export const FINEWEB_DEFAULTS = {
  linePunctThreshold: 0.12,
  linePunctExcludeZero: false,
  shortLineThreshold: 0.67,
  shortLineLength: 30,
  charDuplicatesRatio: 0.01,
  newLineRatio: 0.3,
};
/** datatrove's TERMINAL_PUNCTUATION: the Unicode sentence terminators (`.`, `!`, `?`, `。`, `।`, ...). */
const ENDS_WITH_TERMINAL = /\p{Sentence_Terminal}$/u;

export type FineWebOptions = typeof FINEWEB_DEFAULTS;
export type FineWebReason = "empty" | "line_punct_ratio" | "short_line_ratio" | "char_dup_ratio" | "list_ratio";

export const FINEWEB_SCORES = [
  "fineweb_line_punct_ratio",
  "fineweb_short_line_ratio",
  "fineweb_char_dup_ratio",
  "fineweb_newline_per_word",
] as const;

export function fineweb(tdoc: TokenizedDoc, opts: FineWebOptions = FINEWEB_DEFAULTS): Decision<FineWebReason> {
  const text = tdoc.text;
  const lines = text.split("\n").filter((line) => pyStrip(line) !== "");
  const scores: Scores = {};
  if (lines.length === 0) return { keep: false, reason: "empty", scores };
  const lengthOf = (s: string) => tdoc.lengthOf(s);

  let punctLines = 0;
  let shortLines = 0;
  for (const line of lines) {
    if (ENDS_WITH_TERMINAL.test(line)) punctLines++;
    if (lengthOf(line) <= opts.shortLineLength) shortLines++;
  }
  const linePunct = punctLines / lines.length;
  const shortLine = shortLines / lines.length;
  let newlines = 0;
  for (let i = text.indexOf("\n"); i !== -1; i = text.indexOf("\n", i + 1)) newlines++;
  const charDup = findDuplicates(lines, lengthOf)[1] / (tdoc.length - newlines);
  const newlinePerWord = newlines / tdoc.wordCount;
  scores.fineweb_line_punct_ratio = linePunct;
  scores.fineweb_short_line_ratio = shortLine;
  scores.fineweb_char_dup_ratio = charDup;
  scores.fineweb_newline_per_word = newlinePerWord;

  const drop = (reason: FineWebReason): Decision<FineWebReason> => ({ keep: false, reason, scores });
  if (linePunct < opts.linePunctThreshold && !(linePunct === 0 && opts.linePunctExcludeZero))
    return drop("line_punct_ratio");
  if (shortLine > opts.shortLineThreshold) return drop("short_line_ratio");
  if (charDup > opts.charDuplicatesRatio) return drop("char_dup_ratio");
  if (newlinePerWord > opts.newLineRatio) return drop("list_ratio");
  return { keep: true, scores };
}

export function finewebFilter(opts: FineWebOptions = FINEWEB_DEFAULTS): Filter<TokenizedDoc, FineWebReason> {
  return { name: "fineweb", decide: (tdoc) => fineweb(tdoc, opts) };
}
