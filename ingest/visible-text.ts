// A page's text as a reader sees it. A text layer can hold text no one sees: invisible (render mode 3), transparent,
// paper white on white paper, a fraction of a point high, or in optional content the default view hides. Some is
// debris (white labels of a figure, animation frames of a layer switched off); some is planted: a line telling a
// model reviewing the paper to rate it highly. Neither is the paper's prose, and a model trained on it learns what
// readers never saw. pdf.js marks each item drawn hidden (pdfjs-worker-edits.ts); this drops them.
//
// Two kinds are seen all the same, found where the page's operator list paints: a scan's OCR layer, drawn invisibly
// over the scanned image so the page can be searched (invisible or transparent text over an image), and white text
// on a dark box, an image or a shading (a banner, a table's header row, a coloured box's title).
import type { PDFPageProxy } from "pdfjs-dist/legacy/build/pdf.mjs";
import type { TextContent, TextItem } from "pdfjs-dist/types/src/display/api.js";
import { type PagePaint, pagePaint } from "./ocr/page-images.js";

/** Why an item is hidden: the worker's marks, and `tiny` (judged here, from the item's size). */
export type HiddenBy = "invisible" | "transparent" | "white" | "optional" | "tiny";

/** Text under this height, in points as shown, is not read by anyone: 1.5 pt is half a millimetre. */
export const MIN_VISIBLE_SIZE = 1.5;

export interface VisibleText {
  content: TextContent;
  /** Characters dropped (white space not counted), by why; empty when nothing was. */
  hidden: Partial<Record<HiddenBy, number>>;
}

type MarkedItem = TextItem & { assayHidden?: Exclude<HiddenBy, "tiny"> };

/**
 * `content` without its hidden items. The operator list (what is painted where) is walked only when the page has
 * invisible, transparent or white text; a page without hidden text is returned as it came.
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
  let painted: { images: number[][]; backdrops: PagePaint["backdrops"] } | null = null;
  for (const [item, why] of hiddenBy) {
    if (why === "optional" || why === "tiny") continue;
    if (painted === null) {
      const paint = await pagePaint(page).catch(() => ({ images: [], backdrops: [] }) as PagePaint);
      painted = { images: paint.images.map((image) => image.box), backdrops: paint.backdrops };
    }
    if (startsIn(item, painted.images) || (why === "white" && startsIn(item, painted.backdrops))) hiddenBy.delete(item);
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

/** Whether the item starts inside one of `boxes` (grown by the item's size: a baseline may sit on a box's edge). */
function startsIn(item: TextItem, boxes: readonly (readonly number[])[]): boolean {
  const x = item.transform[4] ?? 0;
  const y = item.transform[5] ?? 0;
  const slack = sizeOf(item);
  return boxes.some(
    ([x0 = 0, y0 = 0, x1 = 0, y1 = 0]) => x >= x0 - slack && x <= x1 + slack && y >= y0 - slack && y <= y1 + slack,
  );
}
