// xxHash64 (Yann Collet's XXH64 spec) over a byte range, in 32-bit halves: datatrove hashes shingles with
// `xxhash.xxh64_intdigest` (seed 0), and BigInt arithmetic would be ~20x slower than two uint32 lanes.

// The five 64-bit primes of the spec, as [high, low] uint32 halves.
const P1H = 0x9e3779b1;
const P1L = 0x85ebca87;
const P2H = 0xc2b2ae3d;
const P2L = 0x27d4eb4f;
const P3H = 0x165667b1;
const P3L = 0x9e3779f9;
const P4H = 0x85ebca77;
const P4L = 0xc2b2ae63;
const P5H = 0x27d4eb2f;
const P5L = 0x165667c5;

const INV32 = 1 / 4294967296;
const TWO32 = 4294967296;

/**
 * High 32 bits of the 64-bit product of two uint32. The double product is off by at most 2^11 and the exact low
 * half comes from Math.imul, so rounding (product - low) / 2^32 recovers the high half exactly.
 */
function mulHi32(a: number, b: number): number {
  return Math.round((a * b - (Math.imul(a, b) >>> 0)) * INV32);
}

// Result register of the 64-bit helpers below: a typed array, because uint32 values stored in module `let`s
// would be boxed as heap numbers on every write.
const R = new Uint32Array(2);

/** (ah:al) * (bh:bl) mod 2^64 into (R[0] as number):(R[1] as number). */
function mul(ah: number, al: number, bh: number, bl: number): void {
  const hi = mulHi32(al, bl) + Math.imul(ah, bl) + Math.imul(al, bh);
  R[1] = Math.imul(al, bl) >>> 0;
  R[0] = hi >>> 0;
}

/** (ah:al) + (bh:bl) mod 2^64 into (R[0] as number):(R[1] as number). */
function add(ah: number, al: number, bh: number, bl: number): void {
  const lo = al + bl;
  R[1] = lo >>> 0;
  R[0] = (ah + bh + (lo >= TWO32 ? 1 : 0)) >>> 0;
}

/** Rotate left by r (0 < r < 32) into (R[0] as number):(R[1] as number). */
function rotl(h: number, l: number, r: number): void {
  R[0] = ((h << r) | (l >>> (32 - r))) >>> 0;
  R[1] = ((l << r) | (h >>> (32 - r))) >>> 0;
}

/** round(acc, lane) = rotl(acc + lane * P2, 31) * P1, into (R[0] as number):(R[1] as number). */
function round(acch: number, accl: number, laneh: number, lanel: number): void {
  mul(laneh, lanel, P2H, P2L);
  add(acch, accl, R[0] as number, R[1] as number);
  rotl(R[0] as number, R[1] as number, 31);
  mul(R[0] as number, R[1] as number, P1H, P1L);
}

function u32le(b: Uint8Array, i: number): number {
  return (
    ((b[i] as number) | ((b[i + 1] as number) << 8) | ((b[i + 2] as number) << 16) | ((b[i + 3] as number) << 24)) >>> 0
  );
}

/** The four accumulators of the spec, as [v1h, v1l, v2h, v2l, v3h, v3l, v4h, v4l], seeded. */
function initLanes(lanes: Uint32Array, seedHi: number, seedLo: number): void {
  add(seedHi, seedLo, P1H, P1L);
  add(R[0] as number, R[1] as number, P2H, P2L);
  lanes[0] = R[0] as number;
  lanes[1] = R[1] as number;
  add(seedHi, seedLo, P2H, P2L);
  lanes[2] = R[0] as number;
  lanes[3] = R[1] as number;
  lanes[4] = seedHi;
  lanes[5] = seedLo;
  // seed - P1 = seed + (2^64 - P1)
  add(seedHi, seedLo, ~P1H >>> 0, ((~P1L >>> 0) + 1) >>> 0);
  lanes[6] = R[0] as number;
  lanes[7] = R[1] as number;
}

/** Mixes the whole 32-byte stripes of bytes[p, end) into the lanes; returns where the unconsumed tail starts. */
function consumeStripes(lanes: Uint32Array, bytes: Uint8Array, p: number, end: number): number {
  let v1h = lanes[0] as number;
  let v1l = lanes[1] as number;
  let v2h = lanes[2] as number;
  let v2l = lanes[3] as number;
  let v3h = lanes[4] as number;
  let v3l = lanes[5] as number;
  let v4h = lanes[6] as number;
  let v4l = lanes[7] as number;
  const limit = end - 32;
  while (p <= limit) {
    round(v1h, v1l, u32le(bytes, p + 4), u32le(bytes, p));
    v1h = R[0] as number;
    v1l = R[1] as number;
    round(v2h, v2l, u32le(bytes, p + 12), u32le(bytes, p + 8));
    v2h = R[0] as number;
    v2l = R[1] as number;
    round(v3h, v3l, u32le(bytes, p + 20), u32le(bytes, p + 16));
    v3h = R[0] as number;
    v3l = R[1] as number;
    round(v4h, v4l, u32le(bytes, p + 28), u32le(bytes, p + 24));
    v4h = R[0] as number;
    v4l = R[1] as number;
    p += 32;
  }
  lanes[0] = v1h;
  lanes[1] = v1l;
  lanes[2] = v2h;
  lanes[3] = v2l;
  lanes[4] = v3h;
  lanes[5] = v3l;
  lanes[6] = v4h;
  lanes[7] = v4l;
  return p;
}

const LANE_ROTATIONS = [1, 7, 12, 18] as const;

