// A scanned page OCR'd twice (a vendor's layer, then a later tool's) holds two invisible text layers over its image,
// each line once in each, a point or more apart, at sizes of each engine's own, and not always cut alike: one layer
// by lines, the other word by word. Both are kept as a scan's OCR layer (visible-text.ts), and the layout read them
// as two texts interleaved ("show that theWestudythe convergence"); overprint.ts only joins copies of one string
// within a quarter em. This keeps the first reading of each place: an OCR-layer item whose extent along its
// baseline is mostly read already (by the page's seen text, or by an earlier OCR item kept), by text of mostly the
// same characters, is a second reading. One engine's layer overlaps itself too, in equations ("( dI a,Q)" over
// "( d"): such overlaps read other characters, and are kept.
import type { TextItem } from "pdfjs-dist/types/src/display/api.js";

/** Least share of an item's extent already read for the item to be a second reading... */
export const REPEATED_SHARE = 0.8;
/** ...and least share of its letters and digits that the text read there holds (a second engine misreads some). */
export const SAME_CHARACTERS = 0.6;
/** Baselines within this many em of the larger size are one line: lines of one text are a full em or more apart. */
const BASELINE_EM = 0.5;
/** Read extents reach this many em further on each side: word by word, the spaces between words are read too. */
const REACH_EM = 0.3;
/** Height of the bands the read extents are filed in, in points. */
const BAND = 8;

interface Extent {
  x0: number;
  x1: number;
  y: number;
  size: number;
  text: string;
}

/** The item's extent along its baseline; null for text that is not upright (kept as it is) or has no width. */
function extentOf(item: TextItem): Extent | null {
  const [a = 0, b = 0, c = 0, d = 0, x = 0, y = 0] = item.transform;
  if (a <= 0 || d <= 0 || Math.abs(b) > 0.05 * a || Math.abs(c) > 0.05 * d || item.width <= 0) return null;
  if (item.str.trim() === "") return null;
  return { x0: x, x1: x + item.width, y, size: d, text: item.str };
}

/** Extents already read, filed by band of baseline. */
class ReadExtents {
  private readonly bands = new Map<number, Extent[]>();

  add(extent: Extent): void {
    const band = Math.floor(extent.y / BAND);
    const filed = this.bands.get(band);
    if (filed) filed.push(extent);
    else this.bands.set(band, [extent]);
  }

  /** Share of `extent` that read extents on its line cover, and the text they read. */
  covered(extent: Extent): { share: number; text: string } {
    const spans: [number, number][] = [];
    let text = "";
    const reach = Math.ceil((BASELINE_EM * extent.size) / BAND) + 1;
    const band = Math.floor(extent.y / BAND);
    for (let b = band - reach; b <= band + reach; b++) {
      for (const read of this.bands.get(b) ?? []) {
        if (Math.abs(read.y - extent.y) > BASELINE_EM * Math.max(read.size, extent.size)) continue;
        const x0 = Math.max(extent.x0, read.x0 - REACH_EM * read.size);
        const x1 = Math.min(extent.x1, read.x1 + REACH_EM * read.size);
        if (x1 <= x0) continue;
        spans.push([x0, x1]);
        text += read.text;
      }
    }
    spans.sort((p, q) => p[0] - q[0]);
    let covered = 0;
    let end = extent.x0;
    for (const [x0, x1] of spans) {
      if (x1 <= end) continue;
      covered += x1 - Math.max(x0, end);
      end = x1;
    }
    return { share: covered / (extent.x1 - extent.x0), text };
  }
}

const LETTER_OR_DIGIT = /[\p{L}\p{N}]/u;

/** Letters and digits, case folded, with how often each occurs. */
function characterCounts(text: string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const c of text.toLowerCase()) if (LETTER_OR_DIGIT.test(c)) counts.set(c, (counts.get(c) ?? 0) + 1);
  return counts;
}

/** Share of `text`'s letters and digits that `read` holds as often; 0 for a text of none (nothing to match). */
function sharedCharacters(text: string, read: string): number {
  const wanted = characterCounts(text);
  const held = characterCounts(read);
  let total = 0;
  let shared = 0;
  for (const [c, n] of wanted) {
    total += n;
    shared += Math.min(n, held.get(c) ?? 0);
  }
  return total === 0 ? 0 : shared / total;
}

/** The items of `ocrLayers` (in drawing order) that read again what `seen` or an earlier OCR item already reads. */
export function repeatedOcrItems(seen: readonly TextItem[], ocrLayers: readonly TextItem[]): Set<TextItem> {
  const read = new ReadExtents();
  for (const item of seen) {
    const extent = extentOf(item);
    if (extent) read.add(extent);
  }
  const repeated = new Set<TextItem>();
  for (const item of ocrLayers) {
    const extent = extentOf(item);
    if (!extent) continue;
    const { share, text } = read.covered(extent);
    if (share >= REPEATED_SHARE && sharedCharacters(extent.text, text) >= SAME_CHARACTERS) repeated.add(item);
    else read.add(extent);
  }
  return repeated;
}
