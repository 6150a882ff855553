// Edit distance in three rows of memory: Levenshtein (insert, delete, replace) for error rates, and with
// `transpositions` a swap of two neighbours as one edit too (optimal string alignment), as a typo's "colmun" is.

export function editDistance(a: string, b: string, transpositions = false): number {
  if (a.length === 0) return b.length;
  let twoBack = new Int32Array(b.length + 1);
  let prev = Int32Array.from({ length: b.length + 1 }, (_, j) => j);
  let cur = new Int32Array(b.length + 1);
  for (let i = 1; i <= a.length; i++) {
    cur[0] = i;
    const ca = a.charCodeAt(i - 1);
    for (let j = 1; j <= b.length; j++) {
      const substitute = (prev[j - 1] as number) + (ca === b.charCodeAt(j - 1) ? 0 : 1);
      let best = Math.min(substitute, (prev[j] as number) + 1, (cur[j - 1] as number) + 1);
      const swapped = i > 1 && j > 1 && ca === b.charCodeAt(j - 2) && a.charCodeAt(i - 2) === b.charCodeAt(j - 1);
      if (transpositions && swapped) best = Math.min(best, (twoBack[j - 2] as number) + 1);
      cur[j] = best;
    }
    [twoBack, prev, cur] = [prev, cur, twoBack];
  }
  return prev[b.length] as number;
}
