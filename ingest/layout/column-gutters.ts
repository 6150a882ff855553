// Column gutters: where a page of two or three columns splits its rows into lines. Found where runs cover the page's
// width least, and trusted only when rows start a column right of the gap: a table's or a figure's gaps must not
// split the lines beside them.

import { median } from "./median.js";
import type { Piece } from "./page-lines.js";
import { TABLE_GAP_EM } from "./run-gaps.js";

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

/**
 * Gutters are the least-covered x in the middle of the page (two columns) or near its thirds (three); a page has
 * columns only when several rows show a real gap at each gutter (wider than word spacing) followed by a column
 * starting at one x. Three columns are tried first and need clear gutters too: few rows may cross them, or a
 * table's column inside the left half of a two-column page would pass for one.
 */
export function findGutters(rows: Piece[][], width: number, bodySize: number): number[] {
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

/** The width of a coverage bin (pt): 2 on any real page. */
const BIN_PT = 2;
/**
 * Most bins a page's coverage has: past 200,000 pt of width (a sheet of 70 m; PDF's own limit is 14,400 units) bins
 * widen. A MediaBox of 10^9 pt made 4 GB of bins and held its document for 17 s.
 */
const MAX_BINS = 100_000;

/** How many runs cover each band of the page's width, and the bands' width. */
function coverageBins(rows: Piece[][], width: number): { coverage: Int32Array; bin: number } {
  const bin = Math.max(BIN_PT, width / MAX_BINS);
  const bins = Math.ceil(width / bin) + 1;
  const diff = new Int32Array(bins + 1);
  for (const row of rows) {
    for (const p of row) {
      const from = Math.max(0, Math.floor(p.x0 / bin));
      const to = Math.min(bins, Math.ceil(p.x1 / bin));
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
  return { coverage, bin };
}

/** The middle of the longest least-covered stretch between x = lo and hi, or null when there is none. */
function leastCovered({ coverage, bin }: { coverage: Int32Array; bin: number }, lo: number, hi: number): number | null {
  const from = Math.floor(lo / bin);
  const to = Math.min(coverage.length - 1, Math.ceil(hi / bin));
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
  return bestStart < 0 ? null : (bestStart + bestLen / 2) * bin;
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
export function byColumn(row: Piece[], gutters: number[]): [number, Piece[]][] | null {
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
