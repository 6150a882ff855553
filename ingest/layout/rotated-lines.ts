// Text not written left to right (margin stamps, rotated axis labels): its runs are grouped by
// angle and by their offset across that direction, then read along it.

import { collapseSpaces } from "./line-text.js";
import type { RotatedLine } from "./page-lines.js";
import { SAME_ROW_EM } from "./rows.js";
import { SPACE_GAP_EM } from "./run-gaps.js";

/** A run in its own direction's frame: `along` and `perp` are its origin along and across that direction. */
export interface RotatedPiece {
  str: string;
  along: number;
  perp: number;
  /** Direction in tenths of a radian, so runs of one direction share a value. */
  angle: number;
  size: number;
  /** Length along the direction. */
  len: number;
}

/** One line per direction and offset across it, its runs read in order along the direction. */
export function rotatedLines(pieces: RotatedPiece[]): RotatedLine[] {
  pieces.sort((p, q) => p.angle - q.angle || p.perp - q.perp || p.along - q.along);
  const out: RotatedLine[] = [];
  let group: typeof pieces = [];
  const flush = () => {
    if (group.length === 0) return;
    group.sort((p, q) => p.along - q.along);
    let text = "";
    let end = Number.NEGATIVE_INFINITY;
    for (const p of group) {
      if (text.length > 0 && p.along - end > SPACE_GAP_EM * p.size && !text.endsWith(" ")) text += " ";
      text += p.str;
      end = p.along + p.len;
    }
    out.push({ text: collapseSpaces(text), size: group[0]?.size ?? 0 });
    group = [];
  };
  for (const p of pieces) {
    const head = group[0];
    if (head && (head.angle !== p.angle || Math.abs(head.perp - p.perp) > SAME_ROW_EM * p.size)) flush();
    group.push(p);
  }
  flush();
  return out;
}
