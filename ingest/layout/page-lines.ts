// Geometry layer: positioned runs -> rows (one baseline) -> lines, split at the page's column gutters.
// Works from geometry only (transform, width, size), so pdf.js text items and OCR words take the same path.

import { composeAccents } from "./accents.js";
import { cleanGlyphs } from "./glyphs.js";
import { withoutLineNumbers } from "./line-numbers.js";
import { median } from "./median.js";
import { typewriterFonts } from "./monospace.js";
import { withoutOverprints } from "./overprint.js";
import type { PageInput } from "./types.js";

/** A horizontal run after glyph cleanup, in PDF user space (y up). */
export interface Piece {
  str: string;
  x0: number;
  x1: number;
  y: number;
  size: number;
  /** An OCR word (its run carries a confidence): tesseract has already placed it on a line. */
  recognized: boolean;
  /** Set in a typewriter font (ingest/layout/monospace.ts). */
  typewriter: boolean;
}

/** Text not written left-to-right (margin stamps, rotated axis labels), read along its own direction. */
export interface RotatedLine {
  text: string;
  size: number;
}

/** A line's column, counted from 0 at the left, or "full" for a line across the gutters (title, abstract, floats). */
export type Column = number | "full";

export interface Line {
  text: string;
  x0: number;
  x1: number;
  /** Baseline, y up. */
  y: number;
  size: number;
  column: Column;
  /** Gaps wider than TABLE_GAP_EM inside the line: table rows and figure labels have them, prose has none. */
  wideGaps: number;
  /** In the top or bottom margin band, or on the page's first/last two rows: where running heads and folios sit. */
  edge: "top" | "bottom" | null;
  /** In the outer margin band and set apart from the body by a wide gap: furniture even when it never repeats. */
  margin: boolean;
  /** Advance of one character when the line is set in a typewriter font (TYPEWRITER_LINE_SHARE of its characters). */
  charWidth: number;
  /** When charWidth is set, the text as code: each run at its column, so alignment and runs of spaces stay. */
  codeText: string;
  /**
   * A typewriter line holding a URL or an e-mail address, which papers set in one too (author blocks, footnotes,
   * references): code only inside a listing of other lines.
   */
  link: boolean;
}

export interface PageLines {
  lines: Line[];
  rotated: RotatedLine[];
  /** Most common font size on the page, weighted by characters. */
  bodySize: number;
  /** x of each column gutter, left to right: none on a one-column page, one or two on pages of two or three. */
  gutters: number[];
  /** A review copy's line numbers dropped from the page (ingest/layout/line-numbers.ts). */
  lineNumbers: number;
}

/**
 * Share of a line's visible characters in typewriter fonts for the line to count as code: a listing's line numbers
 * and a symbol or two may be in the text font ("5 if d > 0:" is 6 of 7).
 */
export const TYPEWRITER_LINE_SHARE = 0.75;
/** Smallest advance of one typewriter character, in em of the line, that lines are placed by column with. */
export const MIN_TYPEWRITER_ADVANCE_EM = 0.3;
/** Most spaces put between two runs of a code line: alignment, not the width of a page. */
export const MAX_CODE_GAP = 80;
/** Runs whose baselines differ by less than this share of their size sit on one row. */
export const SAME_ROW_EM = 0.3;
/** A run this much smaller than a neighbouring row, within SCRIPT_SHIFT_EM of its baseline, is a super/subscript. */
export const SCRIPT_SIZE_RATIO = 0.85;
export const SCRIPT_SHIFT_EM = 0.6;
/**
 * Scripts are short: marks, indices, citation numbers ("1", "t-1", "[12]"). OCR words that run on, word after word,
 * for more characters than this are a line tesseract read as one (licence lines in small print beside a large
 * journal logo), not scripts of the larger row beside them. Text-layer runs are not held to this: on real papers'
 * mathematics it moved as many pieces out of place as into place.
 */
