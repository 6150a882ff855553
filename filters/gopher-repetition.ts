// Gopher repetition rules (Rae et al. 2021, table A1), with datatrove 0.10's semantics: duplicated paragraphs and
// lines (by count and by characters), the share of text in the most frequent 2-4-gram, and the share of text covered
// by repeated 5-10-grams. Character fractions are over the document length in code points, as Python counts.
import type { Decision, Filter } from "../src/decision.js";
import type { Scores } from "../src/doc.js";
import type { TokenizedDoc } from "./tokenized-doc.js";
import { pyStrip } from "./tokenizer.js";

export const GOPHER_REPETITION_DEFAULTS = {
  dupLineFrac: 0.3,
  dupParaFrac: 0.3,
  dupLineCharFrac: 0.2,
  dupParaCharFrac: 0.2,
  /** [n, max share of text in the single most frequent n-gram] */
  topNGrams: [
    [2, 0.2],
    [3, 0.18],
    [4, 0.16],
  ] as ReadonlyArray<readonly [number, number]>,
  /** [n, max share of text in n-grams that repeat an earlier one] */
  dupNGrams: [
    [5, 0.15],
    [6, 0.14],
    [7, 0.13],
    [8, 0.12],
    [9, 0.11],
    [10, 0.1],
  ] as ReadonlyArray<readonly [number, number]>,
};
export type GopherRepetitionOptions = typeof GOPHER_REPETITION_DEFAULTS;

export type GopherRepetitionReason =
  | "dup_para_frac"
  | "dup_para_char_frac"
  | "dup_line_frac"
  | "dup_line_char_frac"
  | `top_${number}_gram`
  | `duplicated_${number}_n_grams`;

export function gopherRepetitionScoreNames(opts: GopherRepetitionOptions = GOPHER_REPETITION_DEFAULTS): string[] {
  return [
    "gopher_repetition_dup_para_frac",
    "gopher_repetition_dup_para_char_frac",
    "gopher_repetition_dup_line_frac",
    "gopher_repetition_dup_line_char_frac",
    ...opts.topNGrams.map(([n]) => `gopher_repetition_top_${n}_gram_frac`),
    ...opts.dupNGrams.map(([n]) => `gopher_repetition_dup_${n}_gram_frac`),
  ];
}

/** Elements equal to an earlier element: how many, and how many characters they hold. */
export function findDuplicates(items: readonly string[], lengthOf: (s: string) => number): [number, number] {
  const seen = new Set<string>();
  let elements = 0;
  let chars = 0;
  for (const item of items) {
    if (seen.has(item)) {
      elements++;
      chars += lengthOf(item);
    } else {
      seen.add(item);
    }
  }
  return [elements, chars];
}

/**
 * The word sequence as integer ids plus per-word lengths, so n-grams can be hashed and measured without building
 * their strings. Tokens never contain whitespace, so equal id sequences are exactly equal space-joined n-grams.
 */
interface WordIds {
  ids: Int32Array;
  /** prefix[i] = code points in words[0..i) */
  prefix: Float64Array;
}

function wordIds(words: readonly string[], lengthOf: (s: string) => number): WordIds {
  const index = new Map<string, number>();
  const ids = new Int32Array(words.length);
  const prefix = new Float64Array(words.length + 1);
  for (let i = 0; i < words.length; i++) {
    const w = words[i] as string;
    let id = index.get(w);
    if (id === undefined) {
      id = index.size + 1;
      index.set(w, id);
    }
    ids[i] = id;
    prefix[i + 1] = (prefix[i] as number) + lengthOf(w);
  }
  return { ids, prefix };
}

/**
 * 64-bit keys (two 32-bit halves) of every n-gram window, extended in place from the (n-1)-gram keys; equal id
 * sequences get equal keys, different ones collide with odds of about 2^-64 per pair.
 */
class WindowKeys {
  readonly lo: Int32Array;
  readonly hi: Int32Array;
  n = 0;

  constructor(private readonly ids: Int32Array) {
    this.lo = new Int32Array(ids.length);
    this.hi = new Int32Array(ids.length);
  }

  /** Extends every window by one word; windows starting at i cover ids[i, i + n). */
  growTo(n: number): void {
    const { ids, lo, hi } = this;
    for (; this.n < n; this.n++) {
      const k = this.n;
      for (let i = 0; i + k < ids.length; i++) {
        const id = ids[i + k] as number;
        lo[i] = Math.imul((lo[i] as number) ^ id, 0x9e3779b1) + k;
        hi[i] = Math.imul(((hi[i] as number) + id) ^ 0x85ebca6b, 0xc2b2ae35) ^ ((hi[i] as number) >>> 15);
      }
    }
  }

  get count(): number {
    return Math.max(this.ids.length - this.n + 1, 0);
  }
}

/** Open-addressing table from 64-bit window keys to small slots, numbered in order of first insertion. */
class KeyTable {
  private readonly mask: number;
  private readonly slotLo: Int32Array;
  private readonly slotHi: Int32Array;
  /** 0 = empty, else slot number + 1 */
  private readonly slotIndex: Int32Array;
  size = 0;

  constructor(capacity: number) {
    let size = 16;
    while (size < capacity * 2) size *= 2;
    this.mask = size - 1;
    this.slotLo = new Int32Array(size);
    this.slotHi = new Int32Array(size);
    this.slotIndex = new Int32Array(size);
  }

