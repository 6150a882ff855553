// Interpolated modified Kneser-Ney (Chen & Goodman 1998) over hashed words, pruned to a size budget and written
// in the flat format of model.ts. Counting holds the corpus's distinct n-grams in memory (ngram-counts.ts, 30-40
// bytes each) up to a budget; past it, the rarest are dropped and counted again from 0 (lossy counting), so a corpus
// of any size trains in bounded memory, its counts approximate once it passed the budget. The vocabulary pass holds
// distinct words within the same budget.
import {
  align4,
  CHECKSUM_AT,
  extendKey,
  HEADER_BYTES,
  KEY_SEED,
  MAX_ORDER,
  MODEL_MAGIC,
  MODEL_VERSION,
  modelChecksum,
  slotOf,
} from "./model.js";
import { NgramCounts } from "./ngram-counts.js";
import { tokenize } from "./tokens.js";

export const LM_TRAIN_DEFAULTS = {
  order: 3,
  /** Largest vocabulary kept; rarer words become the unknown word. */
  maxVocab: 60_000,
  /** Stored n-grams of all orders together (about 7.5 bytes each on disk). */
  maxEntries: 220_000,
  /** Hash-table fill: lower is faster to probe, bigger on disk. */
  loadFactor: 0.8,
  /**
   * Distinct n-grams of orders 2 and up held while counting (30-40 bytes each, ~2 GB at 50 million): some 350 MB of
   * papers (0.12-0.15 million new ones per MB of the reference text) are counted exactly. Past it, those seen least
   * are dropped until half the budget is left (LmTrainReport.pruneFloor). The vocabulary pass holds as many distinct
   * words (LmTrainReport.vocabularyFloor).
   */
  maxCounted: 50_000_000,
} as const;
export type LmTrainOptions = { [K in keyof typeof LM_TRAIN_DEFAULTS]: number };

/** What training did besides the model: whether counting had to forget rare n-grams, and how many words it knows. */
export interface LmTrainReport {
  /**
   * 0: every count is exact. F > 0: at some point the n-grams of orders 2 and up seen at most F times so far were
   * dropped to stay within maxCounted; the counts of the n-grams kept are then lower bounds (each undercounted by
   * at most F per time it was dropped), and continuation counts miss the dropped extensions.
   */
  pruneFloor: number;
  /** Distinct n-grams of orders 2 and up counted when counting ended. */
  counted: number;
  /**
   * 0: the vocabulary is the maxVocab most frequent words. F > 0: words seen at most F times so far were dropped
   * to stay within maxCounted; the vocabulary is chosen among the words counted since, which misses only words
   * whose count is near the floor (a corpus with more distinct words than the budget: numbers, junk, hapaxes).
   */
  vocabularyFloor: number;
  /** Words the model stores: its vocabulary, and the unknown word when the text had words outside it. */
  words: number;
}

/** The model stores every word it knows (the unknown word too), so fewer entries than words cannot be met. */
export class VocabularyOverBudgetError extends Error {
  constructor(
    readonly words: number,
    readonly maxEntries: number,
  ) {
    super(`maxEntries ${maxEntries} is below the ${words} words the model stores, one entry each`);
  }
}

/** The word all out-of-vocabulary words map to during training. */
const UNK = 0x5bd1e995;

/** Streams documents twice (vocabulary, then n-grams), so `docs` must be re-iterable. */
export async function trainNgramModel(
  docs: () => AsyncIterable<string> | Iterable<string>,
  options: Partial<LmTrainOptions> = {},
  report: LmTrainReport = { pruneFloor: 0, counted: 0, vocabularyFloor: 0, words: 0 },
): Promise<Uint8Array> {
  const opts = checkedOptions(options);
  const vocab = await chooseVocabulary(docs, opts, report);
  // Refused before the longer n-gram pass; pruneToBudget checks again with the unknown word, if it was seen.
  if (vocab.size > opts.maxEntries) throw new VocabularyOverBudgetError(vocab.size, opts.maxEntries);
  const counter = new NgramCounter(vocab, opts);
  for await (const text of docs()) counter.add(text);
  return buildModel(counter, opts, report);
}

