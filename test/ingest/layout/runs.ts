// Hand-placed runs for layout rule tests: geometry as pdf.js or OCR would report it.
import type { PageInput, TextRun } from "../../../ingest/layout/types.js";

/** Average glyph advance of a serif font, in em: enough for widths that behave like real text. */
const ADVANCE_EM = 0.5;

export function run(str: string, x: number, y: number, size = 10, extra: Partial<TextRun> = {}): TextRun {
  return {
    str,
    transform: [size, 0, 0, size, x, y],
    width: ADVANCE_EM * size * str.length,
    height: size,
    fontName: "f1",
    hasEOL: false,
    ...extra,
  };
}

/** Text rotated 90 degrees (reading bottom to top), like the arXiv margin stamp. */
export function rotatedRun(str: string, x: number, y: number, size = 20): TextRun {
  return { ...run(str, x, y, size), transform: [0, size, -size, 0, x, y] };
}

export function page(runs: TextRun[], pageNumber = 1): PageInput {
  return { pageNumber, width: 612, height: 792, runs, styles: {} };
}

/** Lines of prose from top to bottom at one x, LEADING apart. */
export function column(lines: string[], x: number, top: number, size = 10, leading = 12): TextRun[] {
  return lines.map((line, i) => run(line, x, top - i * leading, size));
}
