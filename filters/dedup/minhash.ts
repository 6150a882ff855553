// MinHash signatures exactly as datatrove 0.10 computes them (pipeline/dedup/minhash.py): word n-gram shingles
// of the normalised text hashed with xxh64, then `num_buckets * hashes_per_bucket` permutations
// h(x) = ((a * x + b) mod 2^64) mod (2^61 - 1), with (a, b) drawn by numpy RandomState(seed). numpy's uint64
// arithmetic wraps, so the "mod 2^64" is part of the scheme, not an accident we may drop.

import { wordTokenize } from "../tokenizer.js";
import { Mt19937, randintUint64 } from "./numpy-random.js";
import { PermutationKernel } from "./permutation-kernel.js";
import { simplifyText, TEXT_NORM_DEFAULTS, type TextNormConfig } from "./text-norm.js";
import { xxh64Into } from "./xxh64.js";

export interface MinhashConfig {
  /** Words per shingle. */
  nGrams: number;
  /** LSH bands ("buckets" in datatrove). */
  numBuckets: number;
  /** Rows per band. */
  hashesPerBucket: number;
  /** Seed of the permutation parameters; must be equal on every rank and in the index. */
  seed: number;
  norm: Readonly<TextNormConfig>;
}

/** datatrove's MinhashConfig defaults: 5-grams, 14 bands x 8 rows (threshold ~(1/14)^(1/8) = 0.72), seed 1. */
export const MINHASH_DEFAULTS: Readonly<MinhashConfig> = {
  nGrams: 5,
  numBuckets: 14,
  hashesPerBucket: 8,
  seed: 1,
  norm: TEXT_NORM_DEFAULTS,
};

const MERSENNE_61 = (1n << 61n) - 1n;

/** Permutation parameters as uint32 halves (a, b < 2^61). */
interface Permutations {
  aHi: Uint32Array;
  aLo: Uint32Array;
  bHi: Uint32Array;
  bLo: Uint32Array;
}

function permutations(seed: number, count: number): Permutations {
  const rng = new Mt19937(seed);
  const a = randintUint64(rng, 1n, MERSENNE_61, count);
  const b = randintUint64(rng, 0n, MERSENNE_61, count);
  const half = (xs: bigint[], shift: bigint) => Uint32Array.from(xs, (x) => Number((x >> shift) & 0xffffffffn));
  return { aHi: half(a, 32n), aLo: half(a, 0n), bHi: half(b, 32n), bLo: half(b, 0n) };
}

/**
 * A signature is `numBuckets * hashesPerBucket` 61-bit values stored as [hi, lo] uint32 pairs, so band `k` is the
 * contiguous slice [2*k*rows, 2*(k+1)*rows) and comparing pairs left to right is numeric tuple order.
 */
export type Signature = Uint32Array;

export class MinhashSigner {
  readonly config: Readonly<MinhashConfig>;
  readonly numHashes: number;
  private readonly kernel: PermutationKernel;
  private readonly encoder = new TextEncoder();
  private bytes = new Uint8Array(1 << 16);
  private wordEnds = new Int32Array(1 << 12);
  private readonly shingleHash = new Uint32Array(2);

  constructor(config: Partial<MinhashConfig> = {}) {
    this.config = { ...MINHASH_DEFAULTS, ...config };
    this.numHashes = this.config.numBuckets * this.config.hashesPerBucket;
    const { aHi, aLo, bHi, bLo } = permutations(this.config.seed, this.numHashes);
    this.kernel = new PermutationKernel(aHi, aLo, bHi, bLo);
  }

  /** The document's signature, or null when it has fewer than `nGrams` words (datatrove gives those none). */
  signature(text: string): Signature | null {
    return this.signatureOfSimplified(simplifyText(text, this.config.norm));
  }

  /** The signature of text already passed through simplifyText with this signer's `norm` config. */
  signatureOfSimplified(simplified: string): Signature | null {
    const words = wordTokenize(simplified);
    const n = this.config.nGrams;
    const count = words.length - n + 1;
    if (count <= 0) return null;
    // One UTF-8 buffer of the words joined by single spaces: every shingle " ".join(words[i..i+n]) is then a
    // contiguous byte range, hashed in place.
    const joined = words.join(" ");
    if (this.bytes.length < joined.length * 3) this.bytes = new Uint8Array(joined.length * 3);
    const size = this.encoder.encodeInto(joined, this.bytes).written;
    if (this.wordEnds.length < words.length) this.wordEnds = new Int32Array(words.length * 2);
    const bytes = this.bytes;
    const ends = this.wordEnds;
    let w = 0;
    for (let i = 0; i < size; i++) if (bytes[i] === 0x20) ends[w++] = i;
    ends[w] = size;
    const h = this.shingleHash;
    const slots = this.kernel.shingleSlots(count);
    let start = 0;
    for (let i = 0; i < count; i++) {
      xxh64Into(bytes, start, ends[i + n - 1] as number, h, 0);
      // little-endian uint64 for the kernel: low half first
      slots[2 * i] = h[1] as number;
      slots[2 * i + 1] = h[0] as number;
      start = (ends[i] as number) + 1;
    }
    const sig = new Uint32Array(2 * this.numHashes);
    this.kernel.signature(count, sig);
    return sig;
  }
}

/** Share of equal permutation minima: an unbiased estimate of the shingle-set Jaccard similarity. */
export function estimatedJaccard(a: Signature, b: Signature): number {
  let same = 0;
  for (let i = 0; i < a.length; i += 2) if (a[i] === b[i] && a[i + 1] === b[i + 1]) same++;
  return same / (a.length / 2);
}
