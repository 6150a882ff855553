// A scan fed a degree or two askew is turned straight before OCR: tesseract's line finder takes a skewed column of
// text for blocks of short slanted lines, drops whole paragraphs and interleaves the rest (a corpus page skewed 2.5°
// clockwise kept 896 of its 2,791 characters; 2.5° the other way all of them, but at CER 0.62 against its straight
// reading). The angle comes from a projection profile: ink of a downscaled page counted per row along slanted lines,
// the slant at which the rows are sharpest (text lines and the gaps between them) winning. tesseract.js's rotateAuto
// finds the same angles (within 0.05°) and reads as well, but turns the page inside the OCR worker after a second
// line-finding pass: +20% CPU on a page skewed 0.35°, against +10% here, where the turn runs in the ingest thread.
import type { GrayRaster } from "./page-raster.js";

export const DESKEW_DEFAULTS = {
  /** Largest skew looked for, in degrees either way; a scanner's feeder skews by a few degrees at most. */
  maxDegrees: 5,
  /**
   * Skews smaller than this are left alone (tesseract.js's rotateAuto stops at 0.29° too): turning resamples the page
   * and costs ~0.1 s, and they cost little (a corpus page turned ±0.2°: CER 0.007 and 0.034 against it straight).
   */
  minDegrees: 0.3,
  /** Step of the coarse search, then of the fine one around its best angle, in degrees. */
  coarseStep: 0.25,
  fineStep: 0.05,
  /** The profile is taken on a page this many pixels wide or less (blocks of pixels, a block dark if any is). */
  profileWidth: 900,
  /** Grey level below which a pixel is ink. */
  inkBelow: 128,
  /**
   * How much sharper the profile must be at the best angle than at 0° for the page to be turned: a page without text
   * lines (a figure, a page lying sideways) has no sharper angle, only noise.
   */
  minGain: 1.1,
};
export type DeskewOptions = typeof DESKEW_DEFAULTS;

/** The ink of a page downscaled to at most profileWidth blocks across (a block is ink if any of its pixels is). */
interface Ink {
  xs: Int32Array;
  ys: Int32Array;
  count: number;
  width: number;
  height: number;
}

function inkBlocks(raster: GrayRaster, opts: DeskewOptions): Ink {
  const scale = Math.max(1, Math.ceil(raster.width / opts.profileWidth));
  const width = Math.ceil(raster.width / scale);
  const height = Math.ceil(raster.height / scale);
  const ink = new Uint8Array(width * height);
  const { gray } = raster;
  const blockOf = new Int32Array(raster.width);
  for (let x = 0; x < raster.width; x++) blockOf[x] = (x / scale) | 0;
  for (let y = 0; y < raster.height; y++) {
    const row = y * raster.width;
    const blockRow = ((y / scale) | 0) * width;
    for (let x = 0; x < raster.width; x++) {
      if ((gray[row + x] as number) < opts.inkBelow) ink[blockRow + (blockOf[x] as number)] = 1;
    }
  }
  let count = 0;
  for (const dark of ink) count += dark;
  const xs = new Int32Array(count);
  const ys = new Int32Array(count);
  for (let i = 0, n = 0; i < ink.length; i++) {
    if (ink[i] === 0) continue;
    xs[n] = i % width;
    ys[n] = (i / width) | 0;
    n++;
  }
  return { xs, ys, count, width, height };
}

/**
 * Sharpness of the page's row profile along lines slanted by `degrees` (clockwise, as the page shows): the sum of
 * squared differences between neighbouring rows' ink, high where text lines and the gaps between them stay apart.
 */
function profileSharpness(ink: Ink, degrees: number, rows: Int32Array): number {
  const slope = Math.tan((degrees * Math.PI) / 180);
  // Rows start far enough up that the slanted ones stay positive, so truncation rounds them.
  const margin = Math.ceil(Math.abs(slope) * ink.width) + 1.5;
  rows.fill(0);
  const { xs, ys } = ink;
  for (let i = 0; i < ink.count; i++) {
    const row = ((ys[i] as number) - (xs[i] as number) * slope + margin) | 0;
    rows[row] = (rows[row] as number) + 1;
  }
  let sharpness = 0;
  for (let r = 1; r < rows.length; r++) {
    const step = (rows[r] as number) - (rows[r - 1] as number);
    sharpness += step * step;
  }
  return sharpness;
}

