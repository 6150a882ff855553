// Exact byte counts read from a stream of chunks of any size: what the decompressors that walk a format's own framing
// (zstd frames, gzip members) read their headers and bodies with.

export class ByteReader {
  private readonly chunks: AsyncIterator<Uint8Array>;
  private chunk: Uint8Array = new Uint8Array(0);
  private at = 0;

  /** `format` begins the error of a stream cut short ("zstd: stream cut short"). */
  constructor(
    source: AsyncIterable<Uint8Array>,
    private readonly format: string,
  ) {
    this.chunks = source[Symbol.asyncIterator]();
  }

  /** The next n bytes; null at a clean end of input when one is allowed here. */
  read(n: number, endAllowed: true): Promise<Uint8Array | null>;
  read(n: number, endAllowed?: boolean): Promise<Uint8Array>;
  async read(n: number, endAllowed = false): Promise<Uint8Array | null> {
    if (this.chunk.length - this.at >= n) return this.take(n);
    const out = new Uint8Array(n);
    let filled = 0;
    while (filled < n) {
      if (this.at === this.chunk.length && !(await this.nextChunk())) {
        if (endAllowed && filled === 0) return null;
        throw this.cutShort();
      }
      const part = this.take(Math.min(n - filled, this.chunk.length - this.at));
      out.set(part, filled);
      filled += part.length;
    }
    return out;
  }

  async skip(n: number): Promise<void> {
    for (let left = n; left > 0; ) {
      if (this.at === this.chunk.length && !(await this.nextChunk())) throw this.cutShort();
      left -= this.take(Math.min(left, this.chunk.length - this.at)).length;
    }
  }

  /** Up to `max` bytes, as many as are at hand (reading a chunk when none is); null at the end of input. */
  async some(max: number): Promise<Uint8Array | null> {
    if (this.at === this.chunk.length && !(await this.nextChunk())) return null;
    return this.take(Math.min(max, this.chunk.length - this.at));
  }

  /** Gives back the last n bytes `some` returned, to be read again. */
  unread(n: number): void {
    if (n > this.at) throw new Error(`${this.format}: cannot give back ${n} bytes (a bug)`);
    this.at -= n;
  }

  cutShort(): Error {
    return new Error(`${this.format}: stream cut short`);
  }

  private take(n: number): Uint8Array {
    const part = this.chunk.subarray(this.at, this.at + n);
    this.at += n;
    return part;
  }

  private async nextChunk(): Promise<boolean> {
    const next = await this.chunks.next();
    if (next.done) return false;
    this.chunk = next.value;
    this.at = 0;
    return true;
  }
}

/** An unsigned little-endian integer of up to 8 bytes, exact to 2^53. */
export function readLittleEndian(bytes: Uint8Array, at: number, length: number): number {
  let value = 0;
  for (let i = length - 1; i >= 0; i--) value = value * 256 + (bytes[at + i] as number);
  return value;
}

export function u32le(bytes: Uint8Array, at: number): number {
  return readLittleEndian(bytes, at, 4);
}
