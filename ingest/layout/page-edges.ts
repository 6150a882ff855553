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

/** Lines no larger than body text, in a MARGIN_BAND, at least MARGIN_GAP_EM from the nearest line outside it. */
export function markMargins(lines: Line[], height: number, bodySize: number): void {
  const topBand = (1 - MARGIN_BAND) * height;
  const bottomBand = MARGIN_BAND * height;
  let bodyTop = Number.NEGATIVE_INFINITY;
  let bodyBottom = Number.POSITIVE_INFINITY;
  for (const line of lines) {
    if (line.y < topBand && line.y > bodyTop) bodyTop = line.y;
    if (line.y > bottomBand && line.y < bodyBottom) bodyBottom = line.y;
  }
  const gap = MARGIN_GAP_EM * bodySize;
  for (const line of lines) {
    if (line.size > 1.05 * bodySize) continue;
    if ((line.y >= topBand && line.y - bodyTop >= gap) || (line.y <= bottomBand && bodyBottom - line.y >= gap)) {
      line.margin = true;
    }
  }
}