/**
 * The clockwise skew of the page's text lines, in degrees, or 0 when it is smaller than `minDegrees` or no angle
 * reads sharper than the page as it lies (too little text to tell).
 */
export function skewDegrees(raster: GrayRaster, opts: DeskewOptions = DESKEW_DEFAULTS): number {
  const ink = inkBlocks(raster, opts);
  if (ink.count === 0) return 0;
  const rows = new Int32Array(
    ink.height + 2 * (Math.ceil(Math.tan((opts.maxDegrees * Math.PI) / 180) * ink.width) + 2),
  );
  const sharpness = (degrees: number) => profileSharpness(ink, degrees, rows);
  const best = { degrees: 0, sharpness: sharpness(0) };
  const straight = best.sharpness;
  /** Tries `around` ± `steps` steps of `step` degrees, within ±maxDegrees (the rows fit no steeper slant). */
  const search = (around: number, steps: number, step: number) => {
    for (let i = -steps; i <= steps; i++) {
      const degrees = Math.round((around + i * step) * 1000) / 1000;
      if (Math.abs(degrees) > opts.maxDegrees) continue;
      const s = sharpness(degrees);
      if (s > best.sharpness) Object.assign(best, { degrees, sharpness: s });
    }
  };
  search(0, Math.floor(opts.maxDegrees / opts.coarseStep), opts.coarseStep);
  search(best.degrees, Math.round(opts.coarseStep / opts.fineStep), opts.fineStep);
  if (Math.abs(best.degrees) < opts.minDegrees || best.sharpness < straight * opts.minGain) return 0;
  return best.degrees;
}

/**
 * `raster` turned clockwise by `degrees` about its centre (bilinear, white where nothing was), the same size. Its
 * toUser is the page's: the turned pixels are taken for the page as it should have lain, so a deskewed page's lines
 * run straight across the page for the layout, and its margins stay where they were.
 */
export function rotateRaster(raster: GrayRaster, degrees: number): GrayRaster {
  const { width: w, height: h, gray } = raster;
  const out = new Uint8Array(w * h);
  const cos = Math.cos((degrees * Math.PI) / 180);
  const sin = Math.sin((degrees * Math.PI) / 180);
  const cx = (w - 1) / 2;
  const cy = (h - 1) / 2;
  const at = (x: number, y: number) => (x < 0 || y < 0 || x >= w || y >= h ? 255 : (gray[y * w + x] as number));
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      // The source of output pixel (x, y): turned back, counter-clockwise, about the centre.
      const dx = x - cx;
      const dy = y - cy;
      const sx = cx + dx * cos + dy * sin;
      const sy = cy - dx * sin + dy * cos;
      const x0 = Math.floor(sx);
      const y0 = Math.floor(sy);
      const fx = sx - x0;
      const fy = sy - y0;
      const top = at(x0, y0) * (1 - fx) + at(x0 + 1, y0) * fx;
      const bottom = at(x0, y0 + 1) * (1 - fx) + at(x0 + 1, y0 + 1) * fx;
      out[y * w + x] = Math.round(top * (1 - fy) + bottom * fy);
    }
  }
  return { ...raster, gray: out };
}

/**
 * `raster` turned straight when its text lines are skewed, with the clockwise skew it was turned by; itself and 0 when
 * they are not (most pages: one profile).
 */
export function deskewed(
  raster: GrayRaster,
  opts: DeskewOptions = DESKEW_DEFAULTS,
): { raster: GrayRaster; degrees: number } {
  const degrees = skewDegrees(raster, opts);
  return { raster: degrees === 0 ? raster : rotateRaster(raster, -degrees), degrees };
}
