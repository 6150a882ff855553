// Fixed-bin histogram of density over the whole run: the per-rank sketch that global ranking merges at its
// barrier. Fixed bins (not a t-digest) make merging a plain sum, so the result does not depend on how many ranks
// there were or in which order they finished, and memory is 1 MB whatever the corpus size. Each bin also sums its
// documents' whitespace tokens, which is what a token budget (--keep-tokens) is cut by.

export const HISTOGRAM_DEFAULTS = {
  /** density is a logit; values outside [lo, hi] are clamped to the end bins. */
  lo: -32,
  hi: 32,
  bins: 65_536,
} as const;
export type HistogramShape = { lo: number; hi: number; bins: number };

export class DensityHistogram {
  readonly counts: Float64Array;
  /** Whitespace tokens of the documents in each bin. */
  readonly tokens: Float64Array;
  total = 0;
  /** False for a sketch an older assay wrote, which counted documents only. */
  tokensCounted = true;

  constructor(readonly shape: HistogramShape = HISTOGRAM_DEFAULTS) {
    this.counts = new Float64Array(shape.bins);
    this.tokens = new Float64Array(shape.bins);
  }

  binOf(density: number): number {
    const { lo, hi, bins } = this.shape;
    const b = Math.floor(((density - lo) / (hi - lo)) * bins);
    return b < 0 ? 0 : b >= bins ? bins - 1 : b;
  }

  add(density: number, tokens = 0): void {
    if (!Number.isFinite(density)) return;
    const b = this.binOf(density);
    this.counts[b] = (this.counts[b] as number) + 1;
    this.tokens[b] = (this.tokens[b] as number) + tokens;
    this.total++;
  }

  /** Takes back one document counted in bin `b` (a copy the run drops after sketching it: rank-ids.ts). */
  remove(b: number, tokens: number): void {
    this.counts[b] = (this.counts[b] as number) - 1;
    this.tokens[b] = (this.tokens[b] as number) - tokens;
    this.total--;
  }

  merge(other: DensityHistogram): void {
    const { lo, hi, bins } = other.shape;
    if (lo !== this.shape.lo || hi !== this.shape.hi || bins !== this.shape.bins) {
      throw new Error("cannot merge density histograms of different shapes");
    }
    for (let b = 0; b < bins; b++) {
      this.counts[b] = (this.counts[b] as number) + (other.counts[b] as number);
      this.tokens[b] = (this.tokens[b] as number) + (other.tokens[b] as number);
    }
    this.total += other.total;
    this.tokensCounted &&= other.tokensCounted;
  }

  /** Cumulative counts, computed once before ranking many documents. */
  cumulative(): Float64Array {
    const cum = new Float64Array(this.counts.length + 1);
    for (let b = 0; b < this.counts.length; b++) cum[b + 1] = (cum[b] as number) + (this.counts[b] as number);
    return cum;
  }

  /**
   * Share of the run's documents with a lower density, ties counted half (mid-rank): in (0, 1), and 0 for a density
   * that is not a number (a document never scored) or an empty run. Documents in one bin (1/1024 of a logit) are
   * ties: placing each by its density inside the bin instead gave a run of one document any rank_pct its digits said
   * (0.11 to 0.98), so its tier and whether --min-tier kept it were chance. `cum` is `cumulative()`.
   */
  percentile(density: number, cum: Float64Array): number {
    if (this.total === 0 || !Number.isFinite(density)) return 0;
    return this.percentileOfBin(this.binOf(density), cum);
  }

  /** The percentile of every document in bin `b`. */
  percentileOfBin(b: number, cum: Float64Array): number {
    return ((cum[b] as number) + (this.counts[b] as number) / 2) / this.total;
  }

  /**
   * Sparse JSON (non-empty bins only, each [bin, documents, tokens]): small, diffable, byte-identical for identical
   * inputs.
   */
  toJSON(): { shape: HistogramShape; total: number; bins: [number, number, number][] } {
    const bins: [number, number, number][] = [];
    this.counts.forEach((c, b) => {
      if (c > 0) bins.push([b, c, this.tokens[b] as number]);
    });
    return { shape: { ...this.shape }, total: this.total, bins };
  }

  /** An older assay's bins are [bin, documents]: read, with tokensCounted false. */
  static fromJSON(json: { shape: HistogramShape; total: number; bins: number[][] }): DensityHistogram {
    const h = new DensityHistogram(json.shape);
    for (const [b, c, tokens] of json.bins) {
      h.counts[b as number] = c as number;
      if (tokens === undefined) h.tokensCounted = false;
      else h.tokens[b as number] = tokens;
    }
    h.total = json.total;
    return h;
  }
}

/** A position among a ranking's histograms (one per class it ranks within): class * bins + bin. */
export type Cell = number;
/** The cell of a document no histogram counted (its density is not a number). */
export const NO_CELL: Cell = 0xffffffff;

/** Where `add(density)` on histogram `c` counts a document. */
export function cellOf(histograms: readonly DensityHistogram[], c: number, density: number): Cell {
  const histogram = histograms[c] as DensityHistogram;
  return Number.isFinite(density) ? c * histogram.shape.bins + histogram.binOf(density) : NO_CELL;
}

/** Takes back a document of `tokens` tokens counted at `cell`. */
export function removeAt(histograms: readonly DensityHistogram[], cell: Cell, tokens: number): void {
  if (cell === NO_CELL) return;
  const bins = (histograms[0] as DensityHistogram).shape.bins;
  histograms[Math.floor(cell / bins)]?.remove(cell % bins, tokens);
}
