// Gaps between runs on one row, in em of the smaller run: the word space and the table gap that rows, column
// gutters and line text all measure alike, so they live apart from each of them.

/** Gap between runs that becomes a space (em of the smaller run). */
export const SPACE_GAP_EM = 0.15;
/** A gap wider than this is no word space but a gap between a table's cells or around a figure label. */
export const TABLE_GAP_EM = 1.5;
