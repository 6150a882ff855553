// Reading order of one page: lines -> column streams -> blocks -> classified paragraphs.
//
// Streams: on a page of two or three columns, rows that cross a gutter (title, abstract, full-width captions) cut the
// page into sections; each section is read column by column from the left, and full-width rows in between in their
// vertical order. A one-column page is a single stream.
//
// What is dropped (our call): table cell soup and figure-internal labels are removed from the text, not marked,
// because a pre-training corpus gains nothing from "0.2 0.4 0.6 epoch" and loses fluency from it. Dropped are:
// blocks whose lines are mostly table rows (several wide gaps), and blocks in a smaller font or with wide gaps
// whose tokens are mostly not words. Captions ("Figure 3: ...", "Table 2. ...") are kept, each as its own
// paragraph. Footnotes (small text below all body text of their column) come after the page's body. Code (lines set
// in a typewriter font, ingest/layout/monospace.ts, that do not read as prose) keeps its lines and indentation.
import { isNamedHeading, isNumberedHeading } from "./document-structure.js";
import type { Column, Line, PageLines } from "./page-lines.js";

export type ParagraphKind = "text" | "heading" | "caption" | "footnote" | "code";

/** The compact per-line summary kept per page until the document is finished. */
export interface LaidLine {
  text: string;
  /** Baseline, y up. */
  y: number;
  size: number;
  edge: "top" | "bottom" | null;
  margin: boolean;
}

export interface Paragraph {
  kind: ParagraphKind;
  lines: LaidLine[];
  /** Starts a column or page without indent: may continue the previous paragraph. */
  continues: boolean;
  /** The last line reaches the right edge: the paragraph may go on in the next column or page. */
  endsFull: boolean;
}

export interface PageParagraphs {
  body: Paragraph[];
  footnotes: Paragraph[];
  droppedLines: number;
}

/** Baseline distance (in line sizes) beyond which a new block starts. */
export const BLOCK_GAP_EM = 1.5;
/** Baseline distance (in line sizes) within which a centred line still belongs to the title block above it. */
const TITLE_BLOCK_GAP_EM = 4;
/** Size ratio between neighbouring lines beyond which a new block starts. */
export const BLOCK_SIZE_RATIO = 1.1;
/** A first line indented by this much (em) starts a paragraph. */
export const INDENT_EM = 0.6;
/** Share of a block's lines (last excepted) reaching its right edge for the block to count as justified. */
export const JUSTIFIED_SHARE = 0.7;
/** A body-size line at least this long (em) is the column's prose: footnotes sit below the lowest such line. */
const MIN_BODY_LINE_EM = 8;
/** Footnotes and figure labels are set smaller than body text. */
export const SMALL_FONT_RATIO = 0.9;
/** Headings are set at least this much larger than body text, or numbered. */
export const HEADING_SIZE_RATIO = 1.1;
export const MAX_HEADING_CHARS = 90;
/** Share of word-like tokens below which a small or gapped block is figure/table soup. */
export const MIN_WORD_SHARE = 0.5;
/** Gapped rows with fewer word-like cells than this are table cells. */
export const TABLE_WORD_SHARE = 0.7;
/** Typewriter lines in a row that make code inside a block of prose; a block of typewriter lines only is code. */
export const MIN_CODE_LINES = 2;
/** Indentation is kept up to this many characters (a line pushed far right is still the same code). */
export const MAX_CODE_INDENT = 40;
/** Typewriter lines are prose, not code, with this share of letters and at most this share of CODE_SYMBOLS. */
export const PROSE_LETTER_SHARE = 0.75;
export const PROSE_SYMBOL_SHARE = 0.03;
const CODE_SYMBOLS = "()[]{}<>=+*/\\|&^~`#$%_@";
/** How far from a whole number of characters a listing line's indentation may be (flexible columns, rounding). */
const MARGIN_TOLERANCE_CHARS = 0.25;

/**
 * "Figure 3:", "Table 2.", "Table IV |", "Fig. 4.2 -": a label, a number, a mark; or a section's number and a
 * capital ("Fig. 2.2 The naive Bayes ..."). A number that goes on otherwise ("Table 4.1, we use", "Figure 2.3
 * shows") is a sentence that names a float at a line's start.
 */
