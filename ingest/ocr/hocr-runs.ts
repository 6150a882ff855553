// tesseract's hOCR as the layout seam's PageInput: one run per word, on its line's baseline, in PDF user space, so
// OCR'd pages go through the same reading-order and cleanup rules as text-layer pages.
import type { FontStyle, PageInput, TextRun } from "../layout/types.js";
import { type HocrLine, type HocrWord, hocrLines } from "./hocr.js";
import type { GrayRaster } from "./page-raster.js";

/** Font name OCR runs carry, so the layout can tell them apart from text-layer runs. */
export const OCR_FONT = "ocr";
const OCR_STYLE: FontStyle = { fontFamily: "sans-serif", ascent: 0.8, descent: -0.2, vertical: false };

/** hOCR of `raster` as the page's PageInput: what recognize() returns, also for hOCR made in another thread. */
export function hocrPageInput(
  hocr: string,
  raster: GrayRaster,
  pageNumber: number,
  pageWidth: number,
  pageHeight: number,
): PageInput {
  const runs: TextRun[] = [];
  for (const line of hocrLines(hocr)) {
    if (meanConfidence(line) >= MIN_LINE_CONFIDENCE) lineRuns(line, raster, runs);
  }
  return { pageNumber, width: pageWidth, height: pageHeight, runs, styles: { [OCR_FONT]: OCR_STYLE } };
}

/** How far (in row heights) the line's baseline may lie below a word's box and still be the word's baseline. */
const BASELINE_BELOW_BOX = 0.5;

/**
 * Lines whose words tesseract itself scores this low on average (0..100) are symbol soup read out of equations,
 * logos and plots ("pla | O)p(d\a,A) ew *a"), not text: they are left out. On the scanned set they are all junk;
 * prose lines, even blurred, score 60 and up.
 */
export const MIN_LINE_CONFIDENCE = 20;

function meanConfidence(line: HocrLine): number {
  let sum = 0;
  for (const word of line.words) sum += word.confidence;
  return line.words.length === 0 ? 0 : sum / line.words.length;
}

/** A line's row height (tesseract's x_size) over the height its capitals and ascenders reach: 1.30 on the scans. */
const ROW_OVER_ASCENDER = 1.3;
/** Words a line needs for its ascenders to measure its type: fewer may hold no capital or ascender ("on", "a"). */
const MIN_WORDS_TO_MEASURE = 2;
/**
 * How far the ascenders' measure may stray from tesseract's x_size: further, a word that is not the line's type
 * sets it (a vertical arXiv stamp's piece that tesseract put on a body line, a figure's label).
 */
const MAX_SIZE_CORRECTION = 0.15;

/**
 * The line's type size in pixels: what its capitals and ascenders reach above the baseline (the upper quartile over
 * its words, so a word of small letters or a raised mark does not set it), in row heights, within
 * MAX_SIZE_CORRECTION of tesseract's x_size. x_size agrees on most lines, but is a fit that short lines throw off: on
 * the 1995 scan it made the authors' lines (39-41.7 px) as large as the title (40.4), whose capitals stand 15%
 * taller (34.7 px against 29-30.7).
 */
function lineSizePx(line: HocrLine, words: readonly HocrWord[], rowPx: number): number {
  if (words.length < MIN_WORDS_TO_MEASURE) return rowPx;
  const heights = words.map((word) => wordBaseline(line, word, rowPx) - word.bbox.y0).sort((a, b) => a - b);
  const upper = ROW_OVER_ASCENDER * (heights[Math.floor(0.75 * heights.length)] as number);
  if (!(upper > 0)) return rowPx;
  return Math.min(Math.max(upper, (1 - MAX_SIZE_CORRECTION) * rowPx), (1 + MAX_SIZE_CORRECTION) * rowPx);
}

/**
 * The line's baseline under the word, trusted only near the word's box (on vertical text, an arXiv stamp, its slope is
 * nonsense); else the box's bottom. It may lie below the box: a minus or plus sign floats half an x-height above the
 * line it belongs to.
 */
function wordBaseline(line: HocrLine, word: HocrWord, rowPx: number): number {
  const { baseline, bbox } = line;
  if (!baseline) return word.bbox.y1;
  const y = bbox.y1 + baseline.offset + baseline.slope * (word.bbox.x0 - bbox.x0);
  const near = y > word.bbox.y0 && y <= word.bbox.y1 + BASELINE_BELOW_BOX * rowPx;
  return Number.isFinite(y) && near ? y : word.bbox.y1;
}

function lineRuns(line: HocrLine, raster: GrayRaster, runs: TextRun[]): void {
  const words = line.words.filter((word) => word.text.trim() !== "");
  const rowPx = line.rowHeight ?? line.bbox.y1 - line.bbox.y0;
  const sizePx = lineSizePx(line, words, rowPx);
  for (let i = 0; i < words.length; i++) {
    const word = words[i] as (typeof words)[number];
    const next = words[i + 1];
    const x0 = word.bbox.x0;
    // A word's run spans to the next word, as pdf.js spans a word and its following space.
    const x1 = next ? next.bbox.x0 : word.bbox.x1;
    const y = wordBaseline(line, word, rowPx);
    const origin = raster.toUser(x0, y);
    const along = raster.toUser(x1, y);
    const up = raster.toUser(x0, y - sizePx);
    const width = Math.hypot(along[0] - origin[0], along[1] - origin[1]);
    const size = Math.hypot(up[0] - origin[0], up[1] - origin[1]);
    const ux = width > 0 ? (along[0] - origin[0]) / width : 1;
    const uy = width > 0 ? (along[1] - origin[1]) / width : 0;
    runs.push({
      str: next ? `${word.text} ` : word.text,
      transform: [ux * size, uy * size, -uy * size, ux * size, origin[0], origin[1]],
      width,
      height: size,
      fontName: OCR_FONT,
      hasEOL: next === undefined,
      confidence: word.confidence,
    });
  }
}
