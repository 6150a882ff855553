// Per-run character cleanup: ligatures expanded, unmapped glyphs dropped, NFKC only where the run is non-ASCII.
// One pass over the chars; pure-ASCII runs (the common case) return unchanged without allocating.
import { BETWEEN_ACCENTS, SPACING_ACCENTS } from "./accents.js";

const LIGATURES: Record<number, string> = {
  64256: "ff",
  64257: "fi",
  64258: "fl",
  64259: "ffi",
  64260: "ffl",
  64261: "st",
  64262: "st",
};

/**
 * Ligatures of TeX's text fonts at control codes: OT1 (Computer Modern) puts ff fi fl ffi ffl at 0x0B-0x0F, T1 (EC,
 * Latin Modern) at 0x1B-0x1F. A Type 3 font (dvips bitmaps) without a ToUnicode map gives those codes through as they
 * are, and dropping them read "coefficients" as "coecients" and "finally" as "nally" (pdftotext does the same).
 * They are read as ligatures only next to a letter, where a ligature stands: codes used as controls (a form feed)
 * stand between words. OT1's ff, fi and fl (vertical tab, form feed, carriage return) would reach here as white
 * space: an edit of pdf.js (ingest/pdfjs-worker-edits.ts) reads them, in fonts that name glyphs by code, first.
 */
const TEX_LIGATURES: Record<number, string> = {
  0x0b: "ff",
  0x0c: "fi",
  0x0d: "fl",
  0x0e: "ffi",
  0x0f: "ffl",
  0x1b: "ff",
  0x1c: "fi",
  0x1d: "fl",
  0x1e: "ffi",
  0x1f: "ffl",
};

function isAsciiLetter(code: number): boolean {
  return (code >= 0x61 && code <= 0x7a) || (code >= 0x41 && code <= 0x5a);
}

/** A run whose chars are mostly unmapped glyphs (math fonts without ToUnicode) is noise, not text. */
export const MAX_UNMAPPED_SHARE = 0.5;

/** No Unicode mapping: U+FFFD, private use area, C0/C1 controls, zero-width marks. */
function isUnmapped(code: number): boolean {
  return (
    code === 0xfffd ||
    (code >= 0xe000 && code <= 0xf8ff) ||
    code < 0x20 ||
    (code >= 0x7f && code < 0xa0) ||
    (code >= 0x200b && code <= 0x200d) ||
    code === 0xfeff
  );
}

/** Clean one run's text; returns "" when the run is mostly unmapped glyphs. */
export function cleanGlyphs(str: string): string {
  let plain = true;
  for (let i = 0; i < str.length; i++) {
    const c = str.charCodeAt(i);
    if (c < 0x20 || c >= 0x7f) {
      plain = false;
      break;
    }
  }
  if (plain) return str;

  let out = "";
  let unmapped = 0;
  let nonAscii = false;
  for (let i = 0; i < str.length; i++) {
    const c = str.charCodeAt(i);
    if (c === 0x09) {
      out += " ";
    } else if (c === 0xad) {
      // Soft hyphen: TeX fonts use it for the end-of-line hyphen; inside a run it is invisible.
      if (i === str.length - 1) out += "-";
    } else if (
      TEX_LIGATURES[c] !== undefined &&
      (isAsciiLetter(str.charCodeAt(i - 1)) || isAsciiLetter(str.charCodeAt(i + 1)))
    ) {
      out += TEX_LIGATURES[c];
    } else if (isUnmapped(c)) {
      unmapped++;
    } else if (LIGATURES[c] !== undefined) {
      out += LIGATURES[c];
    } else {
      if (c >= 0x80) nonAscii = true;
      out += str[i];
    }
  }
  if (unmapped > 0 && unmapped >= MAX_UNMAPPED_SHARE * str.length) return "";
  if (!nonAscii) return out;
  // NFKC folds compatibility forms (full-width letters, superscript digits, µ); the fraction slash it
  // produces for ½ is made a plain slash so "1/2" stays readable. Spacing accents are kept for composeAccents.
  const folded = SPACING_ACCENTS.test(out)
    ? out.replace(BETWEEN_ACCENTS, (s) => s.normalize("NFKC"))
    : out.normalize("NFKC");
  return folded.replaceAll("\u2044", "/");
}