const CAPTION = new RegExp(
  "^(?:[Ff]ig(?:ure)?\\.?|FIG(?:URE)?\\.?|[Tt]able|TABLE|[Tt]ab\\.|[Aa]lgorithm|ALGORITHM|[Ll]isting|LISTING)\\s*" +
    // a label's number or numeral, and a mark that no digit follows
    "(?:(?:[a-zA-Z]?\\d+|[ivxIVX]+)[a-zA-Z]?\\s*[:.|\u2014\u2013-](?!\\d)" +
    // or a section's number, and a mark or a capital
    "|\\d+(?:[.-]\\d+)+\\s*(?:[:.|\u2014\u2013-]|\\s[A-Z]))",
);
export function isCaptionStart(text: string): boolean {
  return CAPTION.test(text);
}

interface ClassifiedBlock {
  block: Line[];
  kind: ParagraphKind | "drop";
  stream: { left: number; right: number; index: number };
}

export function readingOrder(page: PageLines, height: number): PageParagraphs {
  const lowestBody = lowestBodyLines(page);
  const classified: ClassifiedBlock[] = [];
  columnStreams(page.lines, page.gutters.length).forEach((lines, index) => {
    // The stream's edges come from its long lines: a folio or label must not move the column's left edge.
    let widest = 0;
    for (const line of lines) widest = Math.max(widest, line.x1 - line.x0);
    let left = Number.POSITIVE_INFINITY;
    let right = Number.NEGATIVE_INFINITY;
    for (const line of lines) {
      if (line.x1 - line.x0 < 0.5 * widest) continue;
      if (line.x0 < left) left = line.x0;
      if (line.x1 > right) right = line.x1;
    }
    const stream = { left, right, index };
    for (const block of blocks(lines)) {
      const kind = classify(block, page.bodySize, right - left, lowestBody, height);
      // Code is looked for in prose blocks only: what reads as a table of numbers or a figure's labels stays dropped,
      // typewriter font or not (program output is number soup to a language model too).
      if (kind !== "text") classified.push({ block, kind, stream });
      else
        for (const part of codeApart(block))
          classified.push({ block: part.lines, kind: part.code ? "code" : kind, stream });
    }
  });
  dropFigureInteriors(classified, page.bodySize);

  const body: Paragraph[] = [];
  const footnotes: Paragraph[] = [];
  let droppedLines = 0;
  let textStream = -1;
  for (const { block, kind, stream } of classified) {
    if (kind === "drop") {
      droppedLines += block.length;
      continue;
    }
    if (kind === "code") {
      body.push(codeParagraph(block));
      continue;
    }
    if (kind !== "text") {
      (kind === "footnote" ? footnotes : body).push(paragraph(kind, block, false, false));
      continue;
    }
    const inMargin = (block[0]?.y ?? 0) >= 0.9 * height;
    const first = textStream !== stream.index && !inMargin;
    if (!inMargin) textStream = stream.index;
    splitParagraphs(block, stream.left, stream.right, first, body);
  }
  return { body, footnotes, droppedLines };
}

/** Sections of column lines, cut by full-width lines, flattened in reading order. */
function columnStreams(lines: Line[], gutters: number): Line[][] {
  adoptShortLastLines(lines, gutters);
  const streams: Line[][] = [];
  let columns: Line[][] = [];
  let full: Line[] = [];
  const flushColumns = () => {
    for (const column of columns) if (column && column.length > 0) streams.push(column);
    columns = [];
  };
  for (const line of lines) {
    if (line.column === "full") {
      flushColumns();
      full.push(line);
    } else {
      if (full.length > 0) streams.push(full);
      full = [];
      const column = columns[line.column];
      if (column) column.push(line);
      else columns[line.column] = [line];
    }
  }
  flushColumns();
  if (full.length > 0) streams.push(full);
  return streams;
}

/**
 * Figure labels sit just above a figure caption, table cells just below a table caption: short or small blocks
 * adjacent to the caption are dropped, up to the first block of prose.
 */
function dropFigureInteriors(classified: ClassifiedBlock[], bodySize: number): void {
  const interior = ({ block, stream }: ClassifiedBlock) => {
    const head = block[0];
    if (!head) return false;
    if (head.size < SMALL_FONT_RATIO * bodySize && block.length <= 3) return true;
    return block.every((l) => l.x1 - l.x0 < 0.6 * (stream.right - stream.left) || l.wideGaps > 0);
  };
  for (let i = 0; i < classified.length; i++) {
    const entry = classified[i];
    if (entry?.kind !== "caption") continue;
    // Figure labels sit above their caption; a table may sit above or below its caption.
    const directions = /^tab/i.test(entry.block[0]?.text ?? "") ? [-1, 1] : [-1];
    const captionY = entry.block[0]?.y ?? 0;
    for (const step of directions) {
      // Walk away from the caption; a prose block ends the walk in its stream, and the float's parts in the
      // other column (a table split by the gutter) are still reached. Only what lies on the caption's side
      // counts: not the foot of the previous column, not the top of the next one.
      const closed = new Set<number>();
      for (let j = i + step; j >= 0 && j < classified.length && closed.size < 2; j += step) {
        const other = classified[j];
        if (!other || other.kind === "caption" || other.kind === "heading") break;
        if (closed.has(other.stream.index)) continue;
        const y = step < 0 ? (other.block[other.block.length - 1]?.y ?? 0) : (other.block[0]?.y ?? 0);
        // Code is not a figure's labels: a listing above its "Listing 3:" caption stays.
        if (other.kind === "code" || !interior(other) || (step < 0 ? y < captionY : y > captionY)) {
          closed.add(other.stream.index);
          continue;
        }
        other.kind = "drop";
      }
    }
  }
}

