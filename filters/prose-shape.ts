// Running prose or not: slide decks, posters, forms and tables-only PDFs parse fine but are mostly short lines and
// little text per page. Measured with pdftotext text: the slide deck in corpus/pdf/broken has 45% of its characters
// in lines of 8+ words and 270 characters per page; the 52 reference papers have 66-96% and thousands per page.
import type { Decision, Filter } from "../src/decision.js";
import type { Scores } from "../src/doc.js";
import type { TokenizedDoc } from "./tokenized-doc.js";
import { pyStrip } from "./tokenizer.js";

export const PROSE_SHAPE_DEFAULTS = {
  /** A line of at least this many words counts as running prose. */
  proseLineWords: 8,
  /** Between the slide deck (0.45) and the least prose-like paper (0.66). */
  minProseCharShare: 0.55,
  /** Applied only when the page count is known and at least minPagesForDensity. */
  minCharsPerPage: 1000,
  minPagesForDensity: 3,
};
export type ProseShapeOptions = typeof PROSE_SHAPE_DEFAULTS;
export type ProseShapeReason = "not_running_prose" | "sparse_pages";
export const PROSE_SHAPE_SCORES = ["prose_char_share", "prose_chars_per_page"] as const;

function wordCount(line: string): number {
  let words = 0;
  let inWord = false;
  for (let i = 0; i < line.length; i++) {
    const c = line.charCodeAt(i);
    const space = c === 0x20 || c === 0x09;
    if (!space && !inWord) words++;
    inWord = !space;
  }
  return words;
}

export function proseShape(
  tdoc: TokenizedDoc,
  opts: ProseShapeOptions = PROSE_SHAPE_DEFAULTS,
): Decision<ProseShapeReason> {
  let proseChars = 0;
  let totalChars = 0;
  for (const raw of tdoc.lines) {
    const line = pyStrip(raw);
    totalChars += line.length;
    if (wordCount(line) >= opts.proseLineWords) proseChars += line.length;
  }
  const share = totalChars > 0 ? proseChars / totalChars : 0;
  const pages = tdoc.doc.meta.pages;
  const scores: Scores = { prose_char_share: share };
  if (pages !== null && pages > 0) scores.prose_chars_per_page = tdoc.text.length / pages;
  if (share < opts.minProseCharShare) return { keep: false, reason: "not_running_prose", scores };
  const perPage = scores.prose_chars_per_page;
  if (pages !== null && pages >= opts.minPagesForDensity && perPage !== undefined && perPage < opts.minCharsPerPage) {
    return { keep: false, reason: "sparse_pages", scores };
  }
  return { keep: true, scores };
}

export function proseShapeFilter(
  opts: ProseShapeOptions = PROSE_SHAPE_DEFAULTS,
): Filter<TokenizedDoc, ProseShapeReason> {
  return { name: "prose_shape", decide: (tdoc) => proseShape(tdoc, opts) };
}