/** The defaults completed by `options`, refused when out of range. */
export function checkedOptions(options: Partial<LmTrainOptions>): LmTrainOptions {
  const opts = { ...LM_TRAIN_DEFAULTS, ...options };
  if (opts.order < 1 || opts.order > MAX_ORDER) throw new Error(`order must be 1..${MAX_ORDER}`);
  for (const option of ["maxCounted", "maxVocab", "maxEntries"] as const)
    if (!(opts[option] >= 1)) throw new Error(`${option} must be at least 1`);
  return opts;
}

/** The n-grams of orders 1 to N as counted, whether counting had to forget rare ones, and what it knew before. */
export interface CountedNgrams {
  /** One table per order, entries in the order they were first seen. */
  counts: NgramCounts[];
  /** 0: exact counts; else the floor of lossy counting (LmTrainReport.pruneFloor). */
  pruneFloor: number;
  /** Per order, how many n-grams had a Kneser-Ney count of 1, 2, 3 and 4 before counting first forgot any. */
  exactCountsOfCounts?: CountsOfCounts[];
}

/** Counts the n-grams of texts, words outside the vocabulary as the unknown word, within the maxCounted budget. */
export class NgramCounter implements CountedNgrams {
  readonly counts: NgramCounts[];
  pruneFloor = 0;
  exactCountsOfCounts?: CountsOfCounts[];

  constructor(
    private readonly vocab: ReadonlySet<number>,
    private readonly opts: Pick<LmTrainOptions, "order" | "maxCounted">,
  ) {
    this.counts = Array.from({ length: opts.order }, () => new NgramCounts());
  }

  /** Distinct n-grams of orders 2 and up held. */
  counted(): number {
    return this.counts.reduce((sum, c, k) => sum + (k > 0 ? c.length : 0), 0);
  }

  /** Per order, the counts of counts of the Kneser-Ney counts before any were dropped. */
  countsOfCounts(): CountsOfCounts[] {
    return this.exactCountsOfCounts ?? kneserNeyCounts(this.counts).map(countsOfCounts);
  }

  add(text: string): void {
    const { counts, vocab } = this;
    const order = this.opts.order;
    const t = tokenize(text);
    const words = new Uint32Array(t.count);
    for (let i = 0; i < t.count; i++) {
      const h = t.hashes[i] as number;
      words[i] = vocab.has(h) ? h : UNK;
    }
    // Keys chain (model.ts): the n-gram of k words ending at i extends the k - 1 words ending at i - 1 (its
    // context), and its suffix is the n-gram of k - 1 words ending at i.
    const previous = new Uint32Array(order + 1);
    const current = new Uint32Array(order + 1);
    previous[0] = current[0] = KEY_SEED;
    for (let i = 0; i < t.count; i++) {
      const w = words[i] as number;
      for (let k = 1; k <= order && k <= i + 1; k++) {
        current[k] = extendKey(previous[k - 1] as number, w);
        const ctx = k > 1 ? (previous[k - 1] as number) : 0;
        const suffix = k > 1 ? (current[k - 1] as number) : 0;
        if ((counts[k - 1] as NgramCounts).add(current[k] as number, ctx, suffix) && k > 1)
          (counts[k - 2] as NgramCounts).addExtension(suffix);
      }
      previous.set(current);
    }
    // Every order is pruned at one floor: an n-gram is then never kept without its prefix and suffix, which were
    // seen at least as often since it was last dropped.
    if (this.counted() > this.opts.maxCounted) {
      // Discounts come from counts of counts, which dropping the rarest n-grams would skew: they are taken from the
      // exact counts of the text read so far.
      this.exactCountsOfCounts ??= kneserNeyCounts(counts).map(countsOfCounts);
      this.pruneFloor = dropRarest(counts.slice(1), this.opts.maxCounted, this.pruneFloor);
    }
  }
}

