// arXiv identifiers and the stamp arXiv prints down page 1's margin ("arXiv:1706.03762v5 [cs.CL] 6 Dec 2017").
// Ids are new-style ("1706.03762") or old-style ("math/0406077"). Old stamps also write the subject class into an
// old-style id ("math.GT/0309136"); arXiv's metadata and file names do not, so every id assay records is canonical:
// archive/number without class, no "arXiv:" prefix, no version. One id per paper is what lets dedup join versions
// seen through a stamp and through a file name, and the licence join find the paper in arXiv's metadata.

// An id's first four digits are the year and month it was submitted: a "stamp" of month 00 or 13-99 is a misread or a
// mangled one (OCR, digits scrambled in a copy), which names no paper or the wrong one, and is not taken for a stamp.
/** An id's month, as a pattern. */
export const ARXIV_MONTH = "(?:0[1-9]|1[0-2])";
const ID = String.raw`\d{2}${ARXIV_MONTH}\.\d{4,5}|[a-z-]+(?:\.[A-Z]{2})?\/\d{2}${ARXIV_MONTH}\d{3}`;
const DATE = String.raw`\d{1,2}\s+[A-Z][a-z]{2}\s+\d{4}`;

/** In margin text already known to be the stamp: the version, [category] and date are optional. */
const MARGIN_STAMP = new RegExp(String.raw`arXiv:\s*(${ID})(?:v(\d+))?\s*(?:\[([^\]]+)\])?\s*(${DATE})?`);

/**
 * In body text: version, [category] and date are required, since they are what tell the stamp apart from an arXiv
 * id cited in the references.
 */
const BODY_STAMP = new RegExp(String.raw`arXiv:(${ID})v(\d+)\s*\[([A-Za-z.-]+)\]\s*(${DATE})`);
const BODY_STAMPS = new RegExp(BODY_STAMP.source, "g");

/** Anywhere in a line: an arXiv id, bare or with "arXiv:" and a version (a stamp's pieces as OCR reads them). */
const ANY_ID = new RegExp(String.raw`(?:^|[^\w.])(?:arXiv:\s*)?(?:${ID})(?:v\d+)?(?![\w.]*\d)`);

const OLD_STYLE_CLASS = /^([a-z-]+)\.[a-z]{2}\//i;
const VERSION = /v\d+$/;

export interface ArxivStamp {
  /** Canonical: see canonicalArxivId. */
  id: string;
  version: number | null;
  category: string | null;
  /** The stamp's date as written, e.g. "6 Dec 2017". */
  date: string | null;
}

/** "arXiv:math.GT/0309136v2" → "math/0309136"; "1706.03762v5" → "1706.03762". */
export function canonicalArxivId(id: string): string {
  return id
    .trim()
    .replace(/^arxiv:/i, "")
    .replace(VERSION, "")
    .replace(OLD_STYLE_CLASS, "$1/")
    .toLowerCase();
}

/** An id as a user's record may write it ("arXiv:1706.03762v5"): canonical, and the version it carried if any. */
export function splitArxivId(raw: string): { id: string; version: number | null } {
  const version = /v(\d+)\s*$/.exec(raw);
  return { id: canonicalArxivId(raw), version: version ? Number(version[1]) : null };
}

/** The stamp in the rotated margin text of page 1, or null. */
export function parseMarginStamp(text: string): ArxivStamp | null {
  return stampOf(MARGIN_STAMP.exec(text));
}

/** The stamp in a paper's extracted text (first occurrence), or null. */
export function findStampInText(text: string): ArxivStamp | null {
  return stampOf(BODY_STAMP.exec(text));
}

/** Whether `text` holds an arXiv id anywhere ("arXiv:1810.04805v1", "1706.03762v5 best models", "math/0406077"). */
export function holdsArxivId(text: string): boolean {
  return ANY_ID.test(text);
}

/** The text with every stamp replaced by a space (stamps differ between versions of one paper). */
export function withoutStamps(text: string): string {
  return text.replace(BODY_STAMPS, " ");
}

function stampOf(m: RegExpExecArray | null): ArxivStamp | null {
  if (!m || m[1] === undefined) return null;
  return {
    id: canonicalArxivId(m[1]),
    version: m[2] === undefined ? null : Number(m[2]),
    category: m[3]?.trim() ?? null,
    date: m[4]?.replace(/\s+/g, " ") ?? null,
  };
}
