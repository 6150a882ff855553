// Page furniture: running headers/footers, repeated banners and page numbers. A line at the top or bottom edge of
// a page is furniture when its normalised text (digits folded, so "4 A. Author et al." matches "6 A. Author
// et al.") sits at the same edge on enough pages; a bare page number at an edge is furniture on its own.
// Alternating running heads (authors on even pages, short title on odd) may each repeat too rarely in a short
// paper, so the places where repeated furniture sits (edge, baseline, size) become furniture slots: another edge
// line in the same slot is furniture too. Only edge lines' keys are counted: memory stays a small map.

/** Pages on which an edge text must repeat: at least MIN_REPEATS and REPEAT_SHARE of the pages. */
export const MIN_REPEATS = 2;
export const REPEAT_SHARE = 0.25;

export type Edge = "top" | "bottom";

/** Where a running line sits: edge, baseline and size, rounded so that the same slot matches across pages. */
export function furnitureSlot(edge: Edge, y: number, size: number): string {
  return `${edge}:${Math.round(y / 2)}:${Math.round(size)}`;
}

/**
 * Lower-cased, digits folded to '#', spaces dropped, with the rounded size: page-independent identity of a
 * running line. The size keeps the page-1 title apart from the same words repeated small as a running head.
 */
export function furnitureKey(edge: Edge, text: string, size: number): string {
  let key = `${edge === "top" ? "t" : "b"}${Math.round(size)}:`;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 32) continue;
    if (c >= 48 && c <= 57) {
      if (!key.endsWith("#")) key += "#";
    } else key += text[i]?.toLowerCase();
  }
  return key;
}

const ROMAN = /^[ivxlc]{1,6}$/i;
const FOLIO = /^[-–—\s]*(page\s+)?(\d{1,4}|[ivxlc]{1,6})(\s*(of|\/)\s*\d{1,4})?[-–—\s]*$/i;

/** "12", "- 3 -", "Page 4 of 10", "xii". */
export function isPageNumber(text: string): boolean {
  if (text.length > 20) return false;
  return FOLIO.test(text) && (ROMAN.test(text.trim()) ? text.trim().length <= 4 : true);
}

export class FurnitureCounter {
  private readonly pagesWithKey = new Map<string, number>();
  private pages = 0;

  /** Count each distinct edge key once per page. */
  addPage(keys: Iterable<string>): void {
    this.pages++;
    const seen = new Set<string>();
    for (const key of keys) {
      if (seen.has(key)) continue;
      seen.add(key);
      this.pagesWithKey.set(key, (this.pagesWithKey.get(key) ?? 0) + 1);
    }
  }

  isRepeated(key: string): boolean {
    const count = this.pagesWithKey.get(key) ?? 0;
    return count >= MIN_REPEATS && count >= REPEAT_SHARE * this.pages;
  }
}