/** The model of counted n-grams (modified Kneser-Ney), pruned to maxEntries. */
export function buildModel(
  counted: CountedNgrams,
  opts: Pick<LmTrainOptions, "order" | "maxEntries" | "loadFactor">,
  report: LmTrainReport,
): Uint8Array {
  const { counts, pruneFloor } = counted;
  const order = opts.order;
  report.pruneFloor = pruneFloor;
  // Two n-grams that share a 32-bit key are counted as one, under the first one's context: after pruning, their
  // count may have kept the entry while its context was dropped. Such entries go, lowest order first.
  if (report.pruneFloor > 0)
    for (let k = 2; k <= order; k++) {
      const lower = counts[k - 2] as NgramCounts;
      const c = counts[k - 1] as NgramCounts;
      c.retain((j) => lower.indexOf(c.ctx[j] as number) >= 0 && lower.indexOf(c.suffix[j] as number) >= 0);
    }
  report.counted = counts.reduce((sum, c, k) => sum + (k > 0 ? c.length : 0), 0);

  const adjusted = kneserNeyCounts(counts);

  const vocabSize = counts[0]?.length ?? 0;
  report.words = vocabSize;
  const prob: Float64Array[] = [];
  // Per order k, the backoff weight (gamma) of each context by its entry in order k-1 (one value for order 1's empty
  // context); 0: the context has no continuation. Every context was counted: it is the n-gram before the last word.
  const gammas: Float64Array[] = [];
  for (let k = 1; k <= order; k++) {
    const c = counts[k - 1] as NgramCounts;
    const adj = adjusted[k - 1] as Float64Array;
    const d = discountsFrom(counted.exactCountsOfCounts?.[k - 1] ?? countsOfCounts(adj));
    const context = contextIndices(c, k > 1 ? (counts[k - 2] as NgramCounts) : undefined);
    const contexts = k > 1 ? (counts[k - 2] as NgramCounts).length : 1;
    // Per context: total count and the sum of its continuations' discounts.
    const ctxTotal = new Float64Array(contexts);
    const ctxDiscount = new Float64Array(contexts);
    for (let j = 0; j < c.length; j++) {
      const a = adj[j] as number;
      const x = context[j] as number;
      ctxTotal[x] = (ctxTotal[x] as number) + a;
      ctxDiscount[x] = (ctxDiscount[x] as number) + discountOf(a, d);
    }
    // The highest order counts raw occurrences, so a context's total is its own count; after pruning, that exceeds
    // the sum over its continuations left, and the dropped ones' share goes to the backoff (it still sums to 1).
    if (k === order && k > 1 && report.pruneFloor > 0) {
      const lower = counts[k - 2] as NgramCounts;
      for (let x = 0; x < contexts; x++) {
        const own = lower.raw[x] as number;
        if ((ctxTotal[x] as number) > 0 && own > (ctxTotal[x] as number)) {
          ctxDiscount[x] = (ctxDiscount[x] as number) + own - (ctxTotal[x] as number);
          ctxTotal[x] = own;
        }
      }
    }
    const gamma = new Float64Array(contexts);
    for (let x = 0; x < contexts; x++)
      if ((ctxTotal[x] as number) > 0) gamma[x] = (ctxDiscount[x] as number) / (ctxTotal[x] as number);
    gammas.push(gamma);
    const p = new Float64Array(c.length);
    const lower = k > 1 ? (counts[k - 2] as NgramCounts) : undefined;
    for (let j = 0; j < c.length; j++) {
      const a = adj[j] as number;
      const x = context[j] as number;
      let lowerP = 1 / (vocabSize + 1);
      if (lower) {
        const at = lower.indexOf(c.suffix[j] as number);
        lowerP = at < 0 ? lowerP : ((prob[k - 2] as Float64Array)[at] as number);
      }
      p[j] = (a - discountOf(a, d)) / (ctxTotal[x] as number) + (gamma[x] as number) * lowerP;
    }
    prob.push(p);
  }
  const unkLog10 = Math.log10(((gammas[0]?.[0] || 1) * 1) / (vocabSize + 1));

  const keep = pruneToBudget(counts, opts.maxEntries);
  // Lossy counting dropped n-grams before the estimate (the highest order's mass is moved to its backoffs above, the
  // lower orders' is not), and the budget drops more after it: either way each context's backoff is fitted again.
  const pruned = report.pruneFloor > 0 || keep.some((threshold) => threshold > 1);
  const backoffs = pruned ? renormalizedBackoffs(counts, prob, gammas, keep) : gammas;
  return writeModel(counts, prob, backoffs, keep, { order, vocabSize, unkLog10, loadFactor: opts.loadFactor });
}

