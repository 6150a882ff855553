// The texts of docs that came without a density, kept by stage 1 for `--keep best`: stage 3 scores the few whose
// density decides which copy of a cluster is kept (keep-policy.ts), and it holds records and signatures, not texts.
// Scoring every doc in stage 1 instead would cost more than the dedup itself (density ~6 MB/s a core, a whole dedup
// ~7). Two files beside a source's sigs.bin, written only when a doc lacks a density:
//   texts.bin  the text density scores (scoredText), compressed one by one (brotli, fastest setting)
//   texts.idx  uint32 pairs, one per text in doc order: the doc's number in the source, its compressed length
import { closeSync, existsSync, openSync, readFileSync, readSync, writeSync } from "node:fs";
import { join } from "node:path";
import { brotliCompressSync, brotliDecompressSync, constants } from "node:zlib";

const BLOBS = "texts.bin";
const INDEX = "texts.idx";
/** Brotli's fastest setting: on text-dev 2.7x smaller at ~160 MB/s of CPU, against deflate level 1's 2.9x at ~90. */
const QUALITY_0 = { [constants.BROTLI_PARAM_QUALITY]: 0 };

export class UnscoredTextWriter {
  private readonly blobs: number;
  private readonly index: number;

  constructor(dir: string) {
    this.blobs = openSync(join(dir, BLOBS), "w");
    this.index = openSync(join(dir, INDEX), "w");
  }

  add(doc: number, text: string): void {
    const blob = brotliCompressSync(text, { params: QUALITY_0 });
    writeSync(this.blobs, blob);
    const entry = Buffer.alloc(8);
    entry.writeUInt32LE(doc, 0);
    entry.writeUInt32LE(blob.length, 4);
    writeSync(this.index, entry);
  }

  close(): void {
    closeSync(this.blobs);
    closeSync(this.index);
  }
}

/**
 * The kept texts of `docs` (numbers in the source), one at a time in doc order, so that the caller holds one text,
 * not every text its clusters await; a doc whose text was not kept is absent.
 */
export function* unscoredTexts(dir: string, docs: ReadonlySet<number>): Generator<[number, string]> {
  if (!existsSync(join(dir, INDEX))) return;
  const index = readFileSync(join(dir, INDEX));
  const fd = openSync(join(dir, BLOBS), "r");
  try {
    let offset = 0;
    for (let at = 0; at < index.length; at += 8) {
      const doc = index.readUInt32LE(at);
      const length = index.readUInt32LE(at + 4);
      if (docs.has(doc)) {
        const blob = Buffer.alloc(length);
        readSync(fd, blob, 0, length, offset);
        yield [doc, brotliDecompressSync(blob).toString("utf8")];
      }
      offset += length;
    }
  } finally {
    closeSync(fd);
  }
}
