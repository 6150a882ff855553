// Whether a paragraph's sentences run in the order written. A writer's next sentence opens with what the sentence
// before ended on (given before new), so the stems of one sentence's second half come back in the first half of the
// next more often than in the first half of any other sentence of its paragraph. Sentences shuffled within their
// paragraph keep its words and its topic and lose only that; read backwards, a paragraph chains the wrong way round;
// a model's sentences each restate the paragraph's subject rather than take up the one before.
//
// The measure is a z-score of the text against itself: the chained overlap of its adjacent sentences against the
// mean and variance of the same sum over every order of each paragraph's sentences (exact moments, below). A text's
// paragraphs add up as evidence: a shuffled text stays near 0 however long it is, a real one rises with its length.
// Alone, it tells the 52 papers from their sentences shuffled within paragraphs at 0.79 on ~8 KB windows and 0.95 as
// whole documents (adjacent over far sentences' plain overlap, sentence-adjacency.ts: 0.80 and 0.88), from their
// sentences in reverse order at 0.67 and 0.76 (0.59 and 0.68), and whole papers a model wrote at 0.67-0.74 and 0.91.
import { type Tokens, WORD } from "../ngram-lm/tokens.js";
import { stemHash } from "./discourse.js";
import { KeyIds } from "./key-set.js";
import { MIN_WORD_LENGTH } from "./word-sets.js";
import { LIST_CLASS_FUNCTION } from "./words.js";

/** Sentences shorter than this (headings, labels, formula debris) are left out. */
const MIN_SENTENCE_CHARS = 40;
/** Paragraphs of fewer sentences than this have too few orders to say anything. */
const MIN_SENTENCES = 3;

/**
 * How far the text's sentences chain in the order written above every other order of each paragraph, in standard
 * deviations; 0 for a text without a paragraph of MIN_SENTENCES sentences. `lists`: tokenLists(tokens).
 */
export function sentenceChaining(text: string, tokens: Tokens, lists: Uint32Array): number {
  const { lengths, offsets, newlinesBefore, sentenceStarts, sentences } = tokens;
  const paragraph = new ParagraphHalves(text, tokens, lists);
  const sum = { observed: 0, mean: 0, variance: 0 };
  for (let s = 0; s <= sentences; s++) {
    const from = sentenceStarts[s] as number;
    // A sentence opening after a blank line opens a paragraph.
    if (s === sentences || (s > 0 && (newlinesBefore[from] as number) >= 2)) {
      if (paragraph.count >= MIN_SENTENCES) addParagraph(paragraph.chained(), paragraph.count, sum);
      paragraph.clear();
    }
    if (s === sentences) break;
    const to = sentenceStarts[s + 1] as number;
    if (to === from) continue;
    const chars = (offsets[to - 1] as number) + (lengths[to - 1] as number) - (offsets[from] as number);
    if (chars >= MIN_SENTENCE_CHARS) paragraph.add(from, to);
  }
  return sum.variance > 0 ? (sum.observed - sum.mean) / Math.sqrt(sum.variance) : 0;
}

function addParagraph(chained: Float64Array, n: number, sum: { observed: number; mean: number; variance: number }) {
  for (let i = 1; i < n; i++) sum.observed += chained[(i - 1) * n + i] as number;
  const { mean, variance } = adjacentSumMoments(chained, n);
  sum.mean += mean;
  sum.variance += variance;
}

/**
 * One paragraph's sentences, read as their distinct content stems in two halves at the middle one (the first half
 * what a sentence takes up, the second what it brings) once the paragraph is known to be long enough: held as the
 * text's dense stem ids in flat arrays, no set a sentence.
 */
class ParagraphHalves {
  /** Token ranges of the paragraph's sentences, [from, to) after one another. */
  private readonly sentences: number[] = [];
  private buffers: HalvesBuffers | undefined;

  constructor(
    private readonly text: string,
    private readonly tokens: Tokens,
    private readonly lists: Uint32Array,
  ) {}

  get count(): number {
    return this.sentences.length / 2;
  }

  add(from: number, to: number): void {
    this.sentences.push(from, to);
  }

  clear(): void {
    this.sentences.length = 0;
  }