/**
 * The backoff weight of a context whose kept continuations leave it no mass: small, and within the range backoffs
 * take, since the model file stores them on one linear scale of 256 steps from the least to the greatest.
 */
const NO_MASS_LEFT = 1e-3;

/**
 * The backoff weights that make every context's distribution sum to 1 again once n-grams are dropped (the
 * renormalization of SRILM's and KenLM's pruning): for a context h with kept continuations w, (1 - sum of p(w | h))
 * / (1 - sum of p'(w | h')), h' being h without its first word and p' the pruned model's probability. The weights
 * fitted before pruning kept the dropped n-grams' share out of both sums: a budget-pruned model's one-word contexts
 * summed to 0.74-1.10, and held-out perplexity rose 1.5-2x against the model unpruned. Without pruning this gives
 * the same weights; a context left with no continuation backs off whole (weight 1).
 */
function renormalizedBackoffs(
  counts: NgramCounts[],
  prob: Float64Array[],
  gammas: Float64Array[],
  thresholds: number[],
): Float64Array[] {
  const kept = (k: number, j: number) =>
    ((counts[k - 1] as NgramCounts).raw[j] as number) >= (thresholds[k - 1] as number);
  const backoffs: Float64Array[] = [gammas[0] as Float64Array];
  /** p'(the order-k n-gram of entry j): stored where kept, else its context's backoff times its suffix's p'. */
  const unseen = 1 / ((counts[0]?.length ?? 0) + 1);
  const prunedProb = (k: number, j: number): number => {
    if (j < 0) return unseen; // never: a counted n-gram's suffix was counted (buildModel reads it the same way)
    if (kept(k, j)) return (prob[k - 1] as Float64Array)[j] as number;
    const c = counts[k - 1] as NgramCounts;
    const lower = counts[k - 2] as NgramCounts;
    const x = lower.indexOf(c.ctx[j] as number);
    const backoff = x >= 0 && kept(k - 1, x) ? ((backoffs[k - 1] as Float64Array)[x] as number) || 1 : 1;
    return backoff * prunedProb(k - 1, lower.indexOf(c.suffix[j] as number));
  };
  for (let k = 2; k <= counts.length; k++) {
    const c = counts[k - 1] as NgramCounts;
    const lower = counts[k - 2] as NgramCounts;
    const own = new Float64Array(lower.length);
    const backedOff = new Float64Array(lower.length);
    for (let j = 0; j < c.length; j++) {
      if (!kept(k, j)) continue;
      const x = lower.indexOf(c.ctx[j] as number);
      own[x] = (own[x] as number) + ((prob[k - 1] as Float64Array)[j] as number);
      backedOff[x] = (backedOff[x] as number) + prunedProb(k - 1, lower.indexOf(c.suffix[j] as number));
    }
    const fitted = Float64Array.from(gammas[k - 1] as Float64Array);
    for (let x = 0; x < lower.length; x++) {
      const rest = 1 - (backedOff[x] as number);
      // Lossy counts can leave a context's kept continuations holding all its mass or more: it then backs off with a
      // weight near 0, not 0, which the model file reads as no backoff weight at all (1).
      if (rest > 1e-12) fitted[x] = Math.max(NO_MASS_LEFT, 1 - (own[x] as number)) / rest;
    }
    backoffs.push(fitted);
  }
  return backoffs;
}

/** Hashes of the maxVocab most frequent words (ties by hash), counted within the maxCounted budget. */
export async function chooseVocabulary(
  docs: () => AsyncIterable<string> | Iterable<string>,
  opts: Pick<LmTrainOptions, "maxVocab" | "maxCounted">,
  report: Pick<LmTrainReport, "vocabularyFloor">,
): Promise<Set<number>> {
  const words = new WordCounter(opts.maxCounted);
  for await (const text of docs()) words.add(text);
  report.vocabularyFloor = words.floor;
  return vocabularyOf(words.counts, opts.maxVocab);
}

/** How often each word was seen, within the maxCounted budget (lossy counting past it). */
export class WordCounter {
  readonly counts = new NgramCounts();
  /** 0: exact counts; else words seen at most this often were dropped (LmTrainReport.vocabularyFloor). */
  floor = 0;

  constructor(private readonly maxCounted: number) {}

