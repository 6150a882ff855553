// Where a page paints raster images, and where it paints areas white text shows on: pdf.js operator list replayed
// with its transform stack and fill colour, so each image's placement (the unit square through the current matrix)
// and each dark fill's box are known in PDF user space.
import { OPS, type PDFPageProxy } from "pdfjs-dist/legacy/build/pdf.mjs";
import { type Matrix, multiply } from "../matrix.js";

export interface ImagePlacement {
  /** pdf.js object id, for fetching the decoded pixels; null for inline images (pixels travel in `inline`). */
  objId: string | null;
  inline: DecodedImage | null;
  /** Stencil masks paint a fill colour through 1-bit pixels; they are not scans of a page. */
  mask: boolean;
  matrix: Matrix;
  /** Bounding box in user space: [x0, y0, x1, y1]. */
  box: [number, number, number, number];
}

/** pdf.js decoded image: kind 1 = 1 bit per pixel (1 is white), 2 = RGB, 3 = RGBA. */
export interface DecodedImage {
  width: number;
  height: number;
  kind: number;
  data: Uint8Array | Uint8ClampedArray;
}

type Box = [number, number, number, number];

/** The box of [x0, y0, x1, y1] through `m`. */
function boxThrough(m: Matrix, [x0, y0, x1, y1]: readonly number[]): Box {
  const xs = [0, 1, 2, 3].map((i) => (i & 1 ? x1 : x0) as number);
  const ys = [0, 1, 2, 3].map((i) => (i & 2 ? y1 : y0) as number);
  const tx = xs.map((x, i) => m[0] * x + m[2] * (ys[i] as number) + m[4]);
  const ty = xs.map((x, i) => m[1] * x + m[3] * (ys[i] as number) + m[5]);
  return [Math.min(...tx), Math.min(...ty), Math.max(...tx), Math.max(...ty)];
}

/** A fill darker than this (relative luminance, 0..1) is a backdrop white text shows on. */
const BACKDROP_LUMINANCE = 0.85;

/** Path-painting operators that fill. */
const FILLS: ReadonlySet<number> = new Set([
  OPS.fill,
  OPS.eoFill,
  OPS.fillStroke,
  OPS.eoFillStroke,
  OPS.closeFillStroke,
  OPS.closeEOFillStroke,
]);

export interface PagePaint {
  /** Every image the page paints, in painting order. */
  images: ImagePlacement[];
  /** Boxes of fills white text shows on: dark colours, patterns and shadings (a shading fills the whole page). */
  backdrops: Box[];
}

/** Whether a fill colour as pdf.js gives it (#rrggbb; a pattern otherwise) is dark enough for white text to show. */
function isBackdrop(colour: unknown): boolean {
  if (typeof colour !== "string" || !/^#[0-9a-f]{6}$/i.test(colour)) return true;
  const [r, g, b] = [1, 3, 5].map((at) => Number.parseInt(colour.slice(at, at + 2), 16) / 255) as [
    number,
    number,
    number,
  ];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b < BACKDROP_LUMINANCE;
}

/** What the page paints, from its operator list. */
export async function pagePaint(page: PDFPageProxy): Promise<PagePaint> {
  const ops = await page.getOperatorList();
  const stack: { ctm: Matrix; dark: boolean }[] = [];
  let ctm: Matrix = [1, 0, 0, 1, 0, 0];
  let dark = true;
  const images: ImagePlacement[] = [];
  const backdrops: Box[] = [];
  for (let i = 0; i < ops.fnArray.length; i++) {
    const fn = ops.fnArray[i];
    const args = ops.argsArray[i] as unknown[];
    if (fn === OPS.save) stack.push({ ctm, dark });
    else if (fn === OPS.restore) ({ ctm, dark } = stack.pop() ?? { ctm, dark });
    else if (fn === OPS.transform) ctm = multiply(ctm, args as number[]);
    else if (fn === OPS.setFillRGBColor) dark = isBackdrop(args[0]);
    else if (fn === OPS.setFillColorN) dark = true;
    else if (fn === OPS.constructPath && FILLS.has(args[0] as number) && dark && args[2]) {
      backdrops.push(boxThrough(ctm, args[2] as number[]));
    } else if (fn === OPS.shadingFill) backdrops.push([-Infinity, -Infinity, Infinity, Infinity]);
    else if (fn === OPS.paintFormXObjectBegin) {
      stack.push({ ctm, dark });
      if (Array.isArray(args[0]) || ArrayBuffer.isView(args[0])) ctm = multiply(ctm, Array.from(args[0] as number[]));
    } else if (fn === OPS.paintFormXObjectEnd) ({ ctm, dark } = stack.pop() ?? { ctm, dark });
    else if (fn === OPS.paintImageXObject || fn === OPS.paintInlineImageXObject || fn === OPS.paintImageMaskXObject) {
      const ref = args[0];
      const objId = typeof ref === "string" ? ref : null;
      const inline = objId === null && isDecodedImage(ref) ? ref : null;
      images.push({
        objId,
        inline,
        mask: fn === OPS.paintImageMaskXObject,
        matrix: ctm,
        box: boxThrough(ctm, [0, 0, 1, 1]),
      });
    }
  }
  return { images, backdrops };
}

/** Every image the page paints, in painting order. */
export async function pageImages(page: PDFPageProxy): Promise<ImagePlacement[]> {
  return (await pagePaint(page)).images;
}

function isDecodedImage(value: unknown): value is DecodedImage {
  return typeof value === "object" && value !== null && "data" in value && "width" in value && "kind" in value;
}

/** Share of the page box covered by images (overlaps counted once only for the single largest image). */
export function imageCoverage(images: readonly ImagePlacement[], view: readonly number[]): number {
  const [vx0, vy0, vx1, vy1] = view as [number, number, number, number];
  const pageArea = (vx1 - vx0) * (vy1 - vy0);
  if (pageArea <= 0) return 0;
  let covered = 0;
  for (const { box } of images) {
    const w = Math.min(box[2], vx1) - Math.max(box[0], vx0);
    const h = Math.min(box[3], vy1) - Math.max(box[1], vy0);
    if (w > 0 && h > 0) covered += w * h;
  }
  return Math.min(1, covered / pageArea);
}

/** Fetches an image's decoded pixels from the page's object store. */
export async function decodedPixels(page: PDFPageProxy, image: ImagePlacement): Promise<DecodedImage | null> {
  if (image.inline) return image.inline;
  if (image.objId === null) return null;
  const store = image.objId.startsWith("g_") ? page.commonObjs : page.objs;
  const value: unknown = await new Promise((resolve) => store.get(image.objId as string, resolve));
  return isDecodedImage(value) ? value : null;
}
