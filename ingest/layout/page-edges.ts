// Lines where page furniture sits: the top and bottom edges (running heads, folios) and the outer margin bands
// (stamps set apart from the body). Marked here, page by page; ingest/layout/page-furniture.ts judges them across
// the document.

import type { Line } from "./page-lines.js";

/** Margin bands (share of page height) and edge row count where page furniture is looked for. */
export const EDGE_BAND = 0.1;
export const EDGE_ROWS = 2;
/** Outer bands (share of page height) where a line set apart from the body by MARGIN_GAP_EM is a running line. */
export const MARGIN_BAND = 0.075;
export const MARGIN_GAP_EM = 1.8;

/** Lines on the page's first or last EDGE_ROWS rows or in its EDGE_BAND: a line that is both is a bottom one. */
export function markEdges(lines: Line[], height: number): void {
  let rowsSeen = 0;
  let lastY = Number.NaN;
  for (const line of lines) {
    if (line.y !== lastY) rowsSeen++;
    lastY = line.y;
    if (rowsSeen <= EDGE_ROWS || line.y >= (1 - EDGE_BAND) * height) line.edge = "top";
  }
  rowsSeen = 0;
  lastY = Number.NaN;
  for (let i = lines.length - 1; i >= 0; i--) {
    const line = lines[i];
    if (!line) continue;
    if (line.y !== lastY) rowsSeen++;
    lastY = line.y;
    if (rowsSeen <= EDGE_ROWS || line.y <= EDGE_BAND * height) line.edge = "bottom";
  }
}

/**
 * Lines no larger than body text, in a MARGIN_BAND, set apart from the body by at least MARGIN_GAP_EM: walking out
 * from the body's last line into the band, the first gap that wide and every line beyond it. A gap is measured from
 * the line before, not from the body: a page filled to its foot has its last two lines in the band a line apart
 * (the lower one 2 lines from the body), and they were dropped as a running foot (44 prose lines of 5 papers in 18).
 */
export function markMargins(lines: Line[], height: number, bodySize: number): void {
  const gap = MARGIN_GAP_EM * bodySize;
  const topBand = (1 - MARGIN_BAND) * height;
  const bottomBand = MARGIN_BAND * height;
  // Line baselines grow upward: the top band's lines from the lowest up, the bottom band's from the highest down
  const top = lines.filter((line) => line.y >= topBand).sort((a, b) => a.y - b.y);
  const bottom = lines.filter((line) => line.y <= bottomBand).sort((a, b) => b.y - a.y);
  let bodyTop = Number.NEGATIVE_INFINITY;
  let bodyBottom = Number.POSITIVE_INFINITY;
  for (const line of lines) {
    if (line.y < topBand && line.y > bodyTop) bodyTop = line.y;
    if (line.y > bottomBand && line.y < bodyBottom) bodyBottom = line.y;
  }
  markApart(top, bodyTop, gap, bodySize);
  markApart(bottom, bodyBottom, gap, bodySize);
}

/** Marks the band's lines (ordered from the body outward) from the first at least `gap` from the line before on. */
function markApart(band: Line[], body: number, gap: number, bodySize: number): void {
  let last = body;
  let apart = false;
  for (const line of band) {
    apart ||= Math.abs(line.y - last) >= gap;
    last = line.y;
    if (apart && line.size <= 1.05 * bodySize) line.margin = true;
  }
}
