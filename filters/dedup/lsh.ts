// LSH banding as datatrove's stage 2: within one band, sort (band values, doc) and pair every document with the
// previous one when their band values are equal. Chained pairs (a-b, b-c) carry the same clusters as all pairs.

/** Lexicographic comparison of rows `i` and `j` (each `width` uint32 values) of a flat table. */
export function compareRows(table: Uint32Array, width: number, i: number, j: number): number {
  const a = i * width;
  const b = j * width;
  for (let k = 0; k < width; k++) {
    const d = (table[a + k] as number) - (table[b + k] as number);
    if (d !== 0) return d;
  }
  return 0;
}

/**
 * Duplicate pairs [earlier, later] (row numbers, which index docs in input order) for one band: `table` holds
 * `width` uint32 per row.
 */
export function bandPairs(table: Uint32Array, width: number, rows: number): Array<[number, number]> {
  const order = Array.from({ length: rows }, (_, i) => i);
  order.sort((i, j) => compareRows(table, width, i, j) || i - j);
  const pairs: Array<[number, number]> = [];
  for (let k = 1; k < order.length; k++) {
    const prev = order[k - 1] as number;
    const cur = order[k] as number;
    if (compareRows(table, width, prev, cur) === 0) pairs.push([prev, cur]);
  }
  return pairs;
}