export const MAX_SCRIPT_CHARS = 8;
/** Gap between runs that becomes a space (em of the smaller run). */
export const SPACE_GAP_EM = 0.15;
export const TABLE_GAP_EM = 1.5;
/** A column gutter is at least this wide (em of body text) on the rows that show it. */
export const MIN_GUTTER_EM = 0.8;
/** Rows that must start a column at one x right of a gutter before the page counts as having columns. */
export const MIN_RIGHT_COLUMN_ROWS = 3;
/** Least share of the page's width a column right of a gutter has: half a page, or a third of one. */
const MIN_HALF_COLUMN_SHARE = 0.2;
const MIN_THIRD_COLUMN_SHARE = 0.12;
/** Where the two gutters of a three-column page are looked for (shares of the page's width). */
const THIRD_GUTTER_BANDS: readonly (readonly [number, number])[] = [
  [0.22, 0.45],
  [0.55, 0.78],
];
/** Most share of the rows with text near a three-column gutter that may cross it (title, floats). */
export const MAX_CROSSING_SHARE = 0.25;
const NEAR_GUTTER_SHARE = 0.1;
/**
 * Columns of a three-column page are this share lines of prose, and two of them this many at least: a line of
 * prose fills FILLED_SHARE of the column, has no table gap and is LETTER_SHARE letters.
 */
const MIN_PROSE_LINES = 5;
const PROSE_LINE_SHARE = 0.5;
const FILLED_SHARE = 0.6;
const LETTER_SHARE = 0.6;
/** Margin bands (share of page height) and edge row count where page furniture is looked for. */
export const EDGE_BAND = 0.1;
export const EDGE_ROWS = 2;
/** Outer bands (share of page height) where a line set apart from the body by MARGIN_GAP_EM is a running line. */
export const MARGIN_BAND = 0.075;
export const MARGIN_GAP_EM = 1.8;

export function pageLines(page: PageInput): PageLines {
  const pieces: Piece[] = [];
  const rotatedPieces: { str: string; along: number; perp: number; angle: number; size: number; len: number }[] = [];
  const sizeWeight = new Map<number, number>();
  const typewriter = typewriterFonts(page);

  for (const run of page.runs) {
    if (run.str.length === 0) continue;
    const [a = 0, b = 0, c = 0, d = 0, e = 0, f = 0] = run.transform;
    const size = Math.hypot(c, d) || run.height || Math.hypot(a, b);
    // Damaged pages can carry NaN or infinite matrices: such runs have no place on the page.
    if (!(size > 0) || !Number.isFinite(size + e + f + a + b)) continue;
    const str = cleanGlyphs(run.str);
    if (str.trim().length === 0) continue;
    if (a > 0 && Math.abs(b) <= 0.05 * a) {
      const width = run.width > 0 ? run.width : 0.5 * size * str.length;
      pieces.push({
        str,
        x0: e,
        x1: e + width,
        y: f,
        size,
        recognized: run.confidence !== undefined,
        typewriter: typewriter.has(run.fontName),
      });
      const key = Math.round(size * 2) / 2;
      sizeWeight.set(key, (sizeWeight.get(key) ?? 0) + str.length);
    } else {
      const norm = Math.hypot(a, b) || 1;
      const ux = a / norm;
      const uy = b / norm;
      rotatedPieces.push({
        str,
        along: e * ux + f * uy,
        perp: f * ux - e * uy,
        angle: Math.round(Math.atan2(uy, ux) * 10),
        size,
        len: run.width > 0 ? run.width : 0.5 * size * str.length,
      });
    }
  }

  let bodySize = 10;
  let best = -1;
  for (const [size, weight] of sizeWeight) {
    if (weight > best) {
      best = weight;
      bodySize = size;
    }
  }

  const numbered = withoutLineNumbers(withoutOverprints(pieces), bodySize);
  const rows = groupRows(numbered.pieces);
  const gutters = findGutters(rows, page.width, bodySize);
  const lines: Line[] = [];
  for (const row of rows) splitRow(row, gutters, lines);
  markEdges(lines, page.height);
  markMargins(lines, page.height, bodySize);
  return { lines, rotated: rotatedLines(rotatedPieces), bodySize, gutters, lineNumbers: numbered.dropped };
}

