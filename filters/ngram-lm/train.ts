// Interpolated modified Kneser-Ney (Chen & Goodman 1998) over hashed words, pruned to a size budget and written
// in the flat format of model.ts. Counting holds the corpus's distinct n-grams in memory: train on a reference
// corpus (tens of MB), not on a whole crawl.
import { align4, HEADER_BYTES, MAX_ORDER, MODEL_MAGIC, MODEL_VERSION, ngramKey, slotOf } from "./model.js";
import { tokenize } from "./tokens.js";

export const LM_TRAIN_DEFAULTS = {
  order: 3,
  /** Largest vocabulary kept; rarer words become the unknown word. */
  maxVocab: 60_000,
  /** Stored n-grams of all orders together (about 7.5 bytes each on disk). */
  maxEntries: 220_000,
  /** Hash-table fill: lower is faster to probe, bigger on disk. */
  loadFactor: 0.8,
} as const;
export type LmTrainOptions = { [K in keyof typeof LM_TRAIN_DEFAULTS]: number };

/** The word all out-of-vocabulary words map to during training. */
const UNK = 0x5bd1e995;

interface OrderCounts {
  index: Map<number, number>;
  keys: number[];
  ctx: number[]; // key of the n-gram without its last word
  suffix: number[]; // key of the n-gram without its first word
  raw: number[];
}

function newCounts(): OrderCounts {
  return { index: new Map(), keys: [], ctx: [], suffix: [], raw: [] };
}

/** Streams documents twice (vocabulary, then n-grams), so `docs` must be re-iterable. */
export async function trainNgramModel(
  docs: () => AsyncIterable<string> | Iterable<string>,
  options: Partial<LmTrainOptions> = {},
): Promise<Uint8Array> {
  const opts = { ...LM_TRAIN_DEFAULTS, ...options };
  const order = opts.order;
  if (order < 1 || order > MAX_ORDER) throw new Error(`order must be 1..${MAX_ORDER}`);

  const unigram = new Map<number, number>();
  for await (const text of docs()) {
    const t = tokenize(text);
    for (let i = 0; i < t.count; i++) {
      const h = t.hashes[i] as number;
      unigram.set(h, (unigram.get(h) ?? 0) + 1);
    }
  }
  const vocab = new Set(
    [...unigram.entries()]
      .sort((a, b) => b[1] - a[1] || a[0] - b[0])
      .slice(0, opts.maxVocab)
      .map((e) => e[0]),
  );

  const counts: OrderCounts[] = Array.from({ length: order }, newCounts);
  for await (const text of docs()) {
    const t = tokenize(text);
    const words = new Uint32Array(t.count);
    for (let i = 0; i < t.count; i++) {
      const h = t.hashes[i] as number;
      words[i] = vocab.has(h) ? h : UNK;
    }
    for (let i = 0; i < t.count; i++) {
      for (let k = 1; k <= order && k <= i + 1; k++) {
        const c = counts[k - 1] as OrderCounts;
        const key = ngramKey(words, i - k + 1, i + 1);
        const at = c.index.get(key);
        if (at !== undefined) c.raw[at] = (c.raw[at] as number) + 1;
        else {
          c.index.set(key, c.keys.length);
          c.keys.push(key);
          c.ctx.push(k > 1 ? ngramKey(words, i - k + 1, i) : 0);
          c.suffix.push(k > 1 ? ngramKey(words, i - k + 2, i + 1) : 0);
          c.raw.push(1);
        }
      }
    }
  }

  // Kneser-Ney counts: the highest order uses raw counts, lower orders the number of distinct left extensions.
  const adjusted = counts.map((c, k) => (k === order - 1 ? Float64Array.from(c.raw) : new Float64Array(c.keys.length)));
  for (let k = order - 1; k >= 1; k--) {
    const hi = counts[k] as OrderCounts;
    const lo = counts[k - 1] as OrderCounts;
    const adj = adjusted[k - 1] as Float64Array;
    for (let j = 0; j < hi.keys.length; j++) {
      const at = lo.index.get(hi.suffix[j] as number);
      if (at !== undefined) adj[at] = (adj[at] as number) + 1;
    }
    // N-grams seen only at a document start have no left extension; they count once, like KenLM's <s> n-grams.
    for (let j = 0; j < adj.length; j++) if (adj[j] === 0) adj[j] = 1;
  }

  const vocabSize = counts[0]?.keys.length ?? 0;
  const prob: Float64Array[] = [];
  const backoffs: Map<number, number>[] = []; // per order k: context key -> gamma for order k
  for (let k = 1; k <= order; k++) {
    const c = counts[k - 1] as OrderCounts;
    const adj = adjusted[k - 1] as Float64Array;
    const d = discounts(adj);
    // Per context: total count and how many continuations have count 1, 2, 3+.
    const ctxTotal = new Map<number, number>();
    const ctxDiscount = new Map<number, number>();
    for (let j = 0; j < c.keys.length; j++) {
      const a = adj[j] as number;
      const ctx = c.ctx[j] as number;
      ctxTotal.set(ctx, (ctxTotal.get(ctx) ?? 0) + a);
      ctxDiscount.set(ctx, (ctxDiscount.get(ctx) ?? 0) + discountOf(a, d));
    }
    const gamma = new Map<number, number>();
    for (const [ctx, total] of ctxTotal) gamma.set(ctx, (ctxDiscount.get(ctx) as number) / total);
    backoffs.push(gamma);
    const p = new Float64Array(c.keys.length);
    const lower = k > 1 ? (counts[k - 2] as OrderCounts) : undefined;
    for (let j = 0; j < c.keys.length; j++) {
      const a = adj[j] as number;
      const ctx = c.ctx[j] as number;
      const g = gamma.get(ctx) as number;
      let lowerP = 1 / (vocabSize + 1);
      if (lower) {
        const at = lower.index.get(c.suffix[j] as number);
        lowerP = at === undefined ? lowerP : ((prob[k - 2] as Float64Array)[at] as number);
      }
      p[j] = (a - discountOf(a, d)) / (ctxTotal.get(ctx) as number) + g * lowerP;
    }
    prob.push(p);
  }
  const unkLog10 = Math.log10(((backoffs[0]?.get(0) ?? 1) * 1) / (vocabSize + 1));

  const keep = pruneToBudget(counts, opts.maxEntries);
  return writeModel(counts, prob, backoffs, keep, { order, vocabSize, unkLog10, loadFactor: opts.loadFactor });
}