  /** Slot of the key; a new key gets the next slot number and `isNew` is set. */
  slotOf(lo: number, hi: number): number {
    let h = (lo ^ Math.imul(hi, 0x27d4eb2d)) & this.mask;
    for (;;) {
      const index = this.slotIndex[h] as number;
      if (index === 0) {
        this.slotLo[h] = lo;
        this.slotHi[h] = hi;
        this.slotIndex[h] = ++this.size;
        this.isNew = true;
        return this.size - 1;
      }
      if (this.slotLo[h] === lo && this.slotHi[h] === hi) {
        this.isNew = false;
        return index - 1;
      }
      h = (h + 1) & this.mask;
    }
  }

  isNew = false;
}

/** Characters of the most frequent space-joined n-gram times its count (ties: the first seen, as Counter does). */
function topNGramChars(words: WordIds, keys: WindowKeys, n: number): number {
  keys.growTo(n);
  const windows = keys.count;
  const table = new KeyTable(windows);
  const counts = new Int32Array(windows);
  const firstAt = new Int32Array(windows);
  for (let i = 0; i < windows; i++) {
    const slot = table.slotOf(keys.lo[i] as number, keys.hi[i] as number);
    if (table.isNew) firstAt[slot] = i;
    counts[slot] = (counts[slot] as number) + 1;
  }
  // Counter.most_common(1) returns the first of the most frequent n-grams in order of first occurrence.
  let best = -1;
  for (let slot = 0; slot < table.size; slot++)
    if (best < 0 || (counts[slot] as number) > (counts[best] as number)) best = slot;
  if (best < 0) return 0;
  const first = firstAt[best] as number;
  const chars = (words.prefix[first + n] as number) - (words.prefix[first] as number) + n - 1;
  return chars * (counts[best] as number);
}

/**
 * Characters in n-grams that repeat an earlier n-gram, skipping past each repeat (datatrove's find_all_duplicate;
 * its n-grams are the words concatenated without a separator, which id sequences match except in contrived cases).
 */
function repeatedNGramChars(words: WordIds, keys: WindowKeys, n: number): number {
  keys.growTo(n);
  const windows = keys.count;
  const table = new KeyTable(windows);
  let chars = 0;
  let i = 0;
  while (i < windows) {
    table.slotOf(keys.lo[i] as number, keys.hi[i] as number);
    if (table.isNew) {
      i++;
    } else {
      chars += (words.prefix[i + n] as number) - (words.prefix[i] as number);
      i += n;
    }
  }
  return chars;
}

const PARAGRAPH_BREAK = /\n{2,}/;
const LINE_BREAKS = /\n+/;

export function gopherRepetition(
  tdoc: TokenizedDoc,
  opts: GopherRepetitionOptions = GOPHER_REPETITION_DEFAULTS,
): Decision<GopherRepetitionReason> {
  const text = tdoc.text;
  const textLength = tdoc.length;
  const lengthOf = (s: string) => tdoc.lengthOf(s);
  const scores: Scores = {};
  const drop = (reason: GopherRepetitionReason): Decision<GopherRepetitionReason> => ({ keep: false, reason, scores });

  const paragraphs = pyStrip(text).split(PARAGRAPH_BREAK);
  const [dupParas, dupParaChars] = findDuplicates(paragraphs, lengthOf);
  scores.gopher_repetition_dup_para_frac = dupParas / paragraphs.length;
  scores.gopher_repetition_dup_para_char_frac = dupParaChars / textLength;
  const lines = text.split(LINE_BREAKS);
  const [dupLines, dupLineChars] = findDuplicates(lines, lengthOf);
  scores.gopher_repetition_dup_line_frac = dupLines / lines.length;
  scores.gopher_repetition_dup_line_char_frac = dupLineChars / textLength;

  let reason: GopherRepetitionReason | null = null;
  if (scores.gopher_repetition_dup_para_frac > opts.dupParaFrac) reason = "dup_para_frac";
  else if (scores.gopher_repetition_dup_para_char_frac > opts.dupParaCharFrac) reason = "dup_para_char_frac";
  else if (scores.gopher_repetition_dup_line_frac > opts.dupLineFrac) reason = "dup_line_frac";
  else if (scores.gopher_repetition_dup_line_char_frac > opts.dupLineCharFrac) reason = "dup_line_char_frac";

  const words = wordIds(tdoc.words, lengthOf);
  // Window keys grow with n, so the n-gram sizes are visited in increasing order.
  const keys = new WindowKeys(words.ids);
  const topNGrams = [...opts.topNGrams].sort((a, b) => a[0] - b[0]);
  const dupNGrams = [...opts.dupNGrams].sort((a, b) => a[0] - b[0]);
  for (const [n, maxFrac] of topNGrams) {
    if (words.ids.length < n) continue; // datatrove skips an n with no n-grams
    const frac = topNGramChars(words, keys, n) / textLength;
    scores[`gopher_repetition_top_${n}_gram_frac`] = frac;
    if (reason === null && frac > maxFrac) reason = `top_${n}_gram`;
  }
  for (const [n, maxFrac] of dupNGrams) {
    const frac = words.ids.length < n ? 0 : repeatedNGramChars(words, keys, n) / textLength;
    scores[`gopher_repetition_dup_${n}_gram_frac`] = frac;
    if (reason === null && frac > maxFrac) reason = `duplicated_${n}_n_grams`;
  }
  return reason === null ? { keep: true, scores } : drop(reason);
}

export function gopherRepetitionFilter(
  opts: GopherRepetitionOptions = GOPHER_REPETITION_DEFAULTS,
): Filter<TokenizedDoc, GopherRepetitionReason> {
  return { name: "gopher_repetition", decide: (tdoc) => gopherRepetition(tdoc, opts) };
}
