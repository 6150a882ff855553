// Geometry layer: positioned runs -> rows (one baseline) -> lines, split at the page's column gutters.
// Works from geometry only (transform, width, size), so pdf.js text items and OCR words take the same path.
//
// The steps live in their own files: rows.ts (baselines, scripts), column-gutters.ts, line-text.ts and
// typewriter-lines.ts (each line's text), page-edges.ts (where furniture sits), rotated-lines.ts.

import { byColumn, findGutters } from "./column-gutters.js";
import { cleanGlyphs } from "./glyphs.js";
import { withoutLineNumbers } from "./line-numbers.js";
import { makeLine } from "./line-text.js";
import { typewriterFonts } from "./monospace.js";
import { withoutOverprints } from "./overprint.js";
import { markEdges, markMargins } from "./page-edges.js";
import { type RotatedPiece, rotatedLines } from "./rotated-lines.js";
import { groupRows } from "./rows.js";
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
  /**
   * Gaps wider than TABLE_GAP_EM (run-gaps.ts) inside the line: table rows and figure labels have them, prose has
   * none.
   */
  wideGaps: number;
  /** In the top or bottom margin band, or on the page's first/last two rows: where running heads and folios sit. */
  edge: "top" | "bottom" | null;
  /** In the outer margin band and set apart from the body by a wide gap: furniture even when it never repeats. */
  margin: boolean;
  /**
   * Advance of one character when the line is set in a typewriter font (TYPEWRITER_LINE_SHARE of its characters,
   * typewriter-lines.ts).
   */
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

export function pageLines(page: PageInput): PageLines {
  const pieces: Piece[] = [];
  const rotatedPieces: RotatedPiece[] = [];
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

/**
 * A row becomes one full-width line when a run crosses a gutter, else a line per column it has text in (the number
 * of gutters left of a run is its column).
 */
function splitRow(row: Piece[], gutters: number[], out: Line[]): void {
  const columns = gutters.length === 0 ? null : byColumn(row, gutters);
  if (columns === null) out.push(makeLine(row, "full"));
  else for (const [column, pieces] of columns) out.push(makeLine(pieces, column));
}
