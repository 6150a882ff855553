// Hashed backoff n-gram model in one flat binary file: read once, no parsing; on load each order's keys and codes
// are rehashed into one power-of-two typed array (OrderTable.slots).
// Layout (little-endian, every section 4-byte aligned):
//   header (64 bytes): magic "ASLM", version, order, vocabulary size, unknown-word log10 p, then per order
//                      its table size and entry count; at 60 (version 2) the CRC-32 of every other byte of the file
//   per order k = 1..order: Float32[256] log10-prob codebook, Float32[256] backoff codebook,
//                           Uint32[size] keys (0 = empty slot), Uint8[size] prob code, Uint8[size] backoff code
// Probabilities are interpolated modified Kneser-Ney stored in backoff form (as KenLM does): p(w|h) is the
// longest stored n-gram's probability plus the backoffs of the longer contexts that were not found.
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { crc32 } from "node:zlib";

export const MODEL_MAGIC = 0x4d4c5341; // "ASLM"
/**
 * Version 2 adds the checksum: a file damaged inside its tables (a flipped sector) loaded and changed every score
 * a little, without a word. Version 1 files, without one, still load.
 */
export const MODEL_VERSION = 2;
const UNCHECKED_VERSION = 1;
export const HEADER_BYTES = 64;
export const CHECKSUM_AT = 60;
export const MAX_ORDER = 5;
const CODEBOOK = 256;

export const KEY_SEED = 0x2545f491;

/** A model file cut short or damaged, said in one line with what to do about it. */
export class CorruptModelError extends Error {
  constructor(problem: string) {
    super(`the n-gram model file is ${problem}; retrain it with 'assay lm train'`);
  }
}

/** Whether `head` (a file's first bytes) starts with "ASLM", the magic of every n-gram model file. */
export function hasModelMagic(head: Uint8Array): boolean {
  return head.byteLength >= 4 && new DataView(head.buffer, head.byteOffset, 4).getUint32(0, true) === MODEL_MAGIC;
}

/** sha256 of a model file's bytes: NgramModel.digest, also computed without loading the model (density's model id). */
export function modelDigest(bytes: Uint8Array): string {
  return createHash("sha256").update(bytes).digest("hex");
}

/** CRC-32 of a model file's bytes but the four of the checksum itself. */
export function modelChecksum(bytes: Uint8Array): number {
  return crc32(bytes.subarray(CHECKSUM_AT + 4), crc32(bytes.subarray(0, CHECKSUM_AT)));
}

/** Extends an n-gram key by one word on the right: keys chain, so a context's key extends into its n-gram's. */
export function extendKey(h: number, word: number): number {
  h = Math.imul(h ^ word, 0x01000193) + 0x7f4a7c15;
  h ^= h >>> 15;
  h = Math.imul(h, 0x2c1b3c6d);
  h ^= h >>> 12;
  return h >>> 0 || 1; // 0 marks an empty slot
}

/** Key of an n-gram: the same words give the same key whether used as n-gram or as context. */
export function ngramKey(words: ArrayLike<number>, start: number, end: number): number {
  let h = KEY_SEED;
  for (let i = start; i < end; i++) h = extendKey(h, words[i] as number);
  return h;
}

export function slotOf(key: number, size: number): number {
  const h = Math.imul(key, 0x9e3779b1) >>> 0;
  // h % size without a floating-point modulo (h may exceed int32); exact, since h < 2^32 leaves the quotient's
  // rounding error far below 1 / size.
  return h - Math.floor(h / size) * size;
}

export interface OrderTable {
  /** The number of slots less one (a power of two less one). */
  mask: number;
  entries: number;
  probBook: Float32Array;
  backoffBook: Float32Array;
  /**
   * Slot s as two words: [2s] its key, [2s + 1] its prob code | backoff code << 8. The file keeps keys and codes
   * apart; interleaved in memory, a found n-gram costs one cache line instead of two or three (the lookups wait on
   * memory: they were a quarter of density's time).
   */
  slots: Uint32Array;
}

export class NgramModel {
  readonly order: number;
  readonly vocabSize: number;
  /** log10 p of a word the model never saw. */
  readonly unkLog10: number;
  readonly tables: OrderTable[];
  readonly bytes: number;
  /** sha256 of the model file: which model scored a text, recorded with its scores. */
  readonly digest: string;

