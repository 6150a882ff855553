import type { GrayRaster } from "./page-raster.js";

/** Binary PGM (P5): leptonica reads it without a codec, so handing pixels to tesseract costs a header. */
export function toPgm(raster: GrayRaster): Uint8Array {
  const header = new TextEncoder().encode(`P5\n${raster.width} ${raster.height}\n255\n`);
  const out = new Uint8Array(header.length + raster.gray.length);
  out.set(header, 0);
  out.set(raster.gray, header.length);
  return out;
}