/**
 * A line under full-width lines that does not reach a gutter is full width too when it follows them closely, has
 * nothing beside it, and either starts at their left edge (the short last line of an abstract over the columns) or,
 * above the page's first column line, sits in a middle column centred under them, a little further down (an author
 * line under the title on a page of three columns; on two, a centred line crosses the gutter).
 */
function adoptShortLastLines(lines: Line[], gutters: number): void {
  let prev: Line | null = null;
  // The centred rule holds in the title block only: above the page's first line in a column.
  let columnsBegun = false;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (!line) continue;
    const next = lines[i + 1];
    const drop = prev ? prev.y - line.y : Number.POSITIVE_INFINITY;
    if (
      line.column !== "full" &&
      prev?.column === "full" &&
      next?.y !== line.y &&
      lines[i - 1]?.y !== line.y &&
      ((line.column === 0 && drop <= BLOCK_GAP_EM * line.size && Math.abs(line.x0 - prev.x0) <= line.size) ||
        (!columnsBegun &&
          line.column > 0 &&
          line.column < gutters &&
          drop <= TITLE_BLOCK_GAP_EM * line.size &&
          Math.abs(line.x0 + line.x1 - prev.x0 - prev.x1) <= 2 * line.size))
    ) {
      line.column = "full";
    }
    if (line.column !== "full" && line.edge === null) columnsBegun = true;
    prev = line;
  }
}

function blocks(stream: Line[]): Line[][] {
  const out: Line[][] = [];
  let current: Line[] = [];
  let prev: Line | null = null;
  for (const line of stream) {
    if (prev) {
      const size = Math.max(prev.size, line.size);
      const ratio = prev.size > line.size ? prev.size / line.size : line.size / prev.size;
      const overlap = line.x0 < prev.x1 && line.x1 > prev.x0;
      if (prev.y - line.y > BLOCK_GAP_EM * size || ratio > BLOCK_SIZE_RATIO || !overlap || isCaptionStart(line.text)) {
        out.push(current);
        current = [];
      }
    }
    current.push(line);
    prev = line;
  }
  if (current.length > 0) out.push(current);
  return out;
}

/**
 * A prose block's parts, code or not. It is cut where two or more typewriter lines in a row that are code begin or
 * end: a listing set close under the sentence that introduces it is a part of its own. One such line inside prose (a
 * URL broken onto its own line) stays prose, and so does prose that happens to be set in a typewriter font (a model's
 * answers quoted in a figure). A block that is one typewriter line of code is code.
 */
function codeApart(block: Line[]): { lines: Line[]; code: boolean }[] {
  const parts: { lines: Line[]; code: boolean }[] = [];
  let start = 0;
  let i = 0;
  while (i < block.length) {
    // A run of typewriter lines; links that start it after prose end that prose's sentence.
    if (i > 0) while (i < block.length && block[i]?.link) i++;
    let end = i;
    while (end < block.length && (block[end]?.charWidth ?? 0) > 0) end++;
    const run = block.slice(i, end);
    if (run.filter((line) => !line.link).length >= MIN_CODE_LINES && !readsAsProse(run)) {
      if (i > start) parts.push({ lines: block.slice(start, i), code: false });
      parts.push({ lines: run, code: true });
      start = end;
    }
    i = Math.max(end, i + 1);
  }
  if (start < block.length) {
    // Only an uncut block can be code here: typewriter lines left between cuts read as prose or stand alone.
    const rest = block.slice(start);
    parts.push({ lines: rest, code: start === 0 && isCode(rest) });
  }
  return parts;
}

/**
 * Whether lines are code: every one a typewriter line (ingest/layout/typewriter-lines.ts), not prose, and links among
 * them only inside a listing of other lines (a footnote's URL broken over two lines is not code).
 */
