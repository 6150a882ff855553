// Gzip files decompressed without losing what was decoded before a fault. Node's gunzip drops the output of the step an
// error ends, and bytes after the last member that are no member (a trailer a download tool appended, a file written
// over in place) are such an error: the records of up to 16 KB of text decoded whole before them were lost, the file
// one `corrupt` reject. Node's gunzip still reads every file (one native stream for all members, fast for files of
// many small ones); where it fails, the file is read again member by member (RFC 1952), each member's deflate data
// inflated raw and passed on as it is decoded, its checksum and length checked, and only then the bytes after it
// looked at: another member, zero padding (which gzip allows), or the error, after every record before it.
import { createReadStream } from "node:fs";
import { Readable } from "node:stream";
import { crc32, createGunzip, createInflateRaw, type InflateRaw } from "node:zlib";
import { ByteReader, readLittleEndian, u32le } from "./byte-reader.js";

/**
 * Compressed bytes handed to the inflater at a time. Its output waits for the reader, so this bounds what is held: deflate
 * expands at most ~1,032 times, 16 MB for a piece of zeros.
 */
const PIECE_BYTES = 16 * 1024;

const HEADER_BYTES = 10;
const TRAILER_BYTES = 8;
const DEFLATE = 8;
const FHCRC = 0x02;
const FEXTRA = 0x04;
const FNAME = 0x08;
const FCOMMENT = 0x10;
const RESERVED_FLAGS = 0xe0;

/**
 * The decompressed bytes of a gzip file of one or more members; a corrupt or truncated one fails, after every byte
 * decoded before the fault, with the member reader's error.
 */
export function gunzipFile(path: string): Readable {
  return Readable.from(salvagingGunzip(path), { objectMode: false });
}

async function* salvagingGunzip(path: string): AsyncGenerator<Buffer> {
  let passed = 0;
  const file = createReadStream(path);
  const gunzip = createGunzip();
  file.on("error", (error) => gunzip.destroy(error));
  try {
    for await (const chunk of file.pipe(gunzip)) {
      passed += chunk.length;
      yield chunk;
    }
    return;
  } catch {
    // read again below, member by member
  } finally {
    gunzip.destroy();
    file.destroy();
  }
  let skip = passed;
  for await (const chunk of createGunzipMembers(createReadStream(path))) {
    if (skip >= chunk.length) skip -= chunk.length;
    else {
      yield skip > 0 ? chunk.subarray(skip) : chunk;
      skip = 0;
    }
  }
}

/** The decompressed bytes of a gzip stream of one or more members; a corrupt or truncated one fails with a clear error. */
export function createGunzipMembers(compressed: AsyncIterable<Uint8Array>): Readable {
  return Readable.from(members(new ByteReader(compressed, "gzip")), { objectMode: false });
}

async function* members(input: ByteReader): AsyncGenerator<Buffer> {
  for (let member = 0; ; member++) {
    // A byte at a time until the magic is known: bytes after the last member may be fewer than a header.
    const first = await input.read(1, true);
    if (first === null) {
      if (member === 0) throw new Error("gzip: empty file, no member in it");
      return;
    }
    if (first[0] !== 0x1f) {
      if (member > 0 && (await onlyZeros(first, input))) return;
      throw notAMember(member);
    }
    const head = await input.read(HEADER_BYTES - 1);
    if (head[0] !== 0x8b) throw notAMember(member);
    const flags = head[2] as number;
    if (head[1] !== DEFLATE || flags & RESERVED_FLAGS) throw new Error("gzip: corrupt member header");
    if (flags & FEXTRA) await input.skip(readLittleEndian(await input.read(2), 0, 2));
    if (flags & FNAME) await skipZeroTerminated(input);
    if (flags & FCOMMENT) await skipZeroTerminated(input);
    if (flags & FHCRC) await input.skip(2);
    const decoded = { crc: 0, bytes: 0 };
    yield* inflateMember(input, decoded);
    const trailer = await input.read(TRAILER_BYTES);
    if (u32le(trailer, 0) !== decoded.crc) throw new Error("gzip: checksum mismatch (corrupt data)");
    if (u32le(trailer, 4) !== decoded.bytes % 2 ** 32) throw new Error("gzip: length mismatch (corrupt data)");
  }
}

function notAMember(member: number): Error {
  return new Error(member === 0 ? "gzip: not gzip data" : "gzip: bytes after the last member are not a member");
}

/**
 * One member's deflate data, inflated piece by piece: the inflater stops at the end of the deflate data and counts the
 * bytes it took (bytesWritten), so what it was handed past that end is given back to be read as the trailer.
 */
async function* inflateMember(input: ByteReader, decoded: { crc: number; bytes: number }): AsyncGenerator<Buffer> {
  const inflate = createInflateRaw();
  const output: Buffer[] = [];
  let ended = false;
  let failure: Error | null = null;
  inflate.on("data", (chunk: Buffer) => output.push(chunk));
  inflate.on("end", () => {
    ended = true;
  });
  inflate.on("error", (error) => {
    failure = error;
  });
  let fed = 0;
  try {
    while (!ended && inflate.bytesWritten === fed) {
      const piece = await input.some(PIECE_BYTES);
      if (piece !== null) fed += piece.length;
      const refused = await (piece === null ? finish(inflate) : write(inflate, piece)).then(
        () => null,
        (error: Error) => error,
      );
      // Output decoded before a fault is passed on first: it is the records before it.
      for (const chunk of output.splice(0)) {
        decoded.crc = crc32(chunk, decoded.crc);
        decoded.bytes += chunk.length;
        yield chunk;
      }
      if (piece === null && !ended) throw input.cutShort();
      const fault = failure ?? refused;
      if (fault) throw new Error(`gzip: ${fault.message} (corrupt data)`);
    }
  } finally {
    inflate.destroy();
  }
  input.unread(fed - inflate.bytesWritten);
}

/** Settles once the piece is inflated, or once a fault closed the inflater (whose callback then never comes). */
function write(inflate: InflateRaw, piece: Uint8Array): Promise<void> {
  return new Promise((resolve, reject) => {
    inflate.once("close", resolve);
    inflate.write(piece, (error) => {
      inflate.off("close", resolve);
      if (error) reject(error);
      else resolve();
    });
  });
}

/** Input ended inside the deflate data: what the inflater still holds comes out, and it fails (cut short). */
function finish(inflate: InflateRaw): Promise<void> {
  return new Promise((resolve) => {
    inflate.once("close", resolve);
    inflate.once("end", resolve);
    inflate.end();
  });
}

async function skipZeroTerminated(input: ByteReader): Promise<void> {
  while (((await input.read(1))[0] as number) !== 0);
}

/** Whether `head` and every byte after it are zeros: padding after the last member, which gzip -d accepts. */
async function onlyZeros(head: Uint8Array, input: ByteReader): Promise<boolean> {
  if (head.some((b) => b !== 0)) return false;
  for (let piece = await input.some(PIECE_BYTES); piece !== null; piece = await input.some(PIECE_BYTES))
    if (piece.some((b) => b !== 0)) return false;
  return true;
}