/** Rows top to bottom, each sorted by x, with super/subscripts moved into the row they belong to. */
function groupRows(pieces: Piece[]): Piece[][] {
  pieces.sort((p, q) => q.y - p.y || p.x0 - q.x0);
  const rows: Piece[][] = [];
  const rowY: number[] = [];
  const rowSize: number[] = [];
  for (const p of pieces) {
    const last = rows.length - 1;
    const current = rows[last];
    if (current && (rowY[last] ?? 0) - p.y <= SAME_ROW_EM * Math.min(p.size, rowSize[last] ?? 0)) {
      current.push(p);
      if (p.size > (rowSize[last] ?? 0)) rowSize[last] = p.size;
    } else {
      rows.push([p]);
      rowY.push(p.y);
      rowSize.push(p.size);
    }
  }

  // Scripts: a piece clearly smaller than a row 1-2 rows away, near its baseline and touching it in x.
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i] ?? [];
    // Only OCR words are held to running text; text-layer rows skip the measure.
    const running = row.some((p) => p.recognized) ? runningText(row) : null;
    for (let k = row.length - 1; k >= 0; k--) {
      const p = row[k];
      if (!p || (p.recognized && running?.has(p))) continue;
      let target = -1;
      let bestShift = Number.POSITIVE_INFINITY;
      for (let j = Math.max(0, i - 2); j <= Math.min(rows.length - 1, i + 2); j++) {
        if (j === i) continue;
        const size = rowSize[j] ?? 0;
        const shift = Math.abs((rowY[j] ?? 0) - p.y);
        if (p.size > SCRIPT_SIZE_RATIO * size || shift > SCRIPT_SHIFT_EM * size || shift >= bestShift) continue;
        if (touches(rows[j] ?? [], p, 0.5 * size)) {
          target = j;
          bestShift = shift;
        }
      }
      if (target >= 0) {
        rows[target]?.push(p);
        row.splice(k, 1);
      }
    }
  }
  const kept = rows.filter((r) => r.length > 0);
  for (const r of kept) r.sort((p, q) => p.x0 - q.x0);
  return kept;
}

/** Pieces of a row that belong to a run of text (neighbours within a table gap) longer than a script. */
function runningText(row: Piece[]): Set<Piece> {
  const sorted = [...row].sort((p, q) => p.x0 - q.x0);
  const running = new Set<Piece>();
  let start = 0;
  let chars = 0;
  for (let k = 0; k <= sorted.length; k++) {
    const p = sorted[k];
    const prev = sorted[k - 1];
    if (p && prev && p.x0 - prev.x1 <= TABLE_GAP_EM * Math.min(p.size, prev.size)) {
      chars += p.str.trim().length;
      continue;
    }
    if (chars > MAX_SCRIPT_CHARS) for (let j = start; j < k; j++) running.add(sorted[j] as Piece);
    start = k;
    chars = p ? p.str.trim().length : 0;
  }
  return running;
}

function touches(row: Piece[], p: Piece, slack: number): boolean {
  for (const q of row) if (p.x0 <= q.x1 + slack && p.x1 >= q.x0 - slack) return true;
  return false;
}

/**
 * Gutters are the least-covered x in the middle of the page (two columns) or near its thirds (three); a page has
 * columns only when several rows show a real gap at each gutter (wider than word spacing) followed by a column
 * starting at one x. Three columns are tried first and need clear gutters too: few rows may cross them, or a
 * table's column inside the left half of a two-column page would pass for one.
 */
function findGutters(rows: Piece[][], width: number, bodySize: number): number[] {
  if (!(width > 0)) return [];
  const coverage = coverageBins(rows, width);
  const thirds = THIRD_GUTTER_BANDS.map(([lo, hi]) => leastCovered(coverage, lo * width, hi * width)).map((g) =>
    g !== null &&
    crossingShare(rows, g, width) <= MAX_CROSSING_SHARE &&
    startsColumns(rows, g, width, bodySize, MIN_THIRD_COLUMN_SHARE)
      ? g
      : null,
  );
  const [first = null, second = null] = thirds;
  // The last page of three columns may fill only the first two: then nothing reaches past the second.
  let gutters: number[] = [];
  if (first !== null && second !== null) gutters = [first, second];
  else if (first !== null && endsBefore(rows, first, width)) gutters = [first];
  if (gutters.length > 0 && columnsHoldProse(rows, gutters, bodySize)) return gutters;
  const half = leastCovered(coverage, 0.3 * width, 0.7 * width);
  return half !== null && startsColumns(rows, half, width, bodySize, MIN_HALF_COLUMN_SHARE) ? [half] : [];
}

/** Whether the rows with text right of x hardly ever reach past where the second gutter of three could be. */
function endsBefore(rows: Piece[][], x: number, width: number): boolean {
  const limit = (THIRD_GUTTER_BANDS[1]?.[1] ?? 1) * width;
  let right = 0;
  let past = 0;
  for (const row of rows) {
    if (!row.some((p) => p.x0 > x)) continue;
    right++;
    if (row.some((p) => p.x1 > limit)) past++;
  }
  return right > 0 && past <= MAX_CROSSING_SHARE * right;
}

