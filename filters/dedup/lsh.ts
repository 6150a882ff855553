// LSH banding as datatrove's stage 2: within one band, sort (band values, doc) and pair every document with the
// previous one when their band values are equal. Chained pairs (a-b, b-c) carry the same clusters as all pairs,
// unless stage 3 checks each pair's signatures: then a doc that fails the check between two near-duplicates would
// keep them apart, so there a doc is paired with several before it (bucket-stage.ts).

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
 * Candidate pairs for one band, flat: [earlier, later] row numbers (which index docs in input order) one after the
 * other; `table` holds `width` uint32 per row. Rows of equal values (a run) are ordered by `ties`, then by row
 * number. A row is paired with the row before it when their ties are equal (rows of one signature: a check of one
 * is a check of all), else with the last row of each of the `reach` groups of equal ties before it in the run. With
 * `reach` 1, or every tie 0, that is datatrove's rule: each row with the previous one. Pairs: at most `reach` a row.
 */
export function bandPairs(
  table: Uint32Array,
  width: number,
  rows: number,
  ties: Uint32Array = new Uint32Array(rows),
  reach = 1,
): Uint32Array {
  const order = Array.from({ length: rows }, (_, i) => i);
  order.sort((i, j) => compareRows(table, width, i, j) || (ties[i] as number) - (ties[j] as number) || i - j);
  let pairs = new Uint32Array(2048);
  let count = 0;
  const pair = (a: number, b: number) => {
    if (2 * count === pairs.length) {
      const grown = new Uint32Array(2 * pairs.length);
      grown.set(pairs);
      pairs = grown;
    }
    pairs[2 * count] = Math.min(a, b);
    pairs[2 * count++ + 1] = Math.max(a, b);
  };
  // The last row of each of the run's latest groups of equal ties, oldest first; the current group's is last.
  const groupEnds: number[] = [];
  for (let k = 0; k < order.length; k++) {
    const cur = order[k] as number;
    const prev = order[k - 1];
    if (prev === undefined || compareRows(table, width, prev, cur) !== 0) groupEnds.length = 0;
    else if (ties[prev] === ties[cur]) {
      pair(prev, cur);
      groupEnds[groupEnds.length - 1] = cur;
      continue;
    } else for (const end of groupEnds) pair(end, cur);
    groupEnds.push(cur);
    if (groupEnds.length > reach) groupEnds.shift();
  }
  return pairs.subarray(0, 2 * count);
}
