// The n-grams of one order seen in training, in typed arrays: a JS Map holds at most 2^24 entries (a few hundred MB
// of text has more distinct trigrams), and this takes 30-40 bytes an entry. Entries stay in the order they were
// first seen, so a model trained without pruning is the same, byte for byte, however the table grew.
import { growU32 } from "./grow.js";

/** Most a slot index is filled before it doubles: the probes of a miss stay short. */
const MAX_LOAD = 0.5;

export class NgramCounts {
  /** Number of entries; entry j is keys[j], ctx[j], suffix[j], raw[j] and extensions[j] for j < length. */
  length = 0;
  keys = new Uint32Array(16);
  /** Key of the n-gram without its last word (0 for unigrams). */
  ctx = new Uint32Array(16);
  /** Key of the n-gram without its first word (0 for unigrams). */
  suffix = new Uint32Array(16);
  /** How often the n-gram was seen. */
  raw = new Uint32Array(16);
  /** How many distinct n-grams one word longer end with it (Kneser-Ney's continuation count), as counted so far. */
  extensions = new Uint32Array(16);
  /** Open addressing over entry indices: entry + 1, 0 empty. */
  private slots = new Int32Array(64);
  private shift = 32 - 6;

  /** Counts `times` occurrences of `key`, recording its context and suffix keys when it is new (then true). */
  add(key: number, ctx: number, suffix: number, times = 1): boolean {
    const s = this.slotOf(key);
    const at = this.slots[s] as number;
    if (at !== 0) {
      this.raw[at - 1] = (this.raw[at - 1] as number) + times;
      return false;
    }
    if (this.length === this.keys.length) this.growEntries();
    const j = this.length++;
    this.keys[j] = key;
    this.ctx[j] = ctx;
    this.suffix[j] = suffix;
    this.raw[j] = times;
    this.extensions[j] = 0;
    this.slots[s] = j + 1;
    if (this.length > this.slots.length * MAX_LOAD) this.reindex(this.slots.length * 2);
    return true;
  }

  /** Counts a new n-gram one word longer that ends with `key` (which must have been added). */
  addExtension(key: number): void {
    const j = this.indexOf(key);
    if (j >= 0) this.extensions[j] = (this.extensions[j] as number) + 1;
  }

  /** Index of `key`'s entry, or -1. */
  indexOf(key: number): number {
    return (this.slots[this.slotOf(key)] as number) - 1;
  }

  /** Drops the entries seen fewer than `minRaw` times, keeping the others in their order. */
  prune(minRaw: number): void {
    this.retain((j) => (this.raw[j] as number) >= minRaw);
  }

  /** Keeps the entries `keep` accepts, in their order. */
  retain(keep: (entry: number) => boolean): void {
    let n = 0;
    for (let j = 0; j < this.length; j++) {
      if (!keep(j)) continue;
      this.keys[n] = this.keys[j] as number;
      this.ctx[n] = this.ctx[j] as number;
      this.suffix[n] = this.suffix[j] as number;
      this.raw[n] = this.raw[j] as number;
      this.extensions[n] = this.extensions[j] as number;
      n++;
    }
    this.length = n;
    let size = 64;
    while (n > size * MAX_LOAD) size *= 2;
    this.reindex(size);
  }

  private growEntries(): void {
    const grow = (a: Uint32Array) => growU32(a, a.length * 2);
    this.keys = grow(this.keys);
    this.ctx = grow(this.ctx);
    this.suffix = grow(this.suffix);
    this.raw = grow(this.raw);
    this.extensions = grow(this.extensions);
  }

  private reindex(size: number): void {
    this.slots = new Int32Array(size);
    this.shift = 32 - Math.log2(size);
    for (let j = 0; j < this.length; j++) this.slots[this.slotOf(this.keys[j] as number)] = j + 1;
  }

  /** The slot that holds `key`'s entry, or the empty slot where it would go (linear probing). */
  private slotOf(key: number): number {
    const { slots, keys } = this;
    const mask = slots.length - 1;
    let s = Math.imul(key, 0x9e3779b1) >>> this.shift;
    for (;;) {
      const at = slots[s] as number;
      if (at === 0 || keys[at - 1] === key) return s;
      s = (s + 1) & mask;
    }
  }
}
