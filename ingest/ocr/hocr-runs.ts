// tesseract's hOCR as the layout seam's PageInput: one run per word, on its line's baseline, in PDF user space, so
// OCR'd pages go through the same reading-order and cleanup rules as text-layer pages.
import type { FontStyle, PageInput, TextRun } from "../layout/types.js";
import { type HocrLine, hocrLines } from "./hocr.js";
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

function lineRuns(line: HocrLine, raster: GrayRaster, runs: TextRun[]): void {
  const words = line.words.filter((word) => word.text.trim() !== "");
  const { baseline, bbox } = line;
  const sizePx = line.rowHeight ?? bbox.y1 - bbox.y0;
  for (let i = 0; i < words.length; i++) {
    const word = words[i] as (typeof words)[number];
    const next = words[i + 1];
    const x0 = word.bbox.x0;
    // A word's run spans to the next word, as pdf.js spans a word and its following space.
    const x1 = next ? next.bbox.x0 : word.bbox.x1;
    const baseY = baseline ? bbox.y1 + baseline.offset + baseline.slope * (x0 - bbox.x0) : Number.NaN;
    // The baseline is trusted only near the word's box: on vertical text (an arXiv stamp) its slope is nonsense.
    // It may lie below the box: a minus or plus sign floats half an x-height above the line it belongs to.
    const near = baseY > word.bbox.y0 && baseY <= word.bbox.y1 + BASELINE_BELOW_BOX * sizePx;
    const y = Number.isFinite(baseY) && near ? baseY : word.bbox.y1;
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
