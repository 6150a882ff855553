// numpy's legacy `RandomState(seed).randint(low, high, dtype=np.uint64)`: MT19937 plus masked rejection sampling.
// datatrove draws its MinHash permutation parameters this way, so reproducing it bit for bit is what makes our
// signatures (and therefore clusters) identical to datatrove's.

const N = 624;
const M = 397;

/** The Mersenne Twister MT19937 as numpy seeds it from an integer (`init_genrand`). */
export class Mt19937 {
  private readonly mt = new Uint32Array(N);
  private index = N;

  constructor(seed: number) {
    this.mt[0] = seed >>> 0;
    for (let i = 1; i < N; i++) {
      const prev = this.mt[i - 1] as number;
      const x = (prev ^ (prev >>> 30)) >>> 0;
      // 1812433253 * x + i mod 2^32, split to stay exact in doubles
      this.mt[i] = (((((x & 0xffff0000) >>> 16) * 1812433253) << 16) + (x & 0x0000ffff) * 1812433253 + i) >>> 0;
    }
  }

  nextUint32(): number {
    const mt = this.mt;
    if (this.index >= N) {
      for (let k = 0; k < N; k++) {
        const y = ((mt[k] as number) & 0x80000000) | ((mt[(k + 1) % N] as number) & 0x7fffffff);
        mt[k] = ((mt[(k + M) % N] as number) ^ (y >>> 1) ^ (y & 1 ? 0x9908b0df : 0)) >>> 0;
      }
      this.index = 0;
    }
    let y = mt[this.index++] as number;
    y ^= y >>> 11;
    y ^= (y << 7) & 0x9d2c5680;
    y ^= (y << 15) & 0xefc60000;
    y ^= y >>> 18;
    return y >>> 0;
  }
}

/**
 * `count` draws of randint(low, high) for uint64 (high exclusive), as BigInt, in numpy's order: for ranges wider
 * than 32 bits each candidate is (first uint32 << 32) | second uint32, masked to the range's bit width and
 * rejected while above the range.
 */
export function randintUint64(rng: Mt19937, low: bigint, high: bigint, count: number): bigint[] {
  const range = high - 1n - low;
  let mask = range;
  for (const s of [1n, 2n, 4n, 8n, 16n, 32n]) mask |= mask >> s;
  const out: bigint[] = [];
  for (let i = 0; i < count; i++) {
    let v: bigint;
    if (range <= 0xffffffffn) {
      do v = BigInt(rng.nextUint32()) & mask;
      while (v > range);
    } else {
      do {
        const hi = BigInt(rng.nextUint32());
        v = ((hi << 32n) | BigInt(rng.nextUint32())) & mask;
      } while (v > range);
    }
    out.push(low + v);
  }
  return out;
}