  add(text: string): void {
    const t = tokenize(text);
    for (let i = 0; i < t.count; i++) this.counts.add(t.hashes[i] as number, 0, 0);
    this.keepWithinBudget();
  }

  /**
   * Takes back the words of a text another process counted (training across ranks: a copy of a repeated id); a word
   * left at no sighting goes, as if never seen.
   */
  remove(text: string): void {
    const t = tokenize(text);
    const { counts } = this;
    for (let i = 0; i < t.count; i++) {
      const j = counts.indexOf(t.hashes[i] as number);
      // Absent or at 0 when lossy counting dropped it: its count is a lower bound anyway.
      if (j >= 0 && (counts.raw[j] as number) > 0) counts.raw[j] = (counts.raw[j] as number) - 1;
    }
    counts.prune(1);
  }

  /** Adds `times` sightings of the word `key` (counts made elsewhere). */
  addCount(key: number, times: number): void {
    this.counts.add(key, 0, 0, times);
  }

  keepWithinBudget(): void {
    if (this.counts.length > this.maxCounted) this.floor = dropRarest([this.counts], this.maxCounted, this.floor);
  }
}

/** The `maxVocab` most frequent words (ties by hash). */
export function vocabularyOf(words: NgramCounts, maxVocab: number): Set<number> {
  const byCount = Array.from({ length: words.length }, (_, j) => j).sort(
    (a, b) =>
      (words.raw[b] as number) - (words.raw[a] as number) || (words.keys[a] as number) - (words.keys[b] as number),
  );
  return new Set(byCount.slice(0, maxVocab).map((j) => words.keys[j] as number));
}

/**
 * Lossy counting: drops the entries seen at most `floor` + 1, + 2, ... times, all tables at one floor, until half of
 * `budget` is left. Returns the new floor.
 */
function dropRarest(tables: NgramCounts[], budget: number, floor: number): number {
  const held = () => tables.reduce((sum, c) => sum + c.length, 0);
  let raised = floor;
  while (held() > budget / 2) {
    raised++;
    for (const c of tables) c.prune(raised + 1);
  }
  return raised;
}

/** Each n-gram's context as an entry of the order below (0 for unigrams, whose one context is empty). */
function contextIndices(c: NgramCounts, lower: NgramCounts | undefined): Int32Array {
  const context = new Int32Array(c.length);
  if (!lower) return context;
  for (let j = 0; j < c.length; j++) {
    const x = lower.indexOf(c.ctx[j] as number);
    if (x < 0) throw new Error("n-gram counted without its context (a bug)");
    context[j] = x;
  }
  return context;
}

/**
 * Kneser-Ney counts: the highest order uses raw counts, lower orders the number of distinct left extensions, counted
 * as each extension was first seen (an extension dropped by pruning still counts; one seen again after it was
 * dropped counts twice).
 */
function kneserNeyCounts(counts: NgramCounts[]): Float64Array[] {
  return counts.map((c, k) => {
    const adj = Float64Array.from((k === counts.length - 1 ? c.raw : c.extensions).subarray(0, c.length));
    // N-grams seen only at a document start have no left extension; they count once, like KenLM's <s> n-grams.
    for (let j = 0; j < adj.length; j++) if (adj[j] === 0) adj[j] = 1;
    return adj;
  });
}

type Discounts = [number, number, number];
/** How many n-grams have a Kneser-Ney count of 1, 2, 3 and 4. */
export type CountsOfCounts = [number, number, number, number];

export function countsOfCounts(adj: Float64Array): CountsOfCounts {
  const n: CountsOfCounts = [0, 0, 0, 0];
  for (const a of adj) if (a >= 1 && a <= 4) n[a - 1] = (n[a - 1] as number) + 1;
  return n;
}

/** Modified Kneser-Ney discounts D1, D2, D3+ from counts of counts. */
function discountsFrom(counts: CountsOfCounts): Discounts {
  const [n1, n2, n3, n4] = counts.map((n) => n || 1) as CountsOfCounts;
  const y = n1 / (n1 + 2 * n2);
  const clamp = (x: number, hi: number) => Math.min(hi, Math.max(0.1, x));
  return [clamp(1 - (2 * y * n2) / n1, 1), clamp(2 - (3 * y * n3) / n2, 2), clamp(3 - (4 * y * n4) / n3, 3)];
}

