// A review copy's line numbers (LaTeX's lineno, the ICML/CVPR/NeurIPS review templates, journals' preprints): a column
// of counting numbers in a margin or a gutter, one beside each line. Left in, they are words of every line
// ("001 This method ...") and split hyphenated words ("per-003 formance"). They are told from a table's column of
// numbers and a reference list's numbers by where they sit and how they step, and dropped before lines are built.
import { median } from "./median.js";
import type { Piece } from "./page-lines.js";

/** Fewest numbers in one column for it to be a review copy's line numbering. */
export const MIN_NUMBERED_LINES = 8;
/** Numbers whose right (or left) ends lie within this many em of each other are one aligned column. */
export const ALIGN_EM = 0.3;
/** Share of steps down the column that must count up by the column's step. */
export const COUNTING_SHARE = 0.8;
/** Steps a numbering counts by: every line, every second, fifth or tenth (lineno's modulo). */
export const NUMBERING_STEPS: ReadonlySet<number> = new Set([1, 2, 5, 10]);
/**
 * Most lines of the page's pitch between numbers one apart, as a median: a numbered line is one line below the last,
 * single- or double-spaced. A reference list numbers an entry of two or three lines, and its steps are as many lines.
 */
export const MAX_STEP_LINES = 1.5;
/** Most share of the page's other runs that may reach into the column's x range: a margin holds nothing else. */
export const MAX_OVERLAP_SHARE = 0.02;
/**
 * Least em, as a median, between a number and the text of its line: a margin's numbers are set apart (lineno puts
 * 10 pt between, some templates half an em), a word "3" inside a sentence is a space (~0.25 em) from its neighbours.
 */
export const MIN_GAP_EM = 0.5;
/** Pieces whose baselines differ by less than this many em are on one line. */
const SAME_LINE_EM = 0.3;

const NUMBER = /^\s*\d{1,5}\s*$/;

/** The pieces without any column of line numbers; `dropped` counts the numbers taken out. */
export function withoutLineNumbers(pieces: Piece[], bodySize: number): { pieces: Piece[]; dropped: number } {
  const candidates = pieces.filter((p) => NUMBER.test(p.str) && p.size <= 1.1 * bodySize);
  if (candidates.length < MIN_NUMBERED_LINES) return { pieces, dropped: 0 };
  const others = pieces.filter((p) => !NUMBER.test(p.str));
  const numbering = new Set<Piece>();
  // Numbers are set flush right (lineno, most templates) or flush left: both alignments are tried.
  for (const edge of [(p: Piece) => p.x1, (p: Piece) => p.x0]) {
    for (const column of alignedColumns(
      candidates.filter((p) => !numbering.has(p)),
      edge,
      ALIGN_EM * bodySize,
    )) {
      if (isNumbering(column, others, bodySize)) for (const p of column) numbering.add(p);
    }
  }
  if (numbering.size === 0) return { pieces, dropped: 0 };
  return { pieces: pieces.filter((p) => !numbering.has(p)), dropped: numbering.size };
}

/** Groups of at least MIN_NUMBERED_LINES pieces whose `edge` values chain within `tolerance`. */
function alignedColumns(pieces: Piece[], edge: (p: Piece) => number, tolerance: number): Piece[][] {
  const sorted = [...pieces].sort((p, q) => edge(p) - edge(q));
  const columns: Piece[][] = [];
  let current: Piece[] = [];
  for (const piece of sorted) {
    const last = current[current.length - 1];
    if (last && edge(piece) - edge(last) > tolerance) {
      columns.push(current);
      current = [];
    }
    current.push(piece);
  }
  columns.push(current);
  return columns.filter((column) => column.length >= MIN_NUMBERED_LINES);
}

/**
 * Whether an aligned column counts lines: down the page its numbers rise by one step (1, or 5 where only every fifth
 * line is numbered) a line apart, nothing else on the page reaches into its x range, and it stands apart from the text
 * of its lines. The line pitch is measured last: it is the one cost that grows with the square of the page's runs.
 */
function isNumbering(column: Piece[], others: readonly Piece[], bodySize: number): boolean {
  const down = [...column].sort((p, q) => q.y - p.y);
  const rises = down.slice(1).map((below, i) => Number(below.str) - Number((down[i] as Piece).str));
  const step = mostCommon(rises.filter((rise) => rise > 0));
  if (step === undefined || !NUMBERING_STEPS.has(step)) return false;
  const spacing: number[] = [];
  rises.forEach((rise, i) => {
    if (rise === step) spacing.push(((down[i] as Piece).y - (down[i + 1] as Piece).y) / step);
  });
  if (spacing.length < COUNTING_SHARE * rises.length) return false;
  const x0 = Math.min(...column.map((p) => p.x0));
  const x1 = Math.max(...column.map((p) => p.x1));
  const overlapping = others.filter((p) => p.x0 < x1 && p.x1 > x0).length;
  if (overlapping > MAX_OVERLAP_SHARE * others.length) return false;
  if (median(column.map((number) => gapToLine(number, others, bodySize))) < MIN_GAP_EM * bodySize) return false;
  return median(spacing) <= MAX_STEP_LINES * linePitch(others, bodySize);
}

/**
 * The page's line pitch: the median drop from a run to the nearest run below that it overlaps across. Double-spaced
 * manuscripts, the usual review copies, have twice the pitch of a printed page.
 */
function linePitch(others: readonly Piece[], bodySize: number): number {
  const drops: number[] = [];
  for (const p of others) {
    let nearest = Number.POSITIVE_INFINITY;
    for (const q of others) {
      const drop = p.y - q.y;
      if (drop > SAME_LINE_EM * bodySize && drop < nearest && q.x0 < p.x1 && q.x1 > p.x0) nearest = drop;
    }
    if (nearest < Number.POSITIVE_INFINITY) drops.push(nearest);
  }
  return drops.length > 0 ? median(drops) : 1.2 * bodySize;
}

/** Distance from a number to the nearest other piece on its line; infinite on a line of its own. */
function gapToLine(number: Piece, others: readonly Piece[], bodySize: number): number {
  let gap = Number.POSITIVE_INFINITY;
  for (const p of others) {
    if (Math.abs(p.y - number.y) >= SAME_LINE_EM * bodySize) continue;
    gap = Math.min(gap, Math.max(p.x0 - number.x1, number.x0 - p.x1));
  }
  return gap;
}

function mostCommon(values: readonly number[]): number | undefined {
  const counts = new Map<number, number>();
  for (const value of values) counts.set(value, (counts.get(value) ?? 0) + 1);
  let best: number | undefined;
  for (const [value, count] of counts) if (best === undefined || count > (counts.get(best) as number)) best = value;
  return best;
}