/** How many runs cover each 2-pt band of the page's width. */
function coverageBins(rows: Piece[][], width: number): Int32Array {
  const bins = Math.ceil(width / 2) + 1;
  const diff = new Int32Array(bins + 1);
  for (const row of rows) {
    for (const p of row) {
      const from = Math.max(0, Math.floor(p.x0 / 2));
      const to = Math.min(bins, Math.ceil(p.x1 / 2));
      if (to <= from) continue;
      diff[from] = (diff[from] ?? 0) + 1;
      diff[to] = (diff[to] ?? 0) - 1;
    }
  }
  const coverage = new Int32Array(bins);
  let cover = 0;
  for (let i = 0; i < bins; i++) {
    cover += diff[i] ?? 0;
    coverage[i] = cover;
  }
  return coverage;
}

/** The middle of the longest least-covered stretch between x = lo and hi, or null when there is none. */
function leastCovered(coverage: Int32Array, lo: number, hi: number): number | null {
  const from = Math.floor(lo / 2);
  const to = Math.min(coverage.length - 1, Math.ceil(hi / 2));
  let min = Number.POSITIVE_INFINITY;
  for (let i = from; i <= to; i++) if ((coverage[i] ?? 0) < min) min = coverage[i] ?? 0;
  let runStart = -1;
  let bestStart = -1;
  let bestLen = 0;
  for (let i = from; i <= to + 1; i++) {
    if (i <= to && coverage[i] === min) {
      if (runStart < 0) runStart = i;
    } else if (runStart >= 0) {
      if (i - runStart > bestLen) {
        bestLen = i - runStart;
        bestStart = runStart;
      }
      runStart = -1;
    }
  }
  return bestStart < 0 ? null : (bestStart + bestLen / 2) * 2;
}

/**
 * Share of the rows with text near x (within NEAR_GUTTER_SHARE of the page's width) that have a run across it.
 * Rows, not rows with text on both sides: neighbouring columns' baselines need not line up.
 */
function crossingShare(rows: Piece[][], x: number, width: number): number {
  const near = NEAR_GUTTER_SHARE * width;
  let touching = 0;
  let crossing = 0;
  for (const row of rows) {
    if (!row.some((p) => p.x0 < x + near && p.x1 > x - near)) continue;
    touching++;
    if (row.some((p) => crosses(p, x))) crossing++;
  }
  return touching === 0 ? 1 : crossing / touching;
}

/**
 * Whether each column between the gutters is mostly lines of prose (lines that fill most of the column, without a
 * table's gaps, mostly letters), and two columns at least hold MIN_PROSE_LINES of them (the last may be short). A
 * table's columns of cells (numbers, short labels) line up like narrow text columns.
 */
function columnsHoldProse(rows: Piece[][], gutters: number[], bodySize: number): boolean {
  const columns = gutters.length + 1;
  const lines: Piece[][][] = Array.from({ length: columns }, () => []);
  for (const row of rows) for (const [column, pieces] of byColumn(row, gutters) ?? []) lines[column]?.push(pieces);
  let full = 0;
  for (const column of lines) {
    // Medians: a folio or a running head's last word in the column must not widen it.
    const width = median(column.map((l) => l[l.length - 1]?.x1 ?? 0)) - median(column.map((l) => l[0]?.x0 ?? 0));
    const prose = column.filter((line) => isProseLine(line, width, bodySize)).length;
    if (column.length === 0 || prose < PROSE_LINE_SHARE * column.length) return false;
    if (prose >= MIN_PROSE_LINES) full++;
  }
  return full >= 2;
}

/** A letter of any script (CJK, Arabic, Devanagari too), as reading-order.ts counts them. */
const LETTER = /\p{L}/u;

function isProseLine(line: Piece[], columnWidth: number, bodySize: number): boolean {
  const first = line[0];
  const last = line[line.length - 1];
  if (!first || !last || last.x1 - first.x0 < FILLED_SHARE * columnWidth) return false;
  let letters = 0;
  let visible = 0;
  for (let i = 0; i < line.length; i++) {
    const p = line[i] as Piece;
    if (i > 0 && p.x0 - (line[i - 1] as Piece).x1 > TABLE_GAP_EM * bodySize) return false;
    for (const ch of p.str) {
      if (ch === " ") continue;
      visible++;
      if (LETTER.test(ch)) letters++;
    }
  }
  return letters >= LETTER_SHARE * visible;
}

/** Whether a run lies across the gutter at x (by more than a point either side). */
function crosses(p: Piece, x: number): boolean {
  return p.x0 < x - 1 && p.x1 > x + 1;
}