function discountOf(a: number, d: Discounts): number {
  return a >= 3 ? d[2] : a === 2 ? d[1] : a >= 1 ? d[0] : 0;
}

/**
 * Keeps unigrams and, for higher orders, n-grams whose raw count reaches a threshold; thresholds never decrease
 * with order, so every kept n-gram's prefix and suffix are kept too (backoff form stays consistent).
 */
function pruneToBudget(counts: NgramCounts[], maxEntries: number): number[] {
  const words = counts[0]?.length ?? 0;
  if (words > maxEntries) throw new VocabularyOverBudgetError(words, maxEntries);
  const tallies = counts.map((c) => new CountTally(c));
  const thresholds = counts.map(() => 1);
  const kept = (k: number) => (k === 0 ? words : (tallies[k] as CountTally).atLeast(thresholds[k] as number));
  const size = () => counts.reduce((s, _, k) => s + kept(k), 0);
  // The words fit, so while the size is over budget some higher order has entries left, and each round drops some.
  while (size() > maxEntries) {
    // Raise the threshold of the order with the most entries, highest order first on ties.
    let worst = 0;
    let worstCount = 0;
    for (let k = counts.length - 1; k >= 1; k--) {
      const n = kept(k);
      if (n > worstCount) {
        worstCount = n;
        worst = k;
      }
    }
    // Raised by one, the threshold drops nothing and this order stays the worst until it passes the lowest count kept
    // here or in an order above (which take at least its threshold): it goes there at once, the same thresholds in
    // one round per drop instead of one per count.
    let raised = Number.POSITIVE_INFINITY;
    for (let k = worst; k < counts.length; k++)
      raised = Math.min(raised, (tallies[k] as CountTally).lowestFrom(thresholds[k] as number) + 1);
    for (let k = worst; k < counts.length; k++) thresholds[k] = Math.max(thresholds[k] as number, raised);
  }
  return thresholds;
}

/** An order's n-grams by how often they were seen: the distinct counts, ascending, and how many reach each. */
class CountTally {
  private readonly counts: number[];
  /** reaching[i]: the n-grams seen at least counts[i] times. */
  private readonly reaching: number[];

  constructor(c: NgramCounts) {
    const byCount = new Map<number, number>();
    for (let j = 0; j < c.length; j++) byCount.set(c.raw[j] as number, (byCount.get(c.raw[j] as number) ?? 0) + 1);
    this.counts = [...byCount.keys()].sort((a, b) => a - b);
    this.reaching = new Array<number>(this.counts.length);
    let n = 0;
    for (let i = this.counts.length - 1; i >= 0; i--) {
      n += byCount.get(this.counts[i] as number) as number;
      this.reaching[i] = n;
    }
  }

  /** How many of the n-grams were seen at least `min` times. */
  atLeast(min: number): number {
    return this.reaching[this.firstFrom(min)] ?? 0;
  }

  /** The lowest count of at least `min` (Infinity when none is). */
  lowestFrom(min: number): number {
    return this.counts[this.firstFrom(min)] ?? Number.POSITIVE_INFINITY;
  }

  /** Index of the first count of at least `min` (binary search). */
  private firstFrom(min: number): number {
    let lo = 0;
    let hi = this.counts.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((this.counts[mid] as number) < min) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}

function writeModel(
  counts: NgramCounts[],
  prob: Float64Array[],
  gammas: Float64Array[],
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
    const c = counts[k - 1] as NgramCounts;
    const p = prob[k - 1] as Float64Array;
    const nextGamma = gammas[k]; // gammas of order k+1, by their context: an order-k n-gram
    const kept: number[] = [];
    for (let j = 0; j < c.length; j++) if ((c.raw[j] as number) >= (thresholds[k - 1] as number)) kept.push(j);
    const size = kept.length === 0 ? 0 : Math.ceil(kept.length / meta.loadFactor) + 1;
    const logp = kept.map((j) => Math.log10(p[j] as number));
    const logb = kept.map((j) => {
      const g = nextGamma?.[j] ?? 0;
      return g === 0 ? 0 : Math.log10(g);
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
  view.setUint32(CHECKSUM_AT, modelChecksum(out), true);
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