function isCode(lines: Line[]): boolean {
  const links = lines.filter((line) => line.link).length;
  const others = lines.length - links;
  return (
    lines.every((line) => line.charWidth > 0) && others >= (links > 0 ? MIN_CODE_LINES : 1) && !readsAsProse(lines)
  );
}

/**
 * Whether typewriter lines start at one margin or are indented from it by whole characters, as a listing's lines
 * are, with at least half of them at the margin. A figure's labels in a typewriter font are placed where their
 * parts of the figure are.
 */
function keepsLeftMargin(lines: Line[]): boolean {
  const margin = Math.min(...lines.map((line) => line.x0));
  let atMargin = 0;
  for (const line of lines) {
    const indent = (line.x0 - margin) / line.charWidth;
    if (Math.abs(indent - Math.round(indent)) > MARGIN_TOLERANCE_CHARS) return false;
    if (indent < MARGIN_TOLERANCE_CHARS) atMargin++;
  }
  return atMargin >= 0.5 * lines.length;
}

/**
 * Words and sentence punctuation: code has brackets, operators and prompts, program output mostly digits. Prose set in
 * a typewriter font (a model's answers quoted in a figure) reads best joined like any prose, and words alone, however
 * indented, are more often a figure's labels than code.
 */
function readsAsProse(lines: Line[]): boolean {
  let visible = 0;
  let letters = 0;
  let symbols = 0;
  for (const line of lines) {
    for (const ch of line.codeText) {
      if (ch === " ") continue;
      visible++;
      if (/\p{L}/u.test(ch)) letters++;
      else if (CODE_SYMBOLS.includes(ch)) symbols++;
    }
  }
  return letters >= PROSE_LETTER_SHARE * visible && symbols <= PROSE_SYMBOL_SHARE * visible;
}

/** Lowest baseline of body-size prose per column, to tell footnotes (below it) from small text inside the body. */
function lowestBodyLines(page: PageLines): Map<Column, number> {
  const lowest = new Map<Column, number>();
  for (const line of page.lines) {
    if (line.edge === "bottom" && line.text.length < 12) continue;
    if (
      line.size >= 0.95 * page.bodySize &&
      line.x1 - line.x0 >= MIN_BODY_LINE_EM * page.bodySize &&
      line.y < (lowest.get(line.column) ?? Number.POSITIVE_INFINITY)
    ) {
      lowest.set(line.column, line.y);
    }
  }
  return lowest;
}

function classify(
  block: Line[],
  bodySize: number,
  streamWidth: number,
  lowestBody: Map<Column, number>,
  height: number,
): ParagraphKind | "drop" {
  const first = block[0];
  if (!first) return "drop";
  if (isCaptionStart(first.text)) return "caption";

  let gapped = 0;
  let allShort = true;
  for (const line of block) {
    if (line.wideGaps >= 2) gapped++;
    if (line.x1 - line.x0 > 0.5 * streamWidth) allShort = false;
  }
  const small = first.size < SMALL_FONT_RATIO * bodySize;
  const words = wordShare(block);
  // Rows of cells: a grid of numbers is a table; a grid of words is more likely an author block.
  if (gapped >= 2 && gapped >= 0.5 * block.length && words < TABLE_WORD_SHARE) return "drop";

  // A listing set smaller than the text (`\footnotesize\ttfamily`) is short lines of few words too, like a figure's
  // labels, or sits below the body like a footnote: it is code when its lines also keep to a left margin.
  if (small && block.length >= MIN_CODE_LINES && isCode(block) && keepsLeftMargin(block)) return "text";

  const bottom = block[block.length - 1]?.y ?? first.y;
  const lowestOf = (column: Column) => lowestBody.get(column) ?? Number.POSITIVE_INFINITY;
  const belowBody = bottom < Math.min(lowestOf(first.column), lowestOf("full"));
  if (small && belowBody && first.y < 0.5 * height && first.edge !== "top" && words >= MIN_WORD_SHARE) {
    return "footnote";
  }

  if ((small || gapped > 0 || first.wideGaps > 0) && allShort && words < MIN_WORD_SHARE) return "drop";
  // Short blocks without a single word (axis ticks, stray cell values) carry nothing.
  if (allShort && words === 0 && onlyNumbers(block)) return "drop";

  if (block.length <= 2 && isHeading(block, bodySize)) return "heading";
  return "text";
}

