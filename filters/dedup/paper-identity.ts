// What a paper says about itself: its arXiv id and version (the stamp arXiv prints down the first page's margin,
// e.g. "arXiv:1706.03762v5 [cs.CL] 6 Dec 2017") and its opening (title, authors, abstract), which survives the
// trip from arXiv to the proceedings while the body gets revised.
import { canonicalArxivId, findStampInText, withoutStamps } from "../../src/arxiv-id.js";
import type { Doc } from "../../src/doc.js";

export interface ArxivIdentity {
  id: string;
  version: number | null;
}

/** doc.meta when ingest or the input record filled it, else the stamp in the text; the id is canonical. */
export function arxivIdentity(doc: Doc): ArxivIdentity | null {
  if (doc.meta.arxiv_id) return { id: canonicalArxivId(doc.meta.arxiv_id), version: doc.meta.arxiv_version };
  const stamp = findStampInText(doc.text);
  return stamp && { id: stamp.id, version: stamp.version };
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
  const text = withoutStamps(doc.text);
  const opening: string[] = [];
  WORD.lastIndex = 0;
  for (let m = WORD.exec(text); m && opening.length < words; m = WORD.exec(text)) opening.push(m[0]);
  const joined = opening.join(" ");
  return arxivIdentity(doc) || ABSTRACT.test(joined) ? joined : null;
}