  /**
   * [a * count + b]: the overlap (Jaccard) of sentence a's second half with sentence b's first; 0 where a = b. Valid
   * until the next call, which reuses the array: a typed array of its own per paragraph was a third of this measure's
   * time.
   */
  chained(): Float64Array {
    const { flags, lengths, offsets } = this.tokens;
    this.buffers ??= new HalvesBuffers(this.tokens.count);
    const buffers = this.buffers;
    const { ids, stems, starts, lastHalf, firstHolder, nextHolder, holder, scratch } = buffers;
    const n = this.count;
    let end = 0;
    let holders = 0;
    for (let k = 0; k < n; k++) {
      let words = 0;
      for (let i = this.sentences[2 * k] as number; i < (this.sentences[2 * k + 1] as number); i++)
        if (
          ((flags[i] as number) & WORD) !== 0 &&
          (lengths[i] as number) >= MIN_WORD_LENGTH &&
          ((this.lists[i] as number) & LIST_CLASS_FUNCTION) === 0
        )
          scratch[words++] = ids.idOf(stemHash(this.text, offsets[i] as number, lengths[i] as number));
      const middle = Math.ceil(words / 2);
      // Halves are numbered from 1 through the text: 0 in lastHalf is a stem no half has taken in yet.
      const first = ++buffers.halves;
      const second = ++buffers.halves;
      starts[2 * k] = end;
      for (let j = 0; j < words; j++) {
        if (j === middle) starts[2 * k + 1] = end;
        const half = j < middle ? first : second;
        const id = scratch[j] as number;
        if (lastHalf[id] === half) continue;
        lastHalf[id] = half;
        stems[end++] = id;
        if (half === first) {
          // Holders are numbered from 1: 0 ends a chain.
          holder[++holders] = k;
          nextHolder[holders] = firstHolder[id] as number;
          firstHolder[id] = holders;
        }
      }
      if (middle === words) starts[2 * k + 1] = end;
    }
    starts[2 * n] = end;
    if (buffers.shared.length < n * n) buffers.shared = new Float64Array(n * n * 2);
    const shared = buffers.shared.fill(0, 0, n * n);
    for (let a = 0; a < n; a++)
      for (let j = starts[2 * a + 1] as number; j < (starts[2 * a + 2] as number); j++)
        for (let e = firstHolder[stems[j] as number] as number; e > 0; e = nextHolder[e] as number) {
          const b = holder[e] as number;
          if (b !== a) shared[a * n + b] = (shared[a * n + b] as number) + 1;
        }
    for (let j = 0; j < end; j++) firstHolder[stems[j] as number] = 0;
    for (let a = 0; a < n; a++) {
      const tail = (starts[2 * a + 2] as number) - (starts[2 * a + 1] as number);
      for (let b = 0; b < n; b++) {
        const both = shared[a * n + b] as number;
        const union = tail + (starts[2 * b + 1] as number) - (starts[2 * b] as number) - both;
        shared[a * n + b] = union === 0 ? 0 : both / union;
      }
    }
    return shared;
  }
}

/**
 * What ParagraphHalves reads a text's paragraphs into, for a text of `capacity` tokens: one allocation for all but the
 * ids (a typed array a paragraph, or six a text, were more of this measure's time than its reading; so was counting
 * the text's content words to size them).
 */
class HalvesBuffers {
  readonly ids: KeyIds;
  /** Stem ids of a paragraph's halves: sentence k's first half at [starts[2k], starts[2k+1]), its second after. */
  readonly stems: Int32Array;
  readonly starts: number[] = [];
  /** The half (numbered from 1 through the text) that last took in each stem id: keeps each half's stems distinct. */
  readonly lastHalf: Int32Array;
  /** Per stem id, the last of the paragraph's first halves to hold it (from 1), the others chained through `nextHolder`. */
  readonly firstHolder: Int32Array;
  readonly nextHolder: Int32Array;
  readonly holder: Int32Array;
  readonly scratch: Int32Array;
  halves = 0;
  /** Room for a paragraph's n × n overlaps. */
  shared = new Float64Array(0);

  constructor(capacity: number) {
    this.ids = new KeyIds(capacity);
    const size = capacity + 1;
    const memory = new Int32Array(6 * size);
    [this.stems, this.lastHalf, this.firstHolder, this.nextHolder, this.holder, this.scratch] = Array.from(
      { length: 6 },
      (_, k) => memory.subarray(k * size, (k + 1) * size),
    ) as [Int32Array, Int32Array, Int32Array, Int32Array, Int32Array, Int32Array];
  }
}

/**
 * Mean and variance of Σ w(π_i, π_(i+1)) over the orders π of n items, every order alike likely, for weights w (n × n,
 * row a column b, the diagonal unused; not symmetric). Each adjacent slot holds a random ordered pair; two slots in a
 * row share an item, two slots apart share none, which gives the covariances.
 */
export function adjacentSumMoments(w: Float64Array, n: number): { mean: number; variance: number } {
  let total = 0;
  let squares = 0;
  let reciprocal = 0; // Σ w(a, b) w(b, a)
  let intoSquares = 0;
  let outSquares = 0;
  let through = 0; // Σ_b into(b) out(b): paths a -> b -> c, a = c included
  for (let b = 0; b < n; b++) {
    let into = 0;
    let out = 0;
    for (let a = 0; a < n; a++) {
      if (a === b) continue;
      const v = w[b * n + a] as number;
      out += v;
      into += w[a * n + b] as number;
      squares += v * v;
      reciprocal += v * (w[a * n + b] as number);
    }
    total += out;
    intoSquares += into * into;
    outSquares += out * out;
    through += into * out;
  }
  const ordered2 = n * (n - 1);
  const ordered3 = ordered2 * (n - 2);
  const ordered4 = ordered3 * (n - 3);
  const mu = total / ordered2;
  // E[w(a, b) w(b, c)] over distinct a, b, c, and E[w(a, b) w(c, d)] over distinct a, b, c, d.
  const inARow = n >= 3 ? (through - reciprocal) / ordered3 : 0;
  const apart = n >= 4 ? (total * total - outSquares - intoSquares - 2 * through + squares + reciprocal) / ordered4 : 0;
  const slotsInARow = n - 2;
  const slotsApart = ((n - 1) * (n - 2)) / 2 - slotsInARow;
  return {
    mean: (n - 1) * mu,
    variance:
      (n - 1) * (squares / ordered2 - mu * mu) +
      2 * slotsInARow * (inARow - mu * mu) +
      2 * slotsApart * (apart - mu * mu),
  };
}
