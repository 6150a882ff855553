// C4 quality rules (Raffel et al. 2020, section 2.2; tensorflow_datasets c4_utils), with datatrove 0.10's semantics.
// Lines are judged one by one; failing lines are only removed, while `lorem ipsum` or a curly bracket in a line that
// survives the line rules drops the document, and so do fewer than 5 sentences in the lines kept. Removing the lines
// from the text is optional (`c4RemoveLines`): decisions are made on the original text, as in the reference runs.
import type { Decision, Filter } from "../src/decision.js";
import type { Scores } from "../src/doc.js";
import { pyLen, pySplit, type TokenizedDoc } from "./tokenized-doc.js";
import { pyStrip, splitSentences } from "./tokenizer.js";

export const C4_DEFAULTS = {
  removeCitations: true,
  filterNoTerminalPunct: true,
  minNumSentences: 5,
  minWordsPerLine: 3,
  maxWordLength: 1000,
  filterLoremIpsum: true,
  filterJavascript: true,
  filterCurlyBracket: true,
  filterPolicy: true,
};
export type C4Options = typeof C4_DEFAULTS;
export type C4Reason = "lorem_ipsum" | "curly_bracket" | "too_few_sentences";

export const C4_SCORES = ["c4_lines", "c4_lines_kept", "c4_sentences"] as const;

const CITATION = /\[\d*]|\[edit]|\[citation needed]/g;
const END_PUNCTUATION = [".", "?", "!", '"', "'"];
const POLICY_SUBSTRINGS = [
  "terms of use",
  "privacy policy",
  "cookie policy",
  "uses cookies",
  "use of cookies",
  "use cookies",
];

interface C4Outcome {
  reason: C4Reason | null;
  keptLines: string[];
  sentences: number;
}

function judgeLines(lines: readonly string[], opts: C4Options): C4Outcome {
  const keptLines: string[] = [];
  let sentences = 0;
  for (const raw of lines) {
    let line = pyStrip(raw);
    const words = pySplit(line);
    if (opts.maxWordLength !== -1 && words.some((w) => w.length > opts.maxWordLength && pyLen(w) > opts.maxWordLength))
      continue;
    if (opts.removeCitations) line = line.replace(CITATION, "");
    if (opts.filterNoTerminalPunct && (!END_PUNCTUATION.some((p) => line.endsWith(p)) || line.endsWith("...")))
      continue;
    if (words.length < opts.minWordsPerLine) continue;
    const lower = line.toLowerCase();
    if (opts.filterLoremIpsum && lower.includes("lorem ipsum")) return { reason: "lorem_ipsum", keptLines, sentences };
    if (opts.filterJavascript && lower.includes("javascript")) continue;
    if (opts.filterCurlyBracket && line.includes("{")) return { reason: "curly_bracket", keptLines, sentences };
    if (opts.filterPolicy && POLICY_SUBSTRINGS.some((p) => lower.includes(p))) continue;
    sentences += splitSentences(line).length;
    keptLines.push(line);
  }
  return { reason: sentences < opts.minNumSentences ? "too_few_sentences" : null, keptLines, sentences };
}

export function c4(tdoc: TokenizedDoc, opts: C4Options = C4_DEFAULTS): Decision<C4Reason> {
  const lines = tdoc.lines;
  const { reason, keptLines, sentences } = judgeLines(lines, opts);
  const scores: Scores = { c4_lines: lines.length, c4_lines_kept: keptLines.length, c4_sentences: sentences };
  return reason === null ? { keep: true, scores } : { keep: false, reason, scores };
}

/** The text C4 would keep: the lines that pass every line rule, joined by newlines. */
export function c4RemoveLines(tdoc: TokenizedDoc, opts: C4Options = C4_DEFAULTS): string {
  return judgeLines(tdoc.lines, opts).keptLines.join("\n").trim();
}

export function c4Filter(opts: C4Options = C4_DEFAULTS): Filter<TokenizedDoc, C4Reason> {
  return { name: "c4", decide: (tdoc) => c4(tdoc, opts) };
}
