// LSH banding as datatrove's stage 2: within one band, sort (band values, doc) and pair every document with the
// previous one when their band values are equal. Chained pairs (a-b, b-c) carry the same clusters as all pairs,
// unless stage 3 checks each pair's signatures: then it matters who sits between whom (bucket-stage.ts).

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
 * `width` uint32 per row. Rows of equal values are ordered by `ties`, then by row number.
 */
export function bandPairs(
  table: Uint32Array,
  width: number,
  rows: number,
  ties: Uint32Array = new Uint32Array(rows),
): Array<[number, number]> {
  const order = Array.from({ length: rows }, (_, i) => i);
  order.sort((i, j) => compareRows(table, width, i, j) || (ties[i] as number) - (ties[j] as number) || i - j);
  const pairs: Array<[number, number]> = [];
  for (let k = 1; k < order.length; k++) {
    const prev = order[k - 1] as number;
    const cur = order[k] as number;
    if (compareRows(table, width, prev, cur) === 0) pairs.push(prev < cur ? [prev, cur] : [cur, prev]);
  }
  return pairs;
}
