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
