// Zstandard decompression as a stream. Node 20's zlib has no zstd (22.15 added it), and JSON Lines dumps are often
// `.jsonl.zst` (The Pile, RedPajama, datatrove's zstd writers): fzstd decodes them in pure JS, ~8 kB, no install step.
// fzstd trusts its input, and a file from anywhere must not be trusted: it skips the frame checksum, decodes windows
// over 256 MiB to wrong bytes without an error, allocates whatever window a header claims, and decodes all it is
// given at once (160 KB of run-length blocks is 5 GB of output). So the frames are walked here, as libzstd's
// decoder would: the window is capped at libzstd's default limit, fzstd is handed one block at a time and its output
// passed on before the next is read (backpressure), and the content size and checksum a frame declares are checked.
import { Readable } from "node:stream";
import { Decompress } from "fzstd";
import { Xxh64Stream } from "../../filters/dedup/xxh64.js";
import { ByteReader, readLittleEndian, u32le } from "./byte-reader.js";

/** libzstd's default decoding limit (ZSTD_WINDOWLOG_LIMIT_DEFAULT = 27); `zstd -d` refuses more without --memory. */
export const MAX_WINDOW_BYTES = 128 * 1024 * 1024;
const MAX_BLOCK_BYTES = 128 * 1024;
const FRAME_MAGIC = 0xfd2fb528;
/** Skippable frames have magics 0x184D2A50 to 0x184D2A5F. */
const SKIPPABLE_MAGIC = 0x184d2a50;
const RLE_BLOCK = 1;
const RESERVED_BLOCK = 3;

/** The decompressed bytes of a zstd stream; a corrupt, unsupported or truncated stream fails it with a clear error. */
export function createZstdDecompress(compressed: AsyncIterable<Uint8Array>): Readable {
  return Readable.from(decompressFrames(new ByteReader(compressed, "zstd")), { objectMode: false });
}

async function* decompressFrames(input: ByteReader): AsyncGenerator<Buffer> {
  for (let frames = 0; ; frames++) {
    const magicBytes = await input.read(4, true);
    if (magicBytes === null) {
      if (frames === 0) throw new Error("zstd: empty file, no frame in it");
      return;
    }
    const magic = u32le(magicBytes, 0);
    if ((magic & 0xfffffff0) >>> 0 === SKIPPABLE_MAGIC) {
      await input.skip(u32le(await input.read(4), 0));
      continue;
    }
    if (magic !== FRAME_MAGIC) {
      throw new Error(frames === 0 ? "zstd: not a zstd stream" : "zstd: bytes after the last frame are not a frame");
    }
    yield* decompressFrame(magicBytes, input);
  }
}

interface FrameHeader {
  bytes: Uint8Array;
  window: number;
  contentSize: number | null;
  hasChecksum: boolean;
}

async function readFrameHeader(magicBytes: Uint8Array, input: ByteReader): Promise<FrameHeader> {
  const descriptor = (await input.read(1))[0] as number;
  const singleSegment = (descriptor & 0x20) !== 0;
  if (descriptor & 0x08) throw new Error("zstd: corrupt frame header (reserved bit set)");
  const dictionaryIdBytes = [0, 1, 2, 4][descriptor & 3] as number;
  const sizeFlag = descriptor >> 6;
  const contentSizeBytes = sizeFlag === 0 ? (singleSegment ? 1 : 0) : 1 << sizeFlag;
  const rest = await input.read((singleSegment ? 0 : 1) + dictionaryIdBytes + contentSizeBytes);
  let at = 0;
  let window = 0;
  if (!singleSegment) {
    const exponent = 10 + ((rest[at] as number) >> 3);
    window = 2 ** exponent + (2 ** exponent / 8) * ((rest[at] as number) & 7);
    at++;
  }
  if (dictionaryIdBytes > 0 && readLittleEndian(rest, at, dictionaryIdBytes) !== 0) {
    throw new Error("zstd: frame needs a dictionary, which is not supported; decompress it with `zstd -D`");
  }
  at += dictionaryIdBytes;
  let contentSize: number | null = null;
  if (contentSizeBytes > 0)
    contentSize = readLittleEndian(rest, at, contentSizeBytes) + (contentSizeBytes === 2 ? 256 : 0);
  if (singleSegment) window = contentSize as number;
  if (window > MAX_WINDOW_BYTES) {
    const mib = Math.ceil(window / 2 ** 20);
    throw new Error(`zstd: frame needs a ${mib} MiB window, over the 128 MiB limit; recompress it without --long`);
  }
  const bytes = new Uint8Array(5 + rest.length);
  bytes.set(magicBytes);
  bytes[4] = descriptor;
  bytes.set(rest, 5);
  return { bytes, window, contentSize, hasChecksum: (descriptor & 0x04) !== 0 };
}

async function* decompressFrame(magicBytes: Uint8Array, input: ByteReader): AsyncGenerator<Buffer> {
  const header = await readFrameHeader(magicBytes, input);
  const checksum = header.hasChecksum ? new Xxh64Stream() : null;
  let decoded = 0;
  let pending: Buffer[] = [];
  // A block may be a view of the decoder's window, which the next block overwrites: hand on a copy.
  const decoder = new Decompress((block) => {
    if (block.length === 0) return;
    const copy = Buffer.from(block);
    checksum?.update(copy);
    decoded += copy.length;
    pending.push(copy);
  });
  decoder.push(header.bytes);
  const maxBlock = Math.min(header.window, MAX_BLOCK_BYTES);
  let stored: Uint8Array | null = null;
  for (let last = false; !last; ) {
    const blockHeader = await input.read(3);
    const word = readLittleEndian(blockHeader, 0, 3);
    last = (word & 1) === 1;
    const type = (word >> 1) & 3;
    const size = word >>> 3;
    if (type === RESERVED_BLOCK || size > maxBlock) throw new Error("zstd: corrupt block header");
    const body = await input.read(type === RLE_BLOCK ? 1 : size);
    // The last push is the final one, checksum included: fzstd holds back a frame of under 18 bytes until then.
    if (last && header.hasChecksum) stored = await input.read(4);
    decoder.push(Buffer.concat(stored ? [blockHeader, body, stored] : [blockHeader, body]), last);
    if (!last) {
      yield* pending;
      pending = [];
    }
  }
  if (header.contentSize !== null && decoded !== header.contentSize) {
    throw new Error("zstd: frame decoded to a size other than the one it declares (corrupt)");
  }
  if (checksum && stored && u32le(stored, 0) !== checksum.digest()[1]) {
    throw new Error("zstd: checksum mismatch (corrupt data)");
  }
  yield* pending;
}
