// Which fonts of a page are typewriter fonts: lines set in them are code listings, program output or verbatim text,
// whose line breaks and indentation are part of the content (ingest/layout/reading-order.ts keeps them).
//
// pdf.js's own "monospace" is no help: it says so for any font whose widths are all equal, which a subset of one or
// two glyphs (CMSY6, MSBM10 in papers) always is, and not for TeX's typewriter fonts, which are not flagged fixed
// pitch. The font's name tells (an ingest edit of pdf.js passes it on, ingest/pdfjs-worker-edits.ts). Glyph advances
// do not: `listings` with flexible columns sets code in Inconsolata at widths that vary by 15% from run to run.
import type { PageInput } from "./types.js";

/**
 * Typewriter faces by name: TeX's (CMTT, the EC/cm-super SFTT and ECTT, TX and Latin Modern's), Inconsolata (zi4),
 * Courier and its clones (URW's Nimbus Mono, psnfss's pcr), and the usual programmers' fonts. "Monotype" is a
 * foundry, not a face.
 */
const TYPEWRITER_NAME =
  /cmtt|sftt|ectt|tctt|txtt|lmmono|mono(?!type)|nimbusmon|courier|pcrr|ucrr|inconsolata|zi4|consol|menlo|monaco|typewriter|sourcecode|firacode|fixedsys/i;

export function isTypewriterName(name: string): boolean {
  return TYPEWRITER_NAME.test(name);
}

/** pdf.js's loaded names (`g_d0_f3`) of the page's typewriter fonts. */
export function typewriterFonts(page: PageInput): Set<string> {
  const fonts = new Set<string>();
  for (const [loadedName, style] of Object.entries(page.styles)) {
    if (style.assayFontName && isTypewriterName(style.assayFontName)) fonts.add(loadedName);
  }
  return fonts;
}