  /** Checks the header and every table's bounds before viewing them: a damaged file fails here, in one line. */
  constructor(buffer: Uint8Array) {
    // Typed-array views need 4-byte alignment; a Buffer from a pool may start anywhere.
    const bytes = buffer.byteOffset % 4 === 0 ? buffer : new Uint8Array(buffer);
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    if (bytes.byteLength >= 4 && !hasModelMagic(bytes)) throw new Error("not an assay n-gram model (bad magic)");
    if (bytes.byteLength < HEADER_BYTES)
      throw new CorruptModelError(`truncated: ${bytes.byteLength} bytes, less than its ${HEADER_BYTES}-byte header`);
    const version = view.getUint32(4, true);
    if (version !== MODEL_VERSION && version !== UNCHECKED_VERSION)
      throw new Error(`unsupported n-gram model version ${version}`);
    this.order = view.getUint32(8, true);
    if (this.order < 1 || this.order > MAX_ORDER)
      throw new CorruptModelError(`corrupt: its header gives order ${this.order}, not 1 to ${MAX_ORDER}`);
    this.vocabSize = view.getUint32(12, true);
    this.unkLog10 = view.getFloat32(16, true);
    if (!Number.isFinite(this.unkLog10))
      throw new CorruptModelError(`corrupt: its unknown-word log-probability is ${this.unkLog10}`);
    this.bytes = bytes.byteLength;
    this.tables = [];
    let at = HEADER_BYTES;
    for (let k = 0; k < this.order; k++) {
      const size = view.getUint32(20 + 8 * k, true);
      const entries = view.getUint32(24 + 8 * k, true);
      const table = `its order-${k + 1} table`;
      // Unigrams are always kept, so only a damaged file has none; a table of n slots holds at most n entries.
      if (k === 0 && size === 0) throw new CorruptModelError(`corrupt: ${table} is empty`);
      if (entries > size) throw new CorruptModelError(`corrupt: ${table} counts ${entries} entries in ${size} slots`);
      // Aligned in floating point: align4's 32-bit arithmetic would wrap the end of a damaged size.
      const end = Math.ceil((at + 2 * CODEBOOK * 4 + size * 6) / 4) * 4;
      if (end > bytes.byteLength)
        throw new CorruptModelError(
          `truncated or corrupt: ${table} (${size} slots) ends ${end - bytes.byteLength} bytes past the end of the file`,
        );
      const probBook = new Float32Array(bytes.buffer, bytes.byteOffset + at, CODEBOOK);
      at += CODEBOOK * 4;
      const backoffBook = new Float32Array(bytes.buffer, bytes.byteOffset + at, CODEBOOK);
      at += CODEBOOK * 4;
      if (!(allFinite(probBook) && allFinite(backoffBook)))
        throw new CorruptModelError(`corrupt: ${table} has a log-probability that is not a finite number`);
      const keys = new Uint32Array(bytes.buffer, bytes.byteOffset + at, size);
      at += size * 4;
      const prob = new Uint8Array(bytes.buffer, bytes.byteOffset + at, size);
      at += size;
      const backoff = new Uint8Array(bytes.buffer, bytes.byteOffset + at, size);
      at = end;
      this.tables.push({ entries, probBook, backoffBook, ...probeTable(keys, prob, backoff) });
    }
    // The writer ends the file with the last table: more bytes mean the header's sizes do not describe the file.
    if (at !== bytes.byteLength)
      throw new CorruptModelError(`corrupt: ${bytes.byteLength - at} bytes follow its last table`);
    // Checked last: a file cut short or of the wrong shape is said so above, in words that name what is wrong.
    if (version === MODEL_VERSION && view.getUint32(CHECKSUM_AT, true) !== modelChecksum(bytes))
      throw new CorruptModelError("corrupt: its bytes do not match the checksum written with them");
    this.digest = modelDigest(bytes);
  }

  static load(path: string): NgramModel {
    return new NgramModel(readFileSync(path));
  }

