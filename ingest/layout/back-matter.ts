// Cuts back matter out of a document's text on request: references, acknowledgements, appendices.
// A section runs from its heading to the next heading (an appendix: to the next back-matter heading or the end).
import type { LayoutResult } from "./types.js";

export const BACK_MATTER = ["references", "acknowledgements", "appendix"] as const;
export type BackMatter = (typeof BACK_MATTER)[number];

type Structure = Pick<
  LayoutResult,
  "text" | "headings" | "referencesOffset" | "acknowledgementsOffset" | "appendixOffset"
>;

export function dropBackMatter(layout: Structure, drop: readonly BackMatter[]): string {
  const starts: Record<BackMatter, number | null> = {
    references: layout.referencesOffset,
    acknowledgements: layout.acknowledgementsOffset,
    appendix: layout.appendixOffset,
  };
  const backMatterStarts = Object.values(starts).filter((o): o is number => o !== null);
  const spans: [number, number][] = [];
  for (const kind of drop) {
    const start = starts[kind];
    if (start === null) continue;
    const ends = kind === "appendix" ? backMatterStarts : layout.headings.map((h) => h.offset);
    const end = Math.min(layout.text.length, ...ends.filter((o) => o > start));
    spans.push([start, end]);
  }
  spans.sort((a, b) => a[0] - b[0]);
  let out = "";
  let at = 0;
  for (const [start, end] of spans) {
    if (start > at) out += layout.text.slice(at, start);
    at = Math.max(at, end);
  }
  out += layout.text.slice(at);
  return out.replace(/\n{3,}/g, "\n\n").trim();
}
