// The MinHash inner loop, min over shingles of ((s * a + b) mod 2^64) mod (2^61 - 1) for every permutation, as a
// hand-assembled WebAssembly function: native i64 multiply and compare are ~10x faster than emulating them with
// uint32 halves in JS, and no npm package implements datatrove's permutation scheme. ~150 bytes, built at load.
//
// Memory layout (bytes): a[] at A, b[] at B, minima at MIN (k <= 512 permutations each), shingles from SHINGLES.
const A = 0;
const B = 4096;
const MIN = 8192;
const SHINGLES = 12288;
const MAX_PERMUTATIONS = 512;

// opcodes
const BLOCK = 0x02;
const LOOP = 0x03;
const VOID = 0x40;
const BR = 0x0c;
const BR_IF = 0x0d;
const END = 0x0b;
const GET = 0x20;
const SET = 0x21;
const TEE = 0x22;
const I32_CONST = 0x41;
const I64_CONST = 0x42;
const I64_LOAD = 0x29;
const I64_STORE = 0x37;
const I32_GE_U = 0x4f;
const I32_ADD = 0x6a;
const I32_SHL = 0x74;
const I64_MUL = 0x7e;
const I64_ADD = 0x7c;
const I64_SUB = 0x7d;
const I64_AND = 0x83;
const I64_SHR_U = 0x88;
const I64_GE_U = 0x5a;
const I64_LT_U = 0x54;
const SELECT = 0x1b;
const I32 = 0x7f;
const I64 = 0x7e;

function uleb(n: number): number[] {
  const out: number[] = [];
  do {
    let byte = n & 0x7f;
    n >>>= 7;
    if (n) byte |= 0x80;
    out.push(byte);
  } while (n);
  return out;
}
// 2^61 - 1 as a signed LEB128 i64 constant: eight 0xff groups then 0x1f.
const P61 = [0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x1f];
const mem = (offset: number) => [3, ...uleb(offset)];

// params: 0 n (shingles), 1 k (permutations); locals: 2 i, 3 end, 4 s, 5 x, 6 m, 7 j (byte offset)
const [N, K, I, END_J, S, X, M, J] = [0, 1, 2, 3, 4, 5, 6, 7];
// biome-ignore format: one line per step of the loop reads like the assembly it is
const body = [
  // locals: 2 x i32, 3 x i64, 1 x i32
  3, 2, I32, 3, I64, 1, I32,
  // minima = u64 max
  I32_CONST, 0, SET, J,
  BLOCK, VOID, LOOP, VOID,
  GET, J, GET, K, I32_CONST, 3, I32_SHL, I32_GE_U, BR_IF, 1,
  GET, J, I64_CONST, 0x7f, I64_STORE, ...mem(MIN),
  GET, J, I32_CONST, 8, I32_ADD, SET, J, BR, 0,
  END, END,
  GET, K, I32_CONST, 3, I32_SHL, SET, END_J,
  I32_CONST, 0, SET, I,
  BLOCK, VOID, LOOP, VOID,
  GET, I, GET, N, I32_GE_U, BR_IF, 1,
  GET, I, I32_CONST, 3, I32_SHL, I64_LOAD, ...mem(SHINGLES), SET, S,
  I32_CONST, 0, SET, J,
  BLOCK, VOID, LOOP, VOID,
  GET, J, GET, END_J, I32_GE_U, BR_IF, 1,
  // x = s * a + b (wrapping)
  GET, S, GET, J, I64_LOAD, ...mem(A), I64_MUL, GET, J, I64_LOAD, ...mem(B), I64_ADD, SET, X,
  // x = (x & p) + (x >> 61), then minus p once if >= p: exact x mod p since 2^61 = 1 (mod p)
  GET, X, I64_CONST, ...P61, I64_AND, GET, X, I64_CONST, 61, I64_SHR_U, I64_ADD, SET, X,
  GET, X, I64_CONST, ...P61, I64_SUB, GET, X, GET, X, I64_CONST, ...P61, I64_GE_U, SELECT, SET, X,
  // min[j] = x < min[j] ? x : min[j]
  GET, J, GET, X, GET, J, I64_LOAD, ...mem(MIN), TEE, M, GET, X, GET, M, I64_LT_U, SELECT, I64_STORE, ...mem(MIN),
  GET, J, I32_CONST, 8, I32_ADD, SET, J, BR, 0,
  END, END,
  GET, I, I32_CONST, 1, I32_ADD, SET, I, BR, 0,
  END, END,
  END,
];

const section = (id: number, content: number[]) => [id, ...uleb(content.length), ...content];
const name = (s: string) => [s.length, ...[...s].map((c) => c.charCodeAt(0))];
// biome-ignore format: the module's sections, one per line
const MODULE = new Uint8Array([
  0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
  ...section(1, [1, 0x60, 2, I32, I32, 0]),
  ...section(3, [1, 0]),
  ...section(5, [1, 0, 1]),
  ...section(7, [2, ...name("mem"), 2, 0, ...name("minhash"), 0, 0]),
  ...section(10, [1, ...uleb(body.length), ...body]),
]);

// The slice of the WebAssembly API used here (tsconfig's lib has no WebAssembly declarations).
interface KernelExports {
  mem: { buffer: ArrayBuffer; grow(pages: number): number };
  minhash(n: number, k: number): void;
}
const wasm = (
  globalThis as unknown as {
    WebAssembly: {
      Module: new (bytes: Uint8Array) => object;
      Instance: new (module: object) => { exports: KernelExports };
    };
  }
).WebAssembly;

/** One kernel per signer: permutation parameters loaded once, shingles streamed per document. */
export class PermutationKernel {
  private readonly memory: KernelExports["mem"];
  private readonly run: (n: number, k: number) => void;
  private readonly k: number;

  /** a and b as [hi, lo] uint32 halves per permutation. */
  constructor(aHi: Uint32Array, aLo: Uint32Array, bHi: Uint32Array, bLo: Uint32Array) {
    this.k = aHi.length;
    if (this.k > MAX_PERMUTATIONS) throw new Error(`at most ${MAX_PERMUTATIONS} MinHash permutations`);
    const { exports } = new wasm.Instance(new wasm.Module(MODULE));
    this.memory = exports.mem;
    this.run = exports.minhash;
    const words = new Uint32Array(this.memory.buffer);
    for (let j = 0; j < this.k; j++) {
      words[(A >> 2) + 2 * j] = aLo[j] as number;
      words[(A >> 2) + 2 * j + 1] = aHi[j] as number;
      words[(B >> 2) + 2 * j] = bLo[j] as number;
      words[(B >> 2) + 2 * j + 1] = bHi[j] as number;
    }
  }

  /** A view of room for `n` shingle hashes as little-endian [lo, hi] uint32 pairs. */
  shingleSlots(n: number): Uint32Array {
    const need = SHINGLES + n * 8;
    const have = this.memory.buffer.byteLength;
    if (need > have) this.memory.grow(Math.ceil((need - have) / 65536));
    return new Uint32Array(this.memory.buffer, SHINGLES, n * 2);
  }

  /** Minima over the first `n` shingles written to shingleSlots, into `sig` as [hi, lo] pairs. */
  signature(n: number, sig: Uint32Array): void {
    this.run(n, this.k);
    const minima = new Uint32Array(this.memory.buffer, MIN, this.k * 2);
    for (let j = 0; j < this.k; j++) {
      sig[2 * j] = minima[2 * j + 1] as number;
      sig[2 * j + 1] = minima[2 * j] as number;
    }
  }
}
