// Text drawn twice over itself: fake bold (a heading set again 0.2-0.5 pt to the side), LaTeX's \pmb (a symbol
// three times, a hair apart), a PDF OCR'd twice (two invisible text layers with the same words). Every copy is a run
// of the text layer, so the words came out twice ("1 Introduction1 Introduction"). A run is dropped when an earlier
// run with the same string and size starts within OVERPRINT_EM of it: distinct text never shares a place.

import type { Piece } from "./page-lines.js";

/** How far apart, in em of the run, two copies of one string may start and still be one overprinted run. */
export const OVERPRINT_EM = 0.25;

export function withoutOverprints(pieces: Piece[]): Piece[] {
  const seen = new Map<string, Piece[]>();
  return pieces.filter((piece) => {
    const copies = seen.get(piece.str);
    if (copies?.some((earlier) => overprints(earlier, piece))) return false;
    if (copies) copies.push(piece);
    else seen.set(piece.str, [piece]);
    return true;
  });
}

function overprints(earlier: Piece, piece: Piece): boolean {
  const near = OVERPRINT_EM * piece.size;
  return (
    Math.abs(earlier.size - piece.size) <= 0.05 * piece.size &&
    Math.abs(earlier.x0 - piece.x0) <= near &&
    Math.abs(earlier.y - piece.y) <= near
  );
}
