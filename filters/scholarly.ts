// Scholarly apparatus: references to figures, tables and equations, "et al." citations, an Abstract and a
// References heading. Real papers carry dozens; man pages, changelogs and licences almost none. Measured on the
// reference sets: every one of 52 papers has at least 11 markers; of 895 man pages, changelogs and licences, two
// have 4 or 5 and all others at most 1.
import type { Decision, Filter } from "../src/decision.js";
import type { TokenizedDoc } from "./tokenized-doc.js";

export const SCHOLARLY_DEFAULTS = {
  /** Far below the fewest markers of a real paper (11), above almost every non-paper (≤ 1, two at 4-5). */
  minMarkers: 4,
};
export type ScholarlyOptions = typeof SCHOLARLY_DEFAULTS;
export type ScholarlyReason = "not_scholarly";
export const SCHOLARLY_SCORES = ["scholarly_markers"] as const;

const FIGURE_REFERENCE = /\b(?:Figure|Fig\.|Table|Eq\.|Equation)\s*\(?\d/g;
const ET_AL = /\bet al\./g;
const REFERENCES_HEADING = /^[ \t]*(?:\d+\.?[ \t]*)?(?:References|REFERENCES|Bibliography|BIBLIOGRAPHY)[ \t]*$/m;
const ABSTRACT = /\bAbstract\b|\bABSTRACT\b/;

function count(text: string, pattern: RegExp): number {
  let n = 0;
  pattern.lastIndex = 0;
  while (pattern.exec(text) !== null) n++;
  return n;
}

export function scholarlyMarkers(text: string): number {
  return (
    count(text, FIGURE_REFERENCE) +
    count(text, ET_AL) +
    (REFERENCES_HEADING.test(text) ? 1 : 0) +
    (ABSTRACT.test(text.slice(0, 5000)) ? 1 : 0)
  );
}

export function scholarly(tdoc: TokenizedDoc, opts: ScholarlyOptions = SCHOLARLY_DEFAULTS): Decision<ScholarlyReason> {
  const markers = scholarlyMarkers(tdoc.text);
  const scores = { scholarly_markers: markers };
  return markers < opts.minMarkers ? { keep: false, reason: "not_scholarly", scores } : { keep: true, scores };
}

export function scholarlyFilter(opts: ScholarlyOptions = SCHOLARLY_DEFAULTS): Filter<TokenizedDoc, ScholarlyReason> {
  return { name: "scholarly", decide: (tdoc) => scholarly(tdoc, opts) };
}
