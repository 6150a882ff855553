// Running prose or not: slide decks, posters, forms and tables-only PDFs parse fine but carry little text per page
// and mostly short lines. Measured on the 52 born-digital papers and the slide deck of corpus/pdf/broken: the deck
// has 256-270 characters per page, the papers at least 2,767 (pdf.js) to 3,000+ (pdftotext). The share of characters
// in lines of 8+ words depends on how the extractor breaks lines (deck 0.45-0.46; papers 0.66-0.96 with pdftotext
// but 0.46-0.81 with pdf.js end-of-line marks), so it is only a backstop for text without a page count.
import type { Decision, Filter } from "../src/decision.js";
import type { Scores } from "../src/doc.js";
import type { TokenizedDoc } from "./tokenized-doc.js";
import { pyStrip } from "./tokenizer.js";

export const PROSE_SHAPE_DEFAULTS = {
  /** A line of at least this many words counts as running prose. */
  proseLineWords: 8,
  /** Below every paper under either extractor (0.46): catches only text that is almost all short lines. */
  minProseCharShare: 0.35,
  /** Applied when the page count is known: 4× the deck, under a third of the sparsest paper. */
  minCharsPerPage: 1000,
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
  const perPage = scores.prose_chars_per_page;
  if (perPage !== undefined && perPage < opts.minCharsPerPage) return { keep: false, reason: "sparse_pages", scores };
  if (share < opts.minProseCharShare) return { keep: false, reason: "not_running_prose", scores };
  return { keep: true, scores };
}

export function proseShapeFilter(
  opts: ProseShapeOptions = PROSE_SHAPE_DEFAULTS,
): Filter<TokenizedDoc, ProseShapeReason> {
  return { name: "prose_shape", decide: (tdoc) => proseShape(tdoc, opts) };
}
