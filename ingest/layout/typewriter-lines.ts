// Lines set in a typewriter font (ingest/layout/monospace.ts): code listings and program output, whose alignment
// and runs of spaces are content, so each such line also gets its text with every run at its character column.

import { composeAccents } from "./accents.js";
import type { Line, Piece } from "./page-lines.js";
import { SPACE_GAP_EM } from "./run-gaps.js";

/**
 * Share of a line's visible characters in typewriter fonts for the line to count as code: a listing's line numbers
 * and a symbol or two may be in the text font ("5 if d > 0:" is 6 of 7).
 */
export const TYPEWRITER_LINE_SHARE = 0.75;
/** Smallest advance of one typewriter character, in em of the line, that lines are placed by column with. */
export const MIN_TYPEWRITER_ADVANCE_EM = 0.3;
/** Most spaces put between two runs of a code line: alignment, not the width of a page. */
export const MAX_CODE_GAP = 80;

/** The line as code when its row is set in a typewriter font: character advance, text by column, link or not. */
export function withTypewriterText(row: Piece[], line: Line): Line {
  const charWidth = typewriterAdvance(row);
  // Typewriter faces advance 0.5-0.6 em; a font whose runs claim far less (a damaged or hostile width table) would
  // place its runs thousands of columns apart.
  if (!(charWidth >= MIN_TYPEWRITER_ADVANCE_EM * line.size)) return line;
  return { ...line, charWidth, codeText: typewriterText(row, charWidth), link: isLink(line.text) };
}

/** A URL (with or without its scheme: "pypi.python.org/pypi/pyrouge") or an e-mail address. */
function isLink(text: string): boolean {
  if (text.includes("://") || text.includes("www.") || /\S@[\w-]+\.[a-z]/i.test(text)) return true;
  // A host name needs a known top-level domain: `self.total/self.count` is code. Tested token by token, anchored,
  // so a long line costs linear time.
  for (const token of text.split(/\s+/)) if (token.length <= MAX_URL_CHARS && BARE_URL.test(token)) return true;
  return false;
}

const MAX_URL_CHARS = 2000;
const BARE_URL =
  /^[^\w]*(?:[a-z0-9-]+\.)+(?:com|org|net|edu|gov|io|ai|dev|app|co|info|uk|de|fr|jp|cn|ch|nl|ca|au|eu|us|it|es|se|kr|ru|in|br|be|at)\//i;

/** The advance of one character when the row is set in a typewriter font, else 0. */
function typewriterAdvance(row: Piece[]): number {
  let visible = 0;
  let typewriterVisible = 0;
  let typewriterChars = 0;
  let typewriterWidth = 0;
  row.forEach((p, i) => {
    // A listing's line number, set in the text font, does not count against a short line ("9 }").
    if (i === 0 && !p.typewriter && /^\s*\d+\s*$/.test(p.str) && row.length > 1) return;
    const n = visibleChars(p.str);
    visible += n;
    if (!p.typewriter) return;
    typewriterVisible += n;
    typewriterChars += p.str.length;
    typewriterWidth += p.x1 - p.x0;
  });
  const isTypewriter = typewriterVisible > 0 && typewriterVisible >= TYPEWRITER_LINE_SHARE * visible;
  return isTypewriter ? typewriterWidth / typewriterChars : 0;
}

function visibleChars(text: string): number {
  let n = 0;
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) !== 32) n++;
  return n;
}

/**
 * Each run at its column: alignment and runs of spaces are part of code and program output. A run in another font
 * (a line number, a symbol) has its own widths, so a gap after it is at least one space.
 */
function typewriterText(row: Piece[], charWidth: number): string {
  const left = row[0]?.x0 ?? 0;
  let text = "";
  let prev: Piece | null = null;
  for (const p of row) {
    const spaced = prev !== null && p.x0 - prev.x1 > SPACE_GAP_EM * Math.min(p.size, prev.size);
    const needsSpace = spaced && !text.endsWith(" ") && !p.str.startsWith(" ");
    const at = Math.min(Math.round((p.x0 - left) / charWidth), text.length + MAX_CODE_GAP);
    const column = Math.max(at, text.length + (needsSpace ? 1 : 0));
    if (text.length < column) text += " ".repeat(column - text.length);
    text += p.str;
    prev = p;
  }
  return composeAccents(text).trimEnd();
}