  /**
   * Sum of log10 p over a token stream, each word given up to order-1 previous words. `found[i]` receives the
   * order of the longest stored n-gram ending at i (0: unknown word), and `logProbs[i]`, if given, its log10 p.
   */
  log10Sum(words: ArrayLike<number>, count: number, found: Uint8Array, logProbs?: Float64Array): number {
    const { order, tables } = this;
    // keys[k] = key of the k+1 words ending at the current position; rolled forward one word at a time.
    const keys = new Uint32Array(order);
    const prev = new Uint32Array(order);
    let sum = 0;
    // `+ 0` makes the field a float64 for the optimizing compiler: loaded as it is, the field is a tagged value, so each
    // token's log p became a heap number (~26 bytes per token, 115 MB per pass over text-dev and the papers, lookups
    // 1.11x as fast without). The value is the same (unkLog10 is never -0).
    const unkLog10 = this.unkLog10 + 0;
    // Training keeps every stored n-gram's prefix, so an n-gram ending here is at most one word longer than the
    // longest one that ended at the previous word, and longer contexts hold no backoff: those probes can only miss.
    let longest = 0;
    let longestSlot = -1; // its slot in tables[longest - 1]: the context of this word's longest possible n-gram
    for (let i = 0; i < count; i++) {
      const w = words[i] as number;
      const maxK = Math.min(order, longest + 1);
      keys[0] = extendKey(KEY_SEED, w);
      for (let k = 1; k < maxK; k++) keys[k] = extendKey(prev[k - 1] as number, w);
      let hit = 0;
      let hitSlot = -1;
      let logp = unkLog10;
      for (let k = maxK; k >= 1; k--) {
        const table = tables[k - 1] as OrderTable;
        const s = findSlot(table, keys[k - 1] as number);
        if (s >= 0) {
          logp = table.probBook[(table.slots[2 * s + 1] as number) & 0xff] as number;
          hit = k;
          hitSlot = s;
          break;
        }
      }
      // Backoffs of the contexts longer than the hit's context (the context of keys[k-1] is prev[k-2]); the longest
      // of them is the previous word's longest n-gram, whose slot is known.
      for (let k = Math.max(hit, 1) + 1; k <= maxK; k++) {
        const table = tables[k - 2] as OrderTable;
        const s = k === maxK && k - 1 === longest ? longestSlot : findSlot(table, prev[k - 2] as number);
        if (s >= 0) logp += table.backoffBook[(table.slots[2 * s + 1] as number) >>> 8] as number;
      }
      found[i] = hit;
      longest = hit;
      longestSlot = hitSlot;
      if (logProbs) logProbs[i] = logp;
      sum += logp;
      for (let k = 0; k < hit; k++) prev[k] = keys[k] as number;
    }
    return sum;
  }
}

/** Most a probe table is filled. */
const LOAD = 0.75;

/**
 * The file's table rehashed into the smallest power-of-two one at most LOAD full: a mask instead of the file's
 * floating-point modulo, and fewer probes per miss (most lookups of a backoff model miss). Scoring papers and text-dev
 * with both versions in one process, text by text, in both orders: density 1.03-1.05x as fast as with the file's
 * tables (~0.8 full); at most half full or 0.3 full was no faster.
 */
function probeTable(keys: Uint32Array, prob: Uint8Array, backoff: Uint8Array): Pick<OrderTable, "mask" | "slots"> {
  // Sized by the keys the file holds, not by its header's count: a damaged header must not fill the table and hang.
  let held = 0;
  for (let s = 0; s < keys.length; s++) if (keys[s] !== 0) held++;
  let size = 1;
  while (size * LOAD < held) size <<= 1;
  const mask = size - 1;
  const slots = new Uint32Array(2 * size);
  for (let s = 0; s < keys.length; s++) {
    const key = keys[s] as number;
    if (key === 0) continue;
    let t = probeStart(key, mask);
    while (slots[2 * t] !== 0) t = (t + 1) & mask;
    slots[2 * t] = key;
    slots[2 * t + 1] = (prob[s] as number) | ((backoff[s] as number) << 8);
  }
  return { mask, slots };
}

function probeStart(key: number, mask: number): number {
  return (Math.imul(key, 0x9e3779b1) >>> 0) & mask;
}

/** Slot of `key` in table `t`, or -1 (linear probing). */
export function findSlot(t: OrderTable, key: number): number {
  const { mask, slots } = t;
  let s = probeStart(key, mask);
  for (;;) {
    const stored = slots[2 * s] as number;
    if (stored === key) return s;
    if (stored === 0) return -1;
    s = (s + 1) & mask;
  }
}

function allFinite(values: Float32Array): boolean {
  for (let i = 0; i < values.length; i++) if (!Number.isFinite(values[i] as number)) return false;
  return true;
}

export function align4(n: number): number {
  return (n + 3) & ~3;
}