/**
 * A row's runs by column, left to right (a run's column: how many gutters lie left of its right end), or null when a
 * run crosses a gutter: the row is one full-width line.
 */
function byColumn(row: Piece[], gutters: number[]): [number, Piece[]][] | null {
  if (row.some((p) => gutters.some((g) => crosses(p, g)))) return null;
  const columns = new Map<number, Piece[]>();
  for (const p of row) {
    let column = 0;
    while (column < gutters.length && p.x1 > (gutters[column] as number) + 1) column++;
    const pieces = columns.get(column);
    if (pieces) pieces.push(p);
    else columns.set(column, [p]);
  }
  return [...columns].sort(([a], [b]) => a - b);
}

/**
 * Whether MIN_RIGHT_COLUMN_ROWS rows, or more, start a column at one x right of the gutter: a gap at the gutter
 * first, then at least `minShare` of the page's width of text.
 */
function startsColumns(rows: Piece[][], gutter: number, width: number, bodySize: number, minShare: number): boolean {
  const starts: number[] = [];
  for (const row of rows) {
    let prevX1 = Number.NEGATIVE_INFINITY;
    for (const p of row) {
      if (p.x0 >= gutter) {
        const rightEnd = row[row.length - 1]?.x1 ?? p.x1;
        const gapOk = p.x0 - Math.max(prevX1, gutter - width) >= MIN_GUTTER_EM * bodySize;
        if (gapOk && rightEnd - p.x0 >= minShare * width) starts.push(p.x0);
        break;
      }
      if (p.x1 > gutter) break;
      prevX1 = p.x1;
    }
  }
  if (starts.length < MIN_RIGHT_COLUMN_ROWS) return false;
  starts.sort((p, q) => p - q);
  let aligned = 0;
  for (let i = 0, j = 0; i < starts.length; i++) {
    while ((starts[i] ?? 0) - (starts[j] ?? 0) > 3) j++;
    aligned = Math.max(aligned, i - j + 1);
  }
  return aligned >= MIN_RIGHT_COLUMN_ROWS;
}

/**
 * A row becomes one full-width line when a run crosses a gutter, else a line per column it has text in (the number
 * of gutters left of a run is its column).
 */
function splitRow(row: Piece[], gutters: number[], out: Line[]): void {
  const columns = gutters.length === 0 ? null : byColumn(row, gutters);
  if (columns === null) out.push(makeLine(row, "full"));
  else for (const [column, pieces] of columns) out.push(makeLine(pieces, column));
}

function markEdges(lines: Line[], height: number): void {
  let rowsSeen = 0;
  let lastY = Number.NaN;
  for (const line of lines) {
    if (line.y !== lastY) rowsSeen++;
    lastY = line.y;
    if (rowsSeen <= EDGE_ROWS || line.y >= (1 - EDGE_BAND) * height) line.edge = "top";
  }
  rowsSeen = 0;
  lastY = Number.NaN;
  for (let i = lines.length - 1; i >= 0; i--) {
    const line = lines[i];
    if (!line) continue;
    if (line.y !== lastY) rowsSeen++;
    lastY = line.y;
    if (rowsSeen <= EDGE_ROWS || line.y <= EDGE_BAND * height) line.edge = "bottom";
  }
}

function markMargins(lines: Line[], height: number, bodySize: number): void {
  const topBand = (1 - MARGIN_BAND) * height;
  const bottomBand = MARGIN_BAND * height;
  let bodyTop = Number.NEGATIVE_INFINITY;
  let bodyBottom = Number.POSITIVE_INFINITY;
  for (const line of lines) {
    if (line.y < topBand && line.y > bodyTop) bodyTop = line.y;
    if (line.y > bottomBand && line.y < bodyBottom) bodyBottom = line.y;
  }
  const gap = MARGIN_GAP_EM * bodySize;
  for (const line of lines) {
    if (line.size > 1.05 * bodySize) continue;
    if ((line.y >= topBand && line.y - bodyTop >= gap) || (line.y <= bottomBand && bodyBottom - line.y >= gap)) {
      line.margin = true;
    }
  }
}

