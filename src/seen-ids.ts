// Which document ids a stream has already carried, in 16-32 bytes per id (a 64-bit hash in an open-addressing table
// kept at most half full) rather than a Set of strings (~60-80 bytes per id): a rank may read millions of records.
// Two different ids share a 64-bit hash with odds ~n^2 / 2^65: one in ~400,000 runs of ten million ids.

/**
 * A document whose id an earlier document already had: ids key the clusters, `duplicate_of` and a training job's
 * joins, so a second document under one id would make them ambiguous. Each rank compares its own documents at ingest,
 * dedup's clusters stage those of every rank (filters/dedup/repeated-ids.ts); PDF ids are made unique when inputs are
 * discovered, which every rank does alike (src/io/inputs.ts).
 */
export const DUPLICATE_ID = "duplicate_id";

export class SeenIds {
  private slots = new Uint32Array(2 * 1024);
  private count = 0;

  /** Records `id`; false if it was recorded before. */
  add(id: string): boolean {
    const [a, b] = hash64(id);
    if (!this.insert(a, b)) return false;
    this.count++;
    if (2 * this.count > this.slots.length / 2) this.grow();
    return true;
  }

  /** Whether `id` was recorded (or, with the odds above, another id sharing its hash). */
  has(id: string): boolean {
    const [a, b] = hash64(id);
    const mask = this.slots.length / 2 - 1;
    for (let s = (Math.imul(a ^ b, 0x9e3779b1) >>> 0) & mask; ; s = (s + 1) & mask) {
      const x = this.slots[2 * s] as number;
      if (x === 0) return false;
      if (x === a && this.slots[2 * s + 1] === b) return true;
    }
  }

  /** Inserts (a, b) unless present; true if it was new. (0, 0) marks an empty slot, and a is never 0. */
  private insert(a: number, b: number): boolean {
    const mask = this.slots.length / 2 - 1;
    let s = (Math.imul(a ^ b, 0x9e3779b1) >>> 0) & mask;
    for (;;) {
      const x = this.slots[2 * s] as number;
      if (x === 0) {
        this.slots[2 * s] = a;
        this.slots[2 * s + 1] = b;
        return true;
      }
      if (x === a && this.slots[2 * s + 1] === b) return false;
      s = (s + 1) & mask;
    }
  }

  private grow(): void {
    const old = this.slots;
    this.slots = new Uint32Array(old.length * 2);
    for (let s = 0; s < old.length; s += 2) if (old[s] !== 0) this.insert(old[s] as number, old[s + 1] as number);
  }
}

/** An id's 64-bit hash as one number: what a rank writes of its ids for the other ranks to compare (src/rank/rank-ids.ts). */
export function idHash(id: string): bigint {
  const [a, b] = hash64(id);
  return (BigInt(a) << 32n) | BigInt(b);
}

/** Two independent 32-bit FNV-1a-style hashes of the UTF-16 code units, each finished by a murmur3 mix. */
function hash64(id: string): [number, number] {
  let a = 0x811c9dc5;
  let b = 0x2545f491;
  for (let i = 0; i < id.length; i++) {
    const c = id.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x5bd1e995);
  }
  return [fmix(a ^ id.length) || 1, fmix(b)];
}

function fmix(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}
