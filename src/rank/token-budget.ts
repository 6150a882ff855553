// A token budget (--keep-tokens N): the run's best documents whose whitespace tokens add up to at most N, what a
// training job that takes N tokens asks for. Each histogram bin sums its documents' tokens, so after the barrier every
// rank finds the same cut, a rank_pct, from the merged histograms alone, and keeps the documents at or above it.
import type { DensityHistogram } from "./density-histogram.js";

/**
 * The lowest rank_pct kept within `budget` tokens, walking down from the best: documents of one rank_pct (one
 * histogram bin of one class) are kept or dropped together, and the first group that would overrun the budget ends
 * the walk, so the kept tokens never exceed it. 0 when the whole run fits (every document kept, unscored ones
 * too); Infinity when not even the best group fits. `cums`: each histogram's cumulative().
 */
export function tokenBudgetCut(
  histograms: readonly DensityHistogram[],
  cums: readonly Float64Array[],
  budget: number,
): number {
  const groups: { pct: number; tokens: number }[] = [];
  let all = 0;
  for (const [c, h] of histograms.entries())
    h.counts.forEach((count, b) => {
      if (count <= 0) return;
      const tokens = h.tokens[b] as number;
      groups.push({ pct: h.percentileOfBin(b, cums[c] as Float64Array), tokens });
      all += tokens;
    });
  if (all <= budget) return 0;
  groups.sort((a, b) => b.pct - a.pct);
  let kept = 0;
  let cut = Number.POSITIVE_INFINITY;
  for (let i = 0; i < groups.length; ) {
    // Bins of other length classes can share a rank_pct: one group.
    const pct = (groups[i] as { pct: number }).pct;
    let tokens = 0;
    for (; i < groups.length && (groups[i] as { pct: number }).pct === pct; i++)
      tokens += (groups[i] as { tokens: number }).tokens;
    if (kept + tokens > budget) break;
    kept += tokens;
    cut = pct;
  }
  return cut;
}