/** The lanes merged into one accumulator, into (R[0] as number):(R[1] as number). */
function mergeLanes(lanes: Uint32Array): void {
  rotl(lanes[0] as number, lanes[1] as number, LANE_ROTATIONS[0]);
  let hh = R[0] as number;
  let hl = R[1] as number;
  for (let k = 2; k < 8; k += 2) {
    rotl(lanes[k] as number, lanes[k + 1] as number, LANE_ROTATIONS[k / 2] as number);
    add(hh, hl, R[0] as number, R[1] as number);
    hh = R[0] as number;
    hl = R[1] as number;
  }
  for (let k = 0; k < 8; k += 2) {
    round(0, 0, lanes[k] as number, lanes[k + 1] as number);
    mul((hh ^ (R[0] as number)) >>> 0, (hl ^ (R[1] as number)) >>> 0, P1H, P1L);
    add(R[0] as number, R[1] as number, P4H, P4L);
    hh = R[0] as number;
    hl = R[1] as number;
  }
}

/** Adds the total length, mixes the tail bytes[p, end) (under 32 bytes) and avalanches; digest into out[at, at + 2). */
function finish(
  hh: number,
  hl: number,
  length: number,
  bytes: Uint8Array,
  p: number,
  end: number,
  out: Uint32Array,
  at: number,
): void {
  add(hh, hl, Math.floor(length / TWO32) >>> 0, length >>> 0);
  hh = R[0] as number;
  hl = R[1] as number;
  while (p + 8 <= end) {
    round(0, 0, u32le(bytes, p + 4), u32le(bytes, p));
    rotl((hh ^ (R[0] as number)) >>> 0, (hl ^ (R[1] as number)) >>> 0, 27);
    mul(R[0] as number, R[1] as number, P1H, P1L);
    add(R[0] as number, R[1] as number, P4H, P4L);
    hh = R[0] as number;
    hl = R[1] as number;
    p += 8;
  }
  if (p + 4 <= end) {
    mul(0, u32le(bytes, p), P1H, P1L);
    rotl((hh ^ (R[0] as number)) >>> 0, (hl ^ (R[1] as number)) >>> 0, 23);
    mul(R[0] as number, R[1] as number, P2H, P2L);
    add(R[0] as number, R[1] as number, P3H, P3L);
    hh = R[0] as number;
    hl = R[1] as number;
    p += 4;
  }
  while (p < end) {
    mul(0, bytes[p] as number, P5H, P5L);
    rotl((hh ^ (R[0] as number)) >>> 0, (hl ^ (R[1] as number)) >>> 0, 11);
    mul(R[0] as number, R[1] as number, P1H, P1L);
    hh = R[0] as number;
    hl = R[1] as number;
    p++;
  }
  // avalanche
  hl = (hl ^ (hh >>> 1)) >>> 0;
  mul(hh, hl, P2H, P2L);
  hh = R[0] as number;
  hl = ((R[1] as number) ^ (((R[1] as number) >>> 29) | ((R[0] as number) << 3))) >>> 0;
  hh = (hh ^ (hh >>> 29)) >>> 0;
  mul(hh, hl, P3H, P3L);
  out[at] = R[0] as number;
  out[at + 1] = ((R[1] as number) ^ (R[0] as number)) >>> 0;
}

// Lanes of the one-shot hash: a scratch register like R, so hashing a shingle allocates nothing.
const LANES = new Uint32Array(8);

/**
 * XXH64 of bytes[start, end) with a 64-bit seed given as halves (datatrove: seed 0). Writes the digest to
 * out[at] (high half) and out[at + 1] (low half).
 */
export function xxh64Into(
  bytes: Uint8Array,
  start: number,
  end: number,
  out: Uint32Array,
  at: number,
  seedHi = 0,
  seedLo = 0,
): void {
  let p = start;
  if (end - start >= 32) {
    initLanes(LANES, seedHi, seedLo);
    p = consumeStripes(LANES, bytes, p, end);
    mergeLanes(LANES);
  } else {
    add(seedHi, seedLo, P5H, P5L);
  }
  finish(R[0] as number, R[1] as number, end - start, bytes, p, end, out, at);
}

/** XXH64 (seed 0) of bytes given in pieces, as a zstd frame's checksum needs over output of any length. */
export class Xxh64Stream {
  private readonly lanes = new Uint32Array(8);
  /** Bytes short of a whole stripe, carried to the next update. */
  private readonly pending = new Uint8Array(32);
  private pendingLength = 0;
  private length = 0;

  constructor() {
    initLanes(this.lanes, 0, 0);
  }

  update(bytes: Uint8Array): void {
    this.length += bytes.length;
    let p = 0;
    if (this.pendingLength > 0) {
      p = Math.min(32 - this.pendingLength, bytes.length);
      this.pending.set(bytes.subarray(0, p), this.pendingLength);
      this.pendingLength += p;
      if (this.pendingLength < 32) return;
      consumeStripes(this.lanes, this.pending, 0, 32);
      this.pendingLength = 0;
    }
    p = consumeStripes(this.lanes, bytes, p, bytes.length);
    this.pending.set(bytes.subarray(p));
    this.pendingLength = bytes.length - p;
  }

  /** The digest of everything given so far, as [high half, low half]. */
  digest(): Uint32Array {
    const out = new Uint32Array(2);
    if (this.length >= 32) mergeLanes(this.lanes);
    else add(0, 0, P5H, P5L);
    finish(R[0] as number, R[1] as number, this.length, this.pending, 0, this.pendingLength, out, 0);
    return out;
  }
}

/** XXH64 of a UTF-8 string as a 16-digit hex string (tests, debugging, exact keys). */
export function xxh64Hex(text: string): string {
  const out = new Uint32Array(2);
  const bytes = new TextEncoder().encode(text);
  xxh64Into(bytes, 0, bytes.length, out, 0);
  return (out[0] as number).toString(16).padStart(8, "0") + (out[1] as number).toString(16).padStart(8, "0");
}