function makeLine(row: Piece[], column: Column): Line {
  const line = proseLine(row, column);
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

function proseLine(row: Piece[], column: Column): Line {
  // Letter-spaced fonts come as one run per glyph with a steady gap; words are then gaps wider than that. Counted in
  // characters, not runs: a line of inline mathematics is mostly one-glyph runs too ("where", "x", "∈", "R", "d",
  // "is the input,"), and taking its math spacing for letter spacing glued its words ("wherex∈Rdis the input").
  let spaceGap = -1;
  let singleChars = 0;
  let chars = 0;
  for (const p of row) {
    chars += p.str.length;
    if (p.str.length === 1) singleChars++;
  }
  const gaps: number[] = [];
  if (row.length >= 4 && singleChars >= 0.6 * chars) {
    for (let i = 1; i < row.length; i++) gaps.push((row[i]?.x0 ?? 0) - (row[i - 1]?.x1 ?? 0));
    gaps.sort((p, q) => p - q);
    spaceGap = (gaps[gaps.length >> 1] ?? 0) + SPACE_GAP_EM * (row[0]?.size ?? 10);
  }

  let text = "";
  let size = 0;
  let longest = 0;
  let wideGaps = 0;
  let prev: Piece | null = null;
  for (const p of row) {
    // The line's size is that of its longest piece: a big operator or a script must not change it.
    if (p.str.length > longest) {
      longest = p.str.length;
      size = p.size;
    }
    if (prev) {
      const gap = p.x0 - prev.x1;
      const em = Math.min(p.size, prev.size);
      if (gap > TABLE_GAP_EM * em) wideGaps++;
      const threshold = spaceGap >= 0 ? Math.max(spaceGap, SPACE_GAP_EM * em) : SPACE_GAP_EM * em;
      const hasSpace = text.endsWith(" ") || p.str.startsWith(" ");
      if (gap > threshold && !hasSpace) text += " ";
    }
    if (prev && p.x1 <= prev.x1 && p.size < SCRIPT_SIZE_RATIO * prev.size && prev.x1 > prev.x0) {
      // A script drawn after the run it sits in (the run was merged from many words): put it after the word
      // at its x, estimated from its share of the run's width.
      const share = (p.x0 - prev.x0) / (prev.x1 - prev.x0);
      const runStart = text.length - prev.str.length;
      const estimate = runStart + Math.round(share * prev.str.length);
      let after = estimate;
      while (after < text.length && text[after] !== " ") after++;
      let before = Math.min(estimate, text.length);
      while (before > runStart && text[before - 1] !== " ") before--;
      // Nearest word end: the space after this word, or the one before it (minus the space itself).
      const at = before > runStart && estimate - (before - 1) < after - estimate ? before - 1 : after;
      text = text.slice(0, at) + p.str + text.slice(at);
      continue;
    }
    text += p.str;
    prev = p;
  }
  const first = row[0];
  const last = row[row.length - 1];
  // Baseline of the largest piece: scripts must not move the line.
  let y = first?.y ?? 0;
  for (const p of row) if (p.size === size) y = p.y;
  return {
    text: collapseSpaces(composeAccents(text)),
    x0: first?.x0 ?? 0,
    x1: last?.x1 ?? 0,
    y,
    size,
    column,
    wideGaps,
    edge: null,
    margin: false,
    charWidth: 0,
    codeText: "",
    link: false,
  };
}

function collapseSpaces(text: string): string {
  let out = "";
  let space = true;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i] ?? "";
    if (ch === " ") {
      if (!space) out += " ";
      space = true;
    } else {
      out += ch;
      space = false;
    }
  }
  return out.endsWith(" ") ? out.slice(0, -1) : out;
}

function rotatedLines(
  pieces: { str: string; along: number; perp: number; angle: number; size: number; len: number }[],
): RotatedLine[] {
  pieces.sort((p, q) => p.angle - q.angle || p.perp - q.perp || p.along - q.along);
  const out: RotatedLine[] = [];
  let group: typeof pieces = [];
  const flush = () => {
    if (group.length === 0) return;
    group.sort((p, q) => p.along - q.along);
    let text = "";
    let end = Number.NEGATIVE_INFINITY;
    for (const p of group) {
      if (text.length > 0 && p.along - end > SPACE_GAP_EM * p.size && !text.endsWith(" ")) text += " ";
      text += p.str;
      end = p.along + p.len;
    }
    out.push({ text: collapseSpaces(text), size: group[0]?.size ?? 0 });
    group = [];
  };
  for (const p of pieces) {
    const head = group[0];
    if (head && (head.angle !== p.angle || Math.abs(head.perp - p.perp) > SAME_ROW_EM * p.size)) flush();
    group.push(p);
  }
  flush();
  return out;
}
