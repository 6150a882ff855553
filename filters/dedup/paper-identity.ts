// What a paper says about itself: its arXiv id and version (the stamp arXiv prints down the first page's margin,
// e.g. "arXiv:1706.03762v5 [cs.CL] 6 Dec 2017") and its opening (title, authors, abstract), which survives the
// trip from arXiv to the proceedings while the body gets revised.
import type { Doc } from "../../src/doc.js";

export interface ArxivIdentity {
  id: string;
  version: number | null;
}

// New-style (1706.03762) or old-style (math/0406077, cs.LG/0101001) id, version, [category], date: the date and
// category are what tell the stamp apart from an arXiv id cited in the references.
const STAMP =
  /arXiv:((?:\d{4}\.\d{4,5})|(?:[a-z-]+(?:\.[A-Z]{2})?\/\d{7}))v(\d+)\s*\[[A-Za-z.-]+\]\s*\d{1,2}\s+[A-Z][a-z]{2}\s+\d{4}/;
const STAMP_GLOBAL = new RegExp(STAMP.source, "g");

/** The arXiv stamp of a paper's text, or null. */
export function arxivStamp(text: string): ArxivIdentity | null {
  const m = STAMP.exec(text);
  return m ? { id: m[1] as string, version: Number(m[2]) } : null;
}

/** doc.meta when ingest filled it, else the stamp in the text. */
export function arxivIdentity(doc: Doc): ArxivIdentity | null {
  if (doc.meta.arxiv_id) return { id: doc.meta.arxiv_id, version: doc.meta.arxiv_version };
  return arxivStamp(doc.text);
}

export const OPENING_WORDS = 400;
const WORD = /\S+/g;
const ABSTRACT = /\babstract\b|\ba\s?bstract\b/i;

/**
 * The first `words` words without the arXiv stamp (which differs between versions), or null when the text does
 * not look like a paper: no arXiv identity and no "Abstract" heading in the opening. Man pages and licences share
 * boilerplate openings, so only papers are matched this way.
 */
export function paperOpening(doc: Doc, words = OPENING_WORDS): string | null {
  const text = doc.text.replace(STAMP_GLOBAL, " ");
  const opening: string[] = [];
  WORD.lastIndex = 0;
  for (let m = WORD.exec(text); m && opening.length < words; m = WORD.exec(text)) opening.push(m[0]);
  const joined = opening.join(" ");
  return arxivIdentity(doc) || ABSTRACT.test(joined) ? joined : null;
}
