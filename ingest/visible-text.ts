// A page's text as a reader sees it. A text layer can hold text no one sees: invisible (render mode 3), transparent,
// paper white on white paper, in the colour of the box it lies on, clipped away, a fraction of a point high, or in
// optional content the default view hides. Some is debris (white labels of a figure, animation frames of a layer
// switched off); some is planted: a line telling a model reviewing the paper to rate it highly. Neither is the paper's
// prose, and a model trained on it learns what readers never saw. pdf.js marks each item drawn hidden
// (pdfjs-worker-edits.ts); this drops them.
//
// Two kinds are seen all the same, found by what the page paints (gathered in the same pass as its text): a scan's
// OCR layer, drawn invisibly over the scanned image so the page can be searched (invisible or transparent text over
// an image), and white text on a dark box, an image or a shading (a banner, a table's header row, a box's title).
// And text of any colour is not seen under an opaque box or image painted after it: a white box on a planted line, a
// black one on redacted words, a picture pasted over a paragraph. Not under an image of half the page or more: a scan
// may lie over its own OCR text.
import type { PDFPageProxy } from "pdfjs-dist/legacy/build/pdf.mjs";
import type { TextContent, TextItem } from "pdfjs-dist/types/src/display/api.js";
import { repeatedOcrItems } from "./repeated-ocr-layer.js";

/**
 * Why an item is hidden: the worker's marks, `tiny` (judged here, from the item's size), and `repeated`: a scan's
 * second OCR layer, reading again what is already read at its place (repeated-ocr-layer.ts). `off_page` is no item's:
 * pdf.js skips glyphs placed off the page, and the worker counts them.
 */
export type HiddenBy =
  | "invisible"
  | "transparent"
  | "white"
  | "camouflaged"
  | "off_page"
  | "optional"
  | "clipped"
  | "tiny"
  | "repeated"
  | "covered";

/** Item-cover tests a page may make (~0.1 s): a page of a million rectangles over its text stays quick. */
const MAX_COVER_TESTS = 20_000_000;

/** Text under this height, in points as shown, is not read by anyone: 1.5 pt is half a millimetre. */
export const MIN_VISIBLE_SIZE = 1.5;

export interface VisibleText {
  content: TextContent;
  /** Characters dropped (white space not counted), by why; empty when nothing was. */
  hidden: Partial<Record<HiddenBy, number>>;
}

type MarkedItem = TextItem & { assayHidden?: Exclude<HiddenBy, "tiny" | "repeated" | "covered" | "off_page"> };

type Box = readonly number[];
/**
 * The last item of the text content of a page that drew text marked hidden or painted over text: what it paints
 * (pdfjs-worker-edits.ts). A cover is an opaque rectangle's or image's box and how many items were drawn before it:
 * [x0, y0, x1, y1, drawn, image (1) or not (0)]. `offPage` counts the glyphs pdf.js skipped as placed off the page
 * (outside its crop box): no viewer shows them.
 */
type PaintItem = { type: "assayPaint"; images: Box[]; backdrops: Box[]; covers: Box[]; offPage: number };

function isPaint(item: unknown): item is PaintItem {
  return typeof item === "object" && item !== null && (item as { type?: unknown }).type === "assayPaint";
}

