// The zstd reader on frames built here byte by byte (raw and run-length blocks, per RFC 8878), so each check of a
// header, a block and a checksum is exercised on its own. Compressed blocks written by another tool (DuckDB) are
// read in test/e2e/cli-errors.test.ts.
import { Readable } from "node:stream";
import { describe, expect, it } from "vitest";
import { Xxh64Stream, xxh64Into } from "../../../filters/dedup/xxh64.js";
import { createZstdDecompress, MAX_WINDOW_BYTES } from "../../../src/io/zstd-stream.js";

type Block = { raw: Uint8Array } | { rle: number; size: number };

interface FrameOptions {
  checksum?: boolean;
  /** Window size as log2; without it the frame is a single segment, its window the content size it declares. */
  windowLog?: number;
  /** Declared content size, to declare a wrong one; a single-segment frame declares its real size by default. */
  contentSize?: number;
}

function blockHeader(last: boolean, type: number, size: number): number[] {
  const word = (last ? 1 : 0) | (type << 1) | (size << 3);
  return [word & 0xff, (word >> 8) & 0xff, (word >> 16) & 0xff];
}

function contentOf(blocks: readonly Block[]): Uint8Array {
  const parts = blocks.map((b) => ("raw" in b ? b.raw : new Uint8Array(b.size).fill(b.rle)));
  return Buffer.concat(parts);
}

function frame(blocks: readonly Block[], options: FrameOptions = {}): Uint8Array {
  const bytes: number[] = [0x28, 0xb5, 0x2f, 0xfd];
  const { windowLog, checksum } = options;
  const size = options.contentSize ?? (windowLog === undefined ? contentOf(blocks).length : undefined);
  // Content size, when declared, in 4 bytes (flag 2); single segment (0x20) when there is no window descriptor.
  bytes.push((size === undefined ? 0 : 0x80) | (windowLog === undefined ? 0x20 : 0) | (checksum ? 0x04 : 0));
  if (windowLog !== undefined) bytes.push((windowLog - 10) << 3);
  if (size !== undefined) bytes.push(size & 0xff, (size >> 8) & 0xff, (size >> 16) & 0xff, size >>> 24);
  blocks.forEach((block, i) => {
    const last = i === blocks.length - 1;
    if ("raw" in block) bytes.push(...blockHeader(last, 0, block.raw.length), ...block.raw);
    else bytes.push(...blockHeader(last, 1, block.size), block.rle);
  });
  if (checksum) {
    const content = contentOf(blocks);
    const digest = new Uint32Array(2);
    xxh64Into(content, 0, content.length, digest, 0);
    const low = digest[1] as number;
    bytes.push(low & 0xff, (low >> 8) & 0xff, (low >> 16) & 0xff, low >>> 24);
  }
  return Uint8Array.from(bytes);
}

function skippableFrame(payload: number): Uint8Array {
  return Uint8Array.from([0x5a, 0x2a, 0x4d, 0x18, payload, 0, 0, 0, ...new Array(payload).fill(7)]);
}

/** The input as a stream of chunks of the given size, as a file read would deliver it. */
function chunked(bytes: Uint8Array, size: number): Readable {
  const chunks: Uint8Array[] = [];
  for (let at = 0; at < bytes.length; at += size) chunks.push(bytes.subarray(at, at + size));
  return Readable.from(chunks);
}

async function decompress(bytes: Uint8Array, chunkSize = 64 * 1024): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const part of createZstdDecompress(chunked(bytes, chunkSize))) parts.push(part);
  return Buffer.concat(parts);
}

const text = (s: string) => new TextEncoder().encode(s);
const blocks: Block[] = [
  { raw: text('{"id":"a","text":"first"}\n') },
  { rle: 0x20, size: 300 },
  { raw: text('\n{"id":"b","text":"second"}\n') },
];

