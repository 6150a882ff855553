// A numeric column's distribution over kept and over rejected documents, on shared bins so the two shapes compare.

/** Bins per chart; values beyond the 1st and 99th percentile of both sets are counted in the end bins. */
export const DISTRIBUTION_BINS = 30;
const CLIP_QUANTILE = 0.01;
/** A positive column whose range spans this factor (lengths, counts) is binned on a log scale. */
const LOG_SPAN = 100;

export interface Distribution {
  column: string;
  lo: number;
  hi: number;
  /** Bins are equal in log(value). */
  log: boolean;
  /** Share of each set's documents per bin (each set sums to 1 when it has any). */
  kept: number[];
  rejected: number[];
  keptN: number;
  rejectedN: number;
  /** 10th, 50th and 90th percentiles, or null for an empty set. */
  keptQuantiles: [number, number, number] | null;
  rejectedQuantiles: [number, number, number] | null;
}

export function distribution(
  column: string,
  kept: readonly number[],
  rejected: readonly number[],
  bins = DISTRIBUTION_BINS,
): Distribution {
  const keptSorted = [...kept].sort((a, b) => a - b);
  const rejectedSorted = [...rejected].sort((a, b) => a - b);
  const all = [...keptSorted, ...rejectedSorted].sort((a, b) => a - b);
  const lo = quantile(all, CLIP_QUANTILE);
  const hi = Math.max(quantile(all, 1 - CLIP_QUANTILE), lo);
  const log = lo > 0 && hi / lo >= LOG_SPAN;
  const scale = log ? Math.log : (v: number) => v;
  const binOf = (sorted: number[]) =>
    shares(
      sorted.map((v) => scale(Math.max(v, lo))),
      scale(lo),
      scale(hi),
      bins,
    );
  return {
    column,
    lo,
    hi,
    log,
    kept: binOf(keptSorted),
    rejected: binOf(rejectedSorted),
    keptN: kept.length,
    rejectedN: rejected.length,
    keptQuantiles: deciles(keptSorted),
    rejectedQuantiles: deciles(rejectedSorted),
  };
}

/** Nearest-rank quantile of sorted values (NaN when empty). */
export function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.round(q * (sorted.length - 1))))] as number;
}

function deciles(sorted: readonly number[]): [number, number, number] | null {
  return sorted.length === 0 ? null : [quantile(sorted, 0.1), quantile(sorted, 0.5), quantile(sorted, 0.9)];
}

function shares(values: readonly number[], lo: number, hi: number, bins: number): number[] {
  const counts = new Array<number>(bins).fill(0);
  // A constant column puts everything in the first bin.
  const width = hi > lo ? (hi - lo) / bins : 1;
  for (const v of values) {
    const b = Math.min(bins - 1, Math.max(0, Math.floor((v - lo) / width)));
    counts[b] = (counts[b] as number) + 1;
  }
  return values.length === 0 ? counts : counts.map((c) => c / values.length);
}
