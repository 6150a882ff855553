// A page's text as a reader sees it. A text layer can hold text no one sees: invisible (render mode 3), paper white,
// a fraction of a point high, or in optional content the default view hides. Some is harmless debris (white labels
// in a figure's dark boxes, a publisher's banner, animation frames of a layer switched off); some is planted: a line
// telling a model reviewing the paper to rate it highly. Neither is the paper's prose, and a model trained on it
// learns what readers never saw. pdf.js marks each item drawn hidden (pdfjs-worker-edits.ts); this drops them.
//
// One kind of invisible text is the page's prose: a scan's OCR layer, drawn invisibly over the scanned image so the
// page can be searched. Invisible text over a painted image is kept.
import type { PDFPageProxy } from "pdfjs-dist/legacy/build/pdf.mjs";
import type { TextContent, TextItem } from "pdfjs-dist/types/src/display/api.js";
import { type ImagePlacement, pageImages } from "./ocr/page-images.js";

/** Why an item is hidden: the worker's marks, and `tiny` (judged here, from the item's size). */
export type HiddenBy = "invisible" | "white" | "optional" | "tiny";

/** Text under this height, in points as shown, is not read by anyone: 1.5 pt is half a millimetre. */
export const MIN_VISIBLE_SIZE = 1.5;

export interface VisibleText {
  content: TextContent;
  /** Characters dropped (white space not counted), by why; empty when nothing was. */
  hidden: Partial<Record<HiddenBy, number>>;
}

type MarkedItem = TextItem & { assayHidden?: Exclude<HiddenBy, "tiny"> };

/**
 * `content` without its hidden items. The operator list (where images are painted) is walked only when the page has
 * invisible text, to keep a scan's OCR layer; a page without hidden text is returned as it came.
 */
export async function visibleText(page: PDFPageProxy, content: TextContent): Promise<VisibleText> {
  const minSize = MIN_VISIBLE_SIZE / (page.userUnit || 1);
  const hiddenBy = new Map<MarkedItem, HiddenBy>();
  for (const item of content.items) {
    if (!("str" in item) || item.str.trim() === "") continue;
    const marked = item as MarkedItem;
    const why = marked.assayHidden ?? (sizeOf(marked) < minSize ? "tiny" : null);
    if (why) hiddenBy.set(marked, why);
  }
  if (hiddenBy.size === 0) return { content, hidden: {} };
  const invisible = [...hiddenBy].filter(([, why]) => why === "invisible").map(([item]) => item);
  if (invisible.length > 0) {
    const images = await pageImages(page).catch(() => []);
    for (const item of invisible) if (overAnImage(item, images)) hiddenBy.delete(item);
  }
  const hidden: VisibleText["hidden"] = {};
  for (const [item, why] of hiddenBy) hidden[why] = (hidden[why] ?? 0) + item.str.replace(/\s/g, "").length;
  const items = content.items.filter((item) => !hiddenBy.has(item as MarkedItem));
  return { content: { ...content, items }, hidden };
}

/** The item's font size in user space: its transform's vertical scale. */
function sizeOf(item: TextItem): number {
  return Math.hypot(item.transform[2] ?? 0, item.transform[3] ?? 0);
}

/** Whether the item starts inside a painted image (grown by the item's size: OCR layers sit on a glyph's baseline). */
function overAnImage(item: TextItem, images: readonly ImagePlacement[]): boolean {
  const x = item.transform[4] ?? 0;
  const y = item.transform[5] ?? 0;
  const slack = sizeOf(item);
  return images.some(
    ({ box: [x0, y0, x1, y1] }) => x >= x0 - slack && x <= x1 + slack && y >= y0 - slack && y <= y1 + slack,
  );
}
