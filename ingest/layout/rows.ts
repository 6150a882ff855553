// Rows: the runs that share a baseline, top to bottom. A super- or subscript sits off its row's baseline and would
// make a row (and a line) of its own, so it is moved into the row it belongs to before lines are built from rows.

import type { Piece } from "./page-lines.js";
import { TABLE_GAP_EM } from "./run-gaps.js";

/** Runs whose baselines differ by less than this share of their size sit on one row. */
export const SAME_ROW_EM = 0.3;
/** A run this much smaller than a neighbouring row, within SCRIPT_SHIFT_EM of its baseline, is a super/subscript. */
export const SCRIPT_SIZE_RATIO = 0.85;
export const SCRIPT_SHIFT_EM = 0.6;
/**
 * Scripts are short: marks, indices, citation numbers ("1", "t-1", "[12]"). OCR words that run on, word after word,
 * for more characters than this are a line tesseract read as one (licence lines in small print beside a large
 * journal logo), not scripts of the larger row beside them. Text-layer runs are not held to this: on real papers'
 * mathematics it moved as many pieces out of place as into place.
 */
export const MAX_SCRIPT_CHARS = 8;

/** Rows top to bottom, each sorted by x, with super/subscripts moved into the row they belong to. */
export function groupRows(pieces: Piece[]): Piece[][] {
  pieces.sort((p, q) => q.y - p.y || p.x0 - q.x0);
  const rows: Piece[][] = [];
  const rowY: number[] = [];
  const rowSize: number[] = [];
  for (const p of pieces) {
    const last = rows.length - 1;
    const current = rows[last];
    if (current && (rowY[last] ?? 0) - p.y <= SAME_ROW_EM * Math.min(p.size, rowSize[last] ?? 0)) {
      current.push(p);
      if (p.size > (rowSize[last] ?? 0)) rowSize[last] = p.size;
    } else {
      rows.push([p]);
      rowY.push(p.y);
      rowSize.push(p.size);
    }
  }

  // Scripts: a piece clearly smaller than a row 1-2 rows away, near its baseline and touching it in x.
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i] ?? [];
    // Only OCR words are held to running text; text-layer rows skip the measure.
    const running = row.some((p) => p.recognized) ? runningText(row) : null;
    for (let k = row.length - 1; k >= 0; k--) {
      const p = row[k];
      if (!p || (p.recognized && running?.has(p))) continue;
      let target = -1;
      let bestShift = Number.POSITIVE_INFINITY;
      for (let j = Math.max(0, i - 2); j <= Math.min(rows.length - 1, i + 2); j++) {
        if (j === i) continue;
        const size = rowSize[j] ?? 0;
        const shift = Math.abs((rowY[j] ?? 0) - p.y);
        if (p.size > SCRIPT_SIZE_RATIO * size || shift > SCRIPT_SHIFT_EM * size || shift >= bestShift) continue;
        if (touches(rows[j] ?? [], p, 0.5 * size)) {
          target = j;
          bestShift = shift;
        }
      }
      if (target >= 0) {
        rows[target]?.push(p);
        row.splice(k, 1);
      }
    }
  }
  const kept = rows.filter((r) => r.length > 0);
  for (const r of kept) r.sort((p, q) => p.x0 - q.x0);
  return kept;
}

/** Pieces of a row that belong to a run of text (neighbours within a table gap) longer than a script. */
function runningText(row: Piece[]): Set<Piece> {
  const sorted = [...row].sort((p, q) => p.x0 - q.x0);
  const running = new Set<Piece>();
  let start = 0;
  let chars = 0;
  for (let k = 0; k <= sorted.length; k++) {
    const p = sorted[k];
    const prev = sorted[k - 1];
    if (p && prev && p.x0 - prev.x1 <= TABLE_GAP_EM * Math.min(p.size, prev.size)) {
      chars += p.str.trim().length;
      continue;
    }
    if (chars > MAX_SCRIPT_CHARS) for (let j = start; j < k; j++) running.add(sorted[j] as Piece);
    start = k;
    chars = p ? p.str.trim().length : 0;
  }
  return running;
}

function touches(row: Piece[], p: Piece, slack: number): boolean {
  for (const q of row) if (p.x0 <= q.x1 + slack && p.x1 >= q.x0 - slack) return true;
  return false;
}
