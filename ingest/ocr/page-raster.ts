// The pixels OCR reads for a page, as 8-bit grey, with the map from pixels back to PDF user space.
// A scan's own embedded image is used when it is the page (lossless, no resampling, about 10x faster than a render);
// anything else is rendered by pdf.js into a canvas from the document's own canvasFactory (pdfjs-dist bundles its
// own @napi-rs/canvas, and a canvas from another version of it segfaults when pdf.js draws into it).
import type { PDFDocumentProxy, PDFPageProxy } from "pdfjs-dist/legacy/build/pdf.mjs";
import { type DecodedImage, decodedPixels, type ImagePlacement, pageImages } from "./page-images.js";

export const RASTER_DEFAULTS = {
  /** Render resolution when the page is drawn rather than taken from its embedded image. */
  dpi: 300,
  /** Render cap: a poster-sized page box at 300 dpi would need gigabytes. */
  maxPixels: 40_000_000,
  /** Share of the page box one image must cover to be read directly as the page. */
  minEmbeddedCoverage: 0.9,
  /** Narrower embedded images are too coarse for tesseract; render (and upsample) instead. */
  minEmbeddedWidthPx: 1000,
  /** "auto" prefers the embedded image; "render" always draws the page (for comparisons). */
  source: "auto" as "auto" | "render",
};
export type RasterOptions = typeof RASTER_DEFAULTS;

export interface GrayRaster {
  width: number;
  height: number;
  /** One byte per pixel, rows top to bottom. */
  gray: Uint8Array;
  /** Maps pixel (x, y), y down from the top row, to PDF user space. */
  toUser(x: number, y: number): [number, number];
  source: "embedded" | "render";
}

export async function pageRaster(
  pdf: PDFDocumentProxy,
  page: PDFPageProxy,
  opts: RasterOptions = RASTER_DEFAULTS,
): Promise<GrayRaster> {
  if (opts.source === "auto") {
    const embedded = await embeddedRaster(page, opts);
    if (embedded) return embedded;
  }
  return renderRaster(pdf, page, opts);
}

/** The page's one full-page, axis-aligned, upright image, or null when the page is not simply a scan. */
async function embeddedRaster(page: PDFPageProxy, opts: RasterOptions): Promise<GrayRaster | null> {
  if (page.rotate % 360 !== 0) return null;
  const [vx0, vy0, vx1, vy1] = page.view as [number, number, number, number];
  const pageArea = (vx1 - vx0) * (vy1 - vy0);
  let best: ImagePlacement | null = null;
  for (const image of await pageImages(page)) {
    const [x0, y0, x1, y1] = image.box;
    if ((x1 - x0) * (y1 - y0) >= opts.minEmbeddedCoverage * pageArea) best = image;
  }
  if (!best || best.mask) return null;
  const [a, b, c, d, e, f] = best.matrix;
  // Upright only: a > 0, d > 0 and no shear, so pixel rows run left to right, top to bottom.
  if (Math.abs(b) > 1e-6 || Math.abs(c) > 1e-6 || a <= 0 || d <= 0) return null;
  const pixels = await decodedPixels(page, best);
  if (!pixels || pixels.width < opts.minEmbeddedWidthPx) return null;
  const gray = toGray(pixels);
  if (!gray) return null;
  const { width, height } = pixels;
  return {
    width,
    height,
    gray,
    toUser: (x, y) => [e + (x / width) * a, f + d - (y / height) * d],
    source: "embedded",
  };
}

function toGray(image: DecodedImage): Uint8Array | null {
  const { width, height, kind, data } = image;
  const gray = new Uint8Array(width * height);
  if (kind === 1) {
    const rowBytes = (width + 7) >> 3;
    for (let y = 0; y < height; y++) {
      const row = y * rowBytes;
      const out = y * width;
      for (let x = 0; x < width; x++) gray[out + x] = ((data[row + (x >> 3)] ?? 0) >> (7 - (x & 7))) & 1 ? 255 : 0;
    }
    return gray;
  }
  const channels = kind === 2 ? 3 : kind === 3 ? 4 : 0;
  if (channels === 0 || data.length < width * height * channels) return null;
  lumaInto(gray, data, channels);
  return gray;
}

/** ITU-R BT.601 luma in integer arithmetic. */
function lumaInto(gray: Uint8Array, rgb: Uint8Array | Uint8ClampedArray, channels: number): void {
  for (let p = 0, i = 0; p < gray.length; p++, i += channels) {
    gray[p] = ((rgb[i] ?? 0) * 77 + (rgb[i + 1] ?? 0) * 150 + (rgb[i + 2] ?? 0) * 29) >> 8;
  }
}

interface CanvasAndContext {
  canvas: unknown;
  context: { getImageData(x: number, y: number, w: number, h: number): { data: Uint8ClampedArray } };
}
type RenderCanvas = Parameters<PDFPageProxy["render"]>[0]["canvas"];
interface CanvasFactory {
  create(width: number, height: number): CanvasAndContext;
  destroy(canvasAndContext: CanvasAndContext): void;
}

async function renderRaster(pdf: PDFDocumentProxy, page: PDFPageProxy, opts: RasterOptions): Promise<GrayRaster> {
  const base = page.getViewport({ scale: 1 });
  const capped = Math.sqrt(opts.maxPixels / Math.max(1, base.width * base.height));
  const viewport = page.getViewport({ scale: Math.min(opts.dpi / 72, capped) });
  const width = Math.ceil(viewport.width);
  const height = Math.ceil(viewport.height);
  const factory = pdf.canvasFactory as CanvasFactory;
  const target = factory.create(width, height);
  try {
    await page.render({
      canvas: target.canvas as RenderCanvas,
      viewport,
      background: "white",
    }).promise;
    const rgba = target.context.getImageData(0, 0, width, height).data;
    // A page shown turned (/Rotate, as scanners store a sideways image) is recognised as shown; mapped back to user
    // space its words would run down the page and the layout would take them for a margin stamp. The page's
    // PageInput is in the shown frame too (width and height from the turned viewport), so OCR words go there.
    const upright = (x: number, y: number): [number, number] => [x / viewport.scale, (height - y) / viewport.scale];
    const gray = new Uint8Array(width * height);
    lumaInto(gray, rgba, 4);
    return {
      width,
      height,
      gray,
      toUser: page.rotate % 360 === 0 ? (x, y) => viewport.convertToPdfPoint(x, y) as [number, number] : upright,
      source: "render",
    };
  } finally {
    factory.destroy(target);
  }
}
