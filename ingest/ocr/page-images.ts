// Where a page paints raster images: pdf.js operator list replayed with its transform stack, so each image's
// placement (the unit square through the current matrix) is known in PDF user space.
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

function unitSquareBox(m: Matrix): [number, number, number, number] {
  const xs = [m[4], m[0] + m[4], m[2] + m[4], m[0] + m[2] + m[4]];
  const ys = [m[5], m[1] + m[5], m[3] + m[5], m[1] + m[3] + m[5]];
  return [Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)];
}

/** Every image the page paints, in painting order. */
export async function pageImages(page: PDFPageProxy): Promise<ImagePlacement[]> {
  const ops = await page.getOperatorList();
  const stack: Matrix[] = [];
  let ctm: Matrix = [1, 0, 0, 1, 0, 0];
  const images: ImagePlacement[] = [];
  for (let i = 0; i < ops.fnArray.length; i++) {
    const fn = ops.fnArray[i];
    const args = ops.argsArray[i] as unknown[];
    if (fn === OPS.save) stack.push(ctm);
    else if (fn === OPS.restore) ctm = stack.pop() ?? ctm;
    else if (fn === OPS.transform) ctm = multiply(ctm, args as number[]);
    else if (fn === OPS.paintFormXObjectBegin) {
      stack.push(ctm);
      // A form's /Matrix comes as a Float32Array: read as an array, images inside a scaled form were misplaced.
      if (Array.isArray(args[0]) || ArrayBuffer.isView(args[0])) ctm = multiply(ctm, Array.from(args[0] as number[]));
    } else if (fn === OPS.paintFormXObjectEnd) ctm = stack.pop() ?? ctm;
    else if (fn === OPS.paintImageXObject || fn === OPS.paintInlineImageXObject || fn === OPS.paintImageMaskXObject) {
      const ref = args[0];
      const objId = typeof ref === "string" ? ref : null;
      const inline = objId === null && isDecodedImage(ref) ? ref : null;
      images.push({ objId, inline, mask: fn === OPS.paintImageMaskXObject, matrix: ctm, box: unitSquareBox(ctm) });
    }
  }
  return images;
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
