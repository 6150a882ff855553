// Scholarly apparatus: references to figures, tables, equations and theorems, "et al.", author-year citations, an
// Abstract and a References heading, plus numbered citations and section references counted up to 3 each (man pages
// number their links the same way, licences cite their own sections). Measured: the 52 reference papers have 17+
// markers and 8 of the 9 three-page excerpts of corpus/pdf/scanned 5+ (a tutorial chapter cites only its sections);
// of 895 man pages, changelogs and licences, 2 reach 5.
import type { Decision, Filter } from "../src/decision.js";
import type { TokenizedDoc } from "./tokenized-doc.js";

export const SCHOLARLY_DEFAULTS = {
  /** The fewest markers of any real paper or paper excerpt measured; 0.8% of non-papers reach it. */
  minMarkers: 5,
  /** Numbered citations and section references each count up to this many. */
  maxCappedMarkers: 3,
};
export type ScholarlyOptions = typeof SCHOLARLY_DEFAULTS;
export type ScholarlyReason = "not_scholarly";
export const SCHOLARLY_SCORES = ["scholarly_markers"] as const;

const CROSS_REFERENCE = /\b(?:Figure|Fig\.|Table|Eq\.|Equation|Theorem|Lemma|Definition)\s*\(?\d/g;
const SECTION_REFERENCE = /\b(?:Section|Sect\.)\s*\d/g;
const ET_AL = /\bet al\./g;
const AUTHOR_YEAR =
  /[[(][A-Z][A-Za-z\u00C0-\u017F'-]+(?: and [A-Z][A-Za-z-]+| et al\.)?,? (?:19|20)\d\d[a-z]?[\])]|\b[A-Z][a-z]+ \((?:19|20)\d\d[a-z]?\)/g;
const NUMBERED_CITATION = /\[\d{1,3}(?:[,–-]\s*\d{1,3})*\]/g;
const REFERENCES_HEADING = /^[ \t]*(?:\d+\.?[ \t]*)?(?:References|REFERENCES|Bibliography|BIBLIOGRAPHY)[ \t]*$/m;
const ABSTRACT = /\bAbstract\b|\bABSTRACT\b/;

function count(text: string, pattern: RegExp): number {
  let n = 0;
  pattern.lastIndex = 0;
  while (pattern.exec(text) !== null) n++;
  return n;
}

export function scholarlyMarkers(text: string, opts: ScholarlyOptions = SCHOLARLY_DEFAULTS): number {
  return (
    count(text, CROSS_REFERENCE) +
    count(text, ET_AL) +
    count(text, AUTHOR_YEAR) +
    Math.min(count(text, NUMBERED_CITATION), opts.maxCappedMarkers) +
    Math.min(count(text, SECTION_REFERENCE), opts.maxCappedMarkers) +
    (REFERENCES_HEADING.test(text) ? 1 : 0) +
    (ABSTRACT.test(text.slice(0, 5000)) ? 1 : 0)
  );
}

export function scholarly(tdoc: TokenizedDoc, opts: ScholarlyOptions = SCHOLARLY_DEFAULTS): Decision<ScholarlyReason> {
  const markers = scholarlyMarkers(tdoc.text, opts);
  const scores = { scholarly_markers: markers };
  return markers < opts.minMarkers ? { keep: false, reason: "not_scholarly", scores } : { keep: true, scores };
}

export function scholarlyFilter(opts: ScholarlyOptions = SCHOLARLY_DEFAULTS): Filter<TokenizedDoc, ScholarlyReason> {
  return { name: "scholarly", decide: (tdoc) => scholarly(tdoc, opts) };
}