/** Modified Kneser-Ney discounts D1, D2, D3+ from counts of counts. */
function discounts(adj: Float64Array): [number, number, number] {
  const n = [0, 0, 0, 0, 0];
  for (const a of adj) if (a >= 1 && a <= 4) n[a] = (n[a] as number) + 1;
  const [n1, n2, n3, n4] = [n[1] || 1, n[2] || 1, n[3] || 1, n[4] || 1];
  const y = n1 / (n1 + 2 * n2);
  const clamp = (x: number, hi: number) => Math.min(hi, Math.max(0.1, x));
  return [clamp(1 - (2 * y * n2) / n1, 1), clamp(2 - (3 * y * n3) / n2, 2), clamp(3 - (4 * y * n4) / n3, 3)];
}

function discountOf(a: number, d: [number, number, number]): number {
  return a >= 3 ? d[2] : a === 2 ? d[1] : a >= 1 ? d[0] : 0;
}

/**
 * Keeps unigrams and, for higher orders, n-grams whose raw count reaches a threshold; thresholds never decrease
 * with order, so every kept n-gram's prefix and suffix are kept too (backoff form stays consistent).
 */
function pruneToBudget(counts: OrderCounts[], maxEntries: number): number[] {
  const thresholds = counts.map(() => 1);
  const size = () =>
    counts.reduce(
      (s, c, k) => s + (k === 0 ? c.keys.length : c.raw.filter((r) => r >= (thresholds[k] as number)).length),
      0,
    );
  while (size() > maxEntries) {
    // Raise the threshold of the order with the most entries, highest order first on ties.
    let worst = -1;
    let worstCount = -1;
    for (let k = counts.length - 1; k >= 1; k--) {
      const n = (counts[k] as OrderCounts).raw.filter((r) => r >= (thresholds[k] as number)).length;
      if (n > worstCount) {
        worstCount = n;
        worst = k;
      }
    }
    if (worst < 1) break;
    thresholds[worst] = (thresholds[worst] as number) + 1;
    for (let k = worst + 1; k < counts.length; k++)
      thresholds[k] = Math.max(thresholds[k] as number, thresholds[worst] as number);
  }
  return thresholds;
}