function isHeading(block: Line[], bodySize: number): boolean {
  const text = block.map((l) => l.text).join(" ");
  if (text.length > MAX_HEADING_CHARS || text.length < 3) return false;
  const last = text[text.length - 1];
  if (last === "," || last === ";") return false;
  if (isNamedHeading(text)) return true;
  if (last === ".") return false;
  const size = block[0]?.size ?? 0;
  if (size >= HEADING_SIZE_RATIO * bodySize) return true;
  return block.length === 1 && isNumberedHeading(text) && text.length <= 70;
}

function onlyNumbers(block: Line[]): boolean {
  for (const line of block) {
    for (let i = 0; i < line.text.length; i++) {
      const c = line.text.charCodeAt(i);
      const numeric = (c >= 48 && c <= 57) || c === 32 || c === 46 || c === 44 || c === 37 || c === 45 || c === 43;
      if (!numeric && c !== 40 && c !== 41 && c !== 0x2212 && c !== 0xb1) return false;
    }
  }
  return true;
}

/** Share of tokens that contain a run of three letters. */
function wordShare(block: Line[]): number {
  let tokens = 0;
  let words = 0;
  for (const line of block) {
    const text = line.text;
    let run = 0;
    let inToken = false;
    let isWord = false;
    for (let i = 0; i <= text.length; i++) {
      const c = i < text.length ? text.charCodeAt(i) : 32;
      if (c === 32) {
        if (inToken) {
          tokens++;
          if (isWord) words++;
        }
        inToken = false;
        isWord = false;
        run = 0;
        continue;
      }
      inToken = true;
      const letter = (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c >= 0xc0;
      run = letter ? run + 1 : 0;
      if (run >= 3) isWord = true;
    }
  }
  return tokens === 0 ? 0 : words / tokens;
}

function paragraph(kind: ParagraphKind, lines: Line[], continues: boolean, endsFull: boolean): Paragraph {
  return {
    kind,
    lines: lines.map((l) => ({ text: l.text, y: l.y, size: l.size, edge: l.edge, margin: l.margin })),
    continues,
    endsFull,
  };
}

/** Code lines as set: each indented by its distance from the block's leftmost line, in characters. */
function codeParagraph(block: Line[]): Paragraph {
  let left = Number.POSITIVE_INFINITY;
  for (const line of block) left = Math.min(left, line.x0);
  const indented = block.map((line) => {
    const indent = Math.min(MAX_CODE_INDENT, Math.round((line.x0 - left) / line.charWidth));
    return { ...line, text: " ".repeat(indent) + line.codeText };
  });
  return paragraph("code", indented, false, false);
}

function endsSentence(text: string): boolean {
  const last = text[text.length - 1];
  return last === "." || last === "?" || last === "!" || last === ":";
}

/** Split a prose block at indented first lines and at short lines that end a sentence. */
function splitParagraphs(
  block: Line[],
  streamLeft: number,
  streamRight: number,
  firstInStream: boolean,
  out: Paragraph[],
): void {
  let left = Number.POSITIVE_INFINITY;
  let right = Number.NEGATIVE_INFINITY;
  for (const line of block) {
    if (line.x0 < left) left = line.x0;
    if (line.x1 > right) right = line.x1;
  }
  // In ragged-right text short lines are normal, so only indents (and block gaps) mark paragraphs there.
  let full = 0;
  for (let i = 0; i + 1 < block.length; i++) {
    const line = block[i];
    if (line && line.x1 >= right - 1.5 * line.size) full++;
  }
  const justified = block.length < 3 || full >= JUSTIFIED_SHARE * (block.length - 1);
  const head = block[0];
  const continues = firstInStream && head !== undefined && head.x0 - streamLeft < INDENT_EM * head.size;
  let start = 0;
  const emit = (end: number, isFirst: boolean) => {
    const lines = block.slice(start, end);
    const last = lines[lines.length - 1];
    const endsFull = last !== undefined && last.x1 >= streamRight - 1.5 * last.size;
    out.push(paragraph("text", lines, isFirst && continues, endsFull));
  };
  for (let i = 1; i < block.length; i++) {
    const line = block[i];
    const prev = block[i - 1];
    if (!line || !prev) continue;
    const indent = line.x0 - left;
    const indented = indent >= INDENT_EM * line.size && indent <= 4 * line.size;
    const prevShort = prev.x1 < right - 1.5 * prev.size;
    const upper = line.text.charCodeAt(0) >= 65 && line.text.charCodeAt(0) <= 90;
    const shortEnd = justified && prevShort && endsSentence(prev.text) && upper;
    if ((indented && (prevShort || endsSentence(prev.text))) || shortEnd) {
      emit(i, start === 0);
      start = i;
    }
  }
  emit(block.length, start === 0);
}
