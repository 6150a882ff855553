// A scan laid sideways or upside down on an upright page (no /Rotate to say so) is read turned upright. tesseract
// reads sideways words well (confidence ~94) but as columns of one-word lines, which the layout then orders as
// word soup (CER 0.72 on a sideways 3-page scan); upside down it reads soup (mean word confidence 27). Its
// orientation model (osd) is not shipped with tesseract.js's data, so the turn is told from the first reading:
// words taller than wide, in which direction a line's words run, and how sure tesseract was.
import type { PageInput } from "../layout/types.js";
import { deskewed } from "./deskew.js";
import { type HocrLine, hocrLines } from "./hocr.js";
import { hocrPageInput } from "./hocr-runs.js";
import type { GrayRaster } from "./page-raster.js";
import { toPgm } from "./pgm.js";

export type Turn = 0 | 90 | 180 | 270;

export const ORIENTATION_DEFAULTS = {
  /** Words of this many characters or more are judged: shorter ones are as tall as wide upright. */
  minWordChars: 3,
  /** Fewer judged words than this: too little text to tell (a figure page, a blank back page). */
  minWords: 20,
  /** Share of judged words taller than wide above which the page lies sideways (upright 0.01, sideways 0.99). */
  minSidewaysShare: 0.5,
  /** Mean confidence (0..100) below which an upright-looking page is read upside down too (upright 94, inverted 27). */
  maxUprightConfidence: 50,
};

interface WordStats {
  words: number;
  sideways: number;
  /** Lines of 2+ words whose last word lies below their first: text running down the page. */
  downward: number;
  upward: number;
  meanConfidence: number;
}

function wordStats(lines: readonly HocrLine[]): WordStats {
  const opts = ORIENTATION_DEFAULTS;
  let words = 0;
  let sideways = 0;
  let downward = 0;
  let upward = 0;
  let confidence = 0;
  for (const line of lines) {
    for (const word of line.words) {
      if (word.text.trim().length < opts.minWordChars) continue;
      words++;
      confidence += word.confidence;
      if (word.bbox.y1 - word.bbox.y0 > word.bbox.x1 - word.bbox.x0) sideways++;
    }
    const first = line.words[0];
    const last = line.words[line.words.length - 1];
    if (first && last && first !== last) {
      if (last.bbox.y0 > first.bbox.y1) downward++;
      else if (last.bbox.y1 < first.bbox.y0) upward++;
    }
  }
  return { words, sideways, downward, upward, meanConfidence: words > 0 ? confidence / words : 0 };
}

/** Whether most judged words lie across the page, as upright text's do. */
function across(stats: WordStats): boolean {
  return stats.words > 0 && stats.sideways / stats.words <= ORIENTATION_DEFAULTS.minSidewaysShare;
}

/** The clockwise turns worth trying on a page whose first reading has `stats`, best guess first; empty: upright. */
function turnsToTry(stats: WordStats): Turn[] {
  const opts = ORIENTATION_DEFAULTS;
  if (stats.words < opts.minWords) return [];
  // Text running down the page was turned clockwise: turn it back the other way. The way a line's words run is
  // only a guess (tesseract often makes each sideways word a line of its own), so the other turn follows it.
  if (!across(stats)) return stats.upward > stats.downward ? [90, 270] : [270, 90];
  return stats.meanConfidence < opts.maxUprightConfidence ? [180] : [];
}

/** Whether reading `b` of a page is better than `a`: words across the page first, then tesseract's confidence. */
function readsBetter(a: WordStats, b: WordStats): boolean {
  if (across(a) !== across(b)) return across(b);
  return b.meanConfidence > a.meanConfidence;
}

/** A reading good enough to stop turning: across the page, and read with confidence. */
function readsUpright(stats: WordStats): boolean {
  return across(stats) && stats.meanConfidence >= ORIENTATION_DEFAULTS.maxUprightConfidence;
}

/**
 * `raster` turned clockwise by `turn`, its toUser mapping into the upright page's frame: a page `pageWidth` by
 * `pageHeight` turned by 90 or 270 is `pageHeight` wide, so the layout reads its lines across as it shows them.
 */
export function turnRaster(raster: GrayRaster, turn: Turn, pageWidth: number, pageHeight: number): GrayRaster {
  if (turn === 0) return raster;
  const { width: w, height: h, gray } = raster;
  const sideways = turn !== 180;
  const width = sideways ? h : w;
  const height = sideways ? w : h;
  const out = new Uint8Array(width * height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const [sx, sy] = turn === 90 ? [y, h - 1 - x] : turn === 270 ? [w - 1 - y, x] : [w - 1 - x, h - 1 - y];
      out[y * width + x] = gray[sy * w + sx] ?? 255;
    }
  }
  const toUser = (x: number, y: number): [number, number] => {
    const [ox, oy] = turn === 90 ? [y, h - x] : turn === 270 ? [w - y, x] : [w - x, h - y];
    const [u, v] = raster.toUser(ox, oy);
    if (turn === 90) return [v, pageWidth - u];
    if (turn === 270) return [pageHeight - v, u];
    return [pageWidth - u, pageHeight - v];
  };
  return { width, height, gray: out, toUser, source: raster.source };
}

/** A turned page's frame: width and height swap when it is turned sideways. */
export function turnedSize(turn: Turn, pageWidth: number, pageHeight: number): [number, number] {
  return turn === 90 || turn === 270 ? [pageHeight, pageWidth] : [pageWidth, pageHeight];
}

/**
 * A page's PageInput read upright: the raster is turned straight when skewed (deskew.ts), `hocrOf` reads it as it
 * lies, and again turned when that first reading says the page lies sideways or upside down (one more recognition,
 * on those pages only); the better reading wins.
 */
export async function uprightPageInput(
  scan: GrayRaster,
  pageNumber: number,
  pageWidth: number,
  pageHeight: number,
  hocrOf: (pgm: Uint8Array) => Promise<string>,
): Promise<PageInput> {
  const { raster, degrees } = deskewed(scan);
  const hocr = await hocrOf(toPgm(raster));
  let best = { hocr, raster, turn: 0 as Turn, stats: wordStats(hocrLines(hocr)) };
  for (const turn of turnsToTry(best.stats)) {
    const turned = turnRaster(raster, turn, pageWidth, pageHeight);
    const again = await hocrOf(toPgm(turned));
    const stats = wordStats(hocrLines(again));
    if (readsBetter(best.stats, stats)) best = { hocr: again, raster: turned, turn, stats };
    if (readsUpright(best.stats)) break;
  }
  const [width, height] = turnedSize(best.turn, pageWidth, pageHeight);
  const input = hocrPageInput(best.hocr, best.raster, pageNumber, width, height);
  return degrees === 0 ? input : { ...input, deskewDegrees: degrees };
}