/** `content` without its hidden items, nor the item saying what the page paints. */
export function visibleText(page: PDFPageProxy, content: TextContent): VisibleText {
  const last = content.items.at(-1);
  const painted = isPaint(last);
  if (painted) content = { ...content, items: content.items.slice(0, -1) };
  const paint: Omit<PaintItem, "type"> = painted ? last : { images: [], backdrops: [], covers: [], offPage: 0 };
  const offPage: VisibleText["hidden"] = paint.offPage > 0 ? { off_page: paint.offPage } : {};
  const minSize = MIN_VISIBLE_SIZE / (page.userUnit || 1);
  const [px0 = 0, py0 = 0, px1 = 0, py1 = 0] = page.view;
  const scanned = (cover: Box) => cover[5] === 1 && area(cover) >= 0.5 * (px1 - px0) * (py1 - py0);
  let covering = paint.covers.filter((cover) => !scanned(cover));
  // Every item is tested against every cover: past the budget, the largest covers (a box over a line, not a heat
  // map's cells) are kept.
  const budget = Math.max(1, Math.floor(MAX_COVER_TESTS / Math.max(1, content.items.length)));
  if (covering.length > budget) covering = covering.sort((a, b) => area(b) - area(a)).slice(0, budget);
  const hiddenBy = new Map<MarkedItem, HiddenBy>();
  content.items.forEach((item, i) => {
    if (!("str" in item) || item.str.trim() === "") return;
    const marked = item as MarkedItem;
    const why = marked.assayHidden ?? (sizeOf(marked) < minSize ? "tiny" : null);
    // Painted over, white or not: what is under the box is not seen, whatever it is on.
    if ((why === null || why === "white") && covering.some((cover) => covers(cover, marked, i))) {
      hiddenBy.set(marked, "covered");
    } else if (why) hiddenBy.set(marked, why);
  });
  if (hiddenBy.size === 0) return { content, hidden: offPage };
  const ocrLayers: MarkedItem[] = [];
  for (const [item, why] of hiddenBy) {
    if (why === "optional" || why === "clipped" || why === "camouflaged" || why === "tiny" || why === "covered")
      continue;
    if (startsIn(item, paint.images)) {
      hiddenBy.delete(item);
      if (why !== "white") ocrLayers.push(item);
    } else if (why === "white" && startsIn(item, paint.backdrops)) hiddenBy.delete(item);
  }
  if (ocrLayers.length > 0) {
    const seen = content.items.filter((item): item is TextItem => "str" in item && !(item as MarkedItem).assayHidden);
    for (const item of repeatedOcrItems(seen, ocrLayers)) hiddenBy.set(item, "repeated");
  }
  const hidden: VisibleText["hidden"] = { ...offPage };
  for (const [item, why] of hiddenBy) hidden[why] = (hidden[why] ?? 0) + item.str.replace(/\s/g, "").length;
  const items = content.items.filter((item) => !hiddenBy.has(item as MarkedItem));
  return { content: { ...content, items }, hidden };
}

/** The item's font size in user space: its transform's vertical scale. */
function sizeOf(item: TextItem): number {
  return Math.hypot(item.transform[2] ?? 0, item.transform[3] ?? 0);
}

/** Whether the item starts inside one of `boxes` (grown by the item's size: a baseline may sit on a box's edge). */
function startsIn(item: TextItem, boxes: readonly Box[]): boolean {
  const x = item.transform[4] ?? 0;
  const y = item.transform[5] ?? 0;
  const slack = sizeOf(item);
  return boxes.some(
    ([x0 = 0, y0 = 0, x1 = 0, y1 = 0]) => x >= x0 - slack && x <= x1 + slack && y >= y0 - slack && y <= y1 + slack,
  );
}

/**
 * Whether `cover`, painted after item `index` was drawn, hides it: an upright item (not mirrored) whose whole width
 * lies under the box, from just above its baseline to past its middle (the letters' bodies). A rule under a line or
 * through it (an underline, a strike-through, a fraction bar) is too low or too thin to hold them.
 */
function covers(cover: Box, item: TextItem, index: number): boolean {
  const [x0 = 0, y0 = 0, x1 = 0, y1 = 0, drawn = 0] = cover;
  const [a = 0, b = 0, c = 0, d = 0, x = 0, y = 0] = item.transform;
  if (index >= drawn || a <= 0 || d <= 0 || Math.abs(b) > 1e-3 * a || Math.abs(c) > 1e-3 * d) return false;
  const size = sizeOf(item);
  const slack = Math.min(1, 0.1 * size);
  return (
    x >= x0 - slack && x + item.width <= x1 + slack && y + 0.1 * size >= y0 - slack && y + 0.6 * size <= y1 + slack
  );
}

function area([x0 = 0, y0 = 0, x1 = 0, y1 = 0]: Box): number {
  return (x1 - x0) * (y1 - y0);
}