describe("zstd stream", () => {
  it("decodes frames, skippable frames between them, and input cut at any byte", async () => {
    const stream = Buffer.concat([
      frame(blocks, { checksum: true }),
      skippableFrame(5),
      frame(blocks, { windowLog: 17 }),
    ]);
    const expected = Buffer.concat([contentOf(blocks), contentOf(blocks)]);
    expect((await decompress(stream)).equals(expected)).toBe(true);
    expect((await decompress(stream, 1)).equals(expected)).toBe(true);
    expect((await decompress(stream, 7)).equals(expected)).toBe(true);
  });

  it("decodes frames of a few bytes, which fzstd holds back until its last push", async () => {
    const hello = [{ raw: text("hello\n") }];
    const tiny = Buffer.concat([
      frame(hello, { checksum: true, windowLog: 17 }),
      frame([{ raw: text("x") }]),
      frame(hello),
    ]);
    expect((await decompress(tiny)).toString()).toBe("hello\nxhello\n");
  });

  it("fails a frame whose content no longer matches its checksum", async () => {
    const good = frame(blocks, { checksum: true });
    const bad = Uint8Array.from(good);
    // A byte of the first raw block: same sizes, so only the checksum can tell.
    bad[15] = (bad[15] as number) ^ 1;
    await expect(decompress(bad)).rejects.toThrow(/checksum mismatch/);
  });

  it("fails a frame whose content is not the size it declares", async () => {
    await expect(decompress(frame(blocks, { windowLog: 17, contentSize: 10 }))).rejects.toThrow(/size other than/);
  });

  it("refuses a window over libzstd's default limit before allocating it", async () => {
    const before = process.memoryUsage().arrayBuffers;
    await expect(decompress(frame(blocks, { windowLog: 31 }))).rejects.toThrow(/2048 MiB window, over the 128 MiB/);
    expect(process.memoryUsage().arrayBuffers - before).toBeLessThan(MAX_WINDOW_BYTES);
  });

  it("names an empty file, a cut stream, a reserved block type and bytes after the last frame", async () => {
    const whole = frame(blocks, { checksum: true });
    await expect(decompress(new Uint8Array(0))).rejects.toThrow(/empty file/);
    await expect(decompress(whole.subarray(0, whole.length - 2))).rejects.toThrow(/cut short/);
    await expect(decompress(Buffer.concat([whole, new Uint8Array(8)]))).rejects.toThrow(/after the last frame/);
    const reserved = Uint8Array.from(whole);
    reserved[9] = (reserved[9] as number) | 0x06;
    await expect(decompress(reserved)).rejects.toThrow(/corrupt block header/);
    await expect(decompress(text("not zstd at all"))).rejects.toThrow(/not a zstd stream/);
  });

  it("hands output on block by block, so a run-length bomb is read as slowly as it is consumed", async () => {
    // 40,000 run-length blocks of 128 KiB: 160 KB of input, 5 GiB of output.
    const bomb = frame(
      Array.from({ length: 40_000 }, () => ({ rle: 0x61, size: 128 * 1024 })),
      { windowLog: 17 },
    );
    const before = process.memoryUsage().arrayBuffers;
    const stream = createZstdDecompress(chunked(bomb, bomb.length));
    let read = 0;
    for await (const part of stream) {
      expect(part.length).toBeLessThanOrEqual(128 * 1024);
      read += part.length;
      if (read >= 64 * 1024 * 1024) break;
    }
    expect(read).toBeGreaterThanOrEqual(64 * 1024 * 1024);
    expect(process.memoryUsage().arrayBuffers - before).toBeLessThan(256 * 1024 * 1024);
  });
});

describe("Xxh64Stream", () => {
  it("gives the one-shot digest whatever the pieces", () => {
    const bytes = Uint8Array.from({ length: 1000 }, (_, i) => (i * 2654435761) >>> 24);
    for (const length of [0, 5, 31, 32, 33, 100, 1000]) {
      const whole = new Uint32Array(2);
      xxh64Into(bytes, 0, length, whole, 0);
      for (const piece of [1, 3, 31, 32, 64, 999]) {
        const hash = new Xxh64Stream();
        for (let at = 0; at < length; at += piece) hash.update(bytes.subarray(at, Math.min(at + piece, length)));
        expect([...hash.digest()]).toEqual([...whole]);
      }
    }
  });
});
