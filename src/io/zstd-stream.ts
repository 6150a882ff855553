// Zstandard decompression as a Node stream. Node 20's zlib has no zstd (22.15 added it), and JSON Lines dumps are
// often `.jsonl.zst` (The Pile, RedPajama, datatrove's zstd writers): fzstd decodes them in pure JS, ~8 kB, no install
// step. A truncated or corrupt stream fails the stream with the decoder's error.
import { Transform } from "node:stream";
import { Decompress } from "fzstd";

export function createZstdDecompress(): Transform {
  let decoder: Decompress | null = null;
  const stream = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      try {
        decoder?.push(chunk);
        done();
      } catch (error) {
        done(error as Error);
      }
    },
    flush(done) {
      try {
        decoder?.push(new Uint8Array(0), true);
        done();
      } catch (error) {
        done(error as Error);
      }
    },
  });
  // A block may be a view of the decoder's window, which the next block overwrites: hand on a copy.
  decoder = new Decompress((block) => {
    if (block.length > 0) stream.push(Buffer.from(block));
  });
  return stream;
}