function writeModel(
  counts: OrderCounts[],
  prob: Float64Array[],
  backoffs: Map<number, number>[],
  thresholds: number[],
  meta: { order: number; vocabSize: number; unkLog10: number; loadFactor: number },
): Uint8Array {
  const sections: {
    size: number;
    entries: number;
    keys: Uint32Array;
    prob: Uint8Array;
    backoff: Uint8Array;
    probBook: Float32Array;
    backoffBook: Float32Array;
  }[] = [];
  for (let k = 1; k <= meta.order; k++) {
    const c = counts[k - 1] as OrderCounts;
    const p = prob[k - 1] as Float64Array;
    const nextGamma = backoffs[k]; // gammas of order k+1, keyed by their context = an order-k n-gram
    const kept: number[] = [];
    for (let j = 0; j < c.keys.length; j++) if ((c.raw[j] as number) >= (thresholds[k - 1] as number)) kept.push(j);
    const size = kept.length === 0 ? 0 : Math.ceil(kept.length / meta.loadFactor) + 1;
    const logp = kept.map((j) => Math.log10(p[j] as number));
    const logb = kept.map((j) => {
      const g = nextGamma?.get(c.keys[j] as number);
      return g === undefined ? 0 : Math.log10(g);
    });
    const probQ = quantize(logp);
    const backoffQ = quantize(logb);
    const keys = new Uint32Array(size);
    const pq = new Uint8Array(size);
    const bq = new Uint8Array(size);
    kept.forEach((j, i) => {
      const key = c.keys[j] as number;
      let s = slotOf(key, size);
      while (keys[s] !== 0) s = s + 1 === size ? 0 : s + 1;
      keys[s] = key;
      pq[s] = probQ.codes[i] as number;
      bq[s] = backoffQ.codes[i] as number;
    });
    sections.push({
      size,
      entries: kept.length,
      keys,
      prob: pq,
      backoff: bq,
      probBook: probQ.book,
      backoffBook: backoffQ.book,
    });
  }
  let total = HEADER_BYTES;
  for (const s of sections) total = align4(total + 2048 + s.size * 6);
  const out = new Uint8Array(total);
  const view = new DataView(out.buffer);
  view.setUint32(0, MODEL_MAGIC, true);
  view.setUint32(4, MODEL_VERSION, true);
  view.setUint32(8, meta.order, true);
  view.setUint32(12, meta.vocabSize, true);
  view.setFloat32(16, meta.unkLog10, true);
  let at = HEADER_BYTES;
  sections.forEach((s, k) => {
    view.setUint32(20 + 8 * k, s.size, true);
    view.setUint32(24 + 8 * k, s.entries, true);
    out.set(new Uint8Array(s.probBook.buffer), at);
    out.set(new Uint8Array(s.backoffBook.buffer), at + 1024);
    at += 2048;
    out.set(new Uint8Array(s.keys.buffer), at);
    at += s.size * 4;
    out.set(s.prob, at);
    out.set(s.backoff, at + s.size);
    at = align4(at + s.size * 2);
  });
  return out;
}

/** 256 equal steps between the smallest and largest value (log probabilities: about 0.02 apart). */
function quantize(values: number[]): { codes: Uint8Array; book: Float32Array } {
  const book = new Float32Array(256);
  const codes = new Uint8Array(values.length);
  if (values.length === 0) return { codes, book };
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of values) {
    lo = Math.min(lo, v);
    hi = Math.max(hi, v);
  }
  const step = hi > lo ? (hi - lo) / 255 : 1;
  for (let q = 0; q < 256; q++) book[q] = lo + q * step;
  values.forEach((v, i) => {
    codes[i] = Math.round((v - lo) / step);
  });
  return { codes, book };
}
