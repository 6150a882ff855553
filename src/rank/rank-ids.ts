// Ranks read their inputs apart, so two of them can each take a document under one id (a JSON Lines and a Parquet
// file of one dump holding the same record id). Dedup's clusters stage compares every rank's ids; a staged rank over
// inputs no dedup saw does it here: the sketch stage writes its ids' 64-bit hashes, sorted, and the apply stage of
// rank r rejects as duplicate_id its documents whose id a lower rank's document has, as dedup does. Memory: the
// rank's own hashes (8 bytes a document); the lower ranks' files are streamed.
import { open, readFile } from "node:fs/promises";
import { join } from "node:path";
import { writeFileAtomic } from "../io/atomic.js";
import { DUPLICATE_ID, idHash } from "../seen-ids.js";
import type { Step } from "../step.js";
import { BarrierError } from "./global-rank.js";

const IDS_PREFIX = "ids-";

export function rankIdsPath(dir: string, rank: number): string {
  return join(dir, `${IDS_PREFIX}${String(rank).padStart(5, "0")}.bin`);
}

/** Stage 1: this rank's ids as they stream past, then written sorted and distinct for the other ranks' apply. */
export class RankIds {
  private hashes = new BigUint64Array(1024);
  private count = 0;

  add(id: string): void {
    if (this.count === this.hashes.length) {
      const grown = new BigUint64Array(this.hashes.length * 2);
      grown.set(this.hashes);
      this.hashes = grown;
    }
    this.hashes[this.count++] = idHash(id);
  }

  async write(dir: string, rank: number): Promise<void> {
    const sorted = this.hashes.subarray(0, this.count).sort();
    const distinct = sorted.filter((hash, i) => i === 0 || hash !== sorted[i - 1]);
    await writeFileAtomic(rankIdsPath(dir, rank), new Uint8Array(distinct.buffer, 0, distinct.byteLength));
  }
}

/** Stage 3: the hashes of rank `rank`'s ids that a lower rank's documents have too. */
export async function idsOfLowerRanks(dir: string, rank: number): Promise<Set<bigint>> {
  const taken = new Set<bigint>();
  if (rank === 0) return taken;
  const own = await readHashes(rankIdsPath(dir, rank));
  for (let lower = 0; lower < rank; lower++) {
    // Both sorted: one pass over the lower rank's file, a chunk at a time.
    let i = 0;
    for await (const chunk of hashChunks(rankIdsPath(dir, lower))) {
      for (const hash of chunk) {
        while (i < own.length && (own[i] as bigint) < hash) i++;
        if (i === own.length) break;
        if (own[i] === hash) taken.add(hash);
      }
    }
  }
  return taken;
}

/** Rejects the documents whose id hash is in `taken` as duplicate_id, naming the id. */
export function repeatedIdStep(taken: ReadonlySet<bigint>): Step {
  return {
    name: "repeated_ids",
    scoreNames: [],
    async *run(docs, ctx) {
      for await (const doc of docs) {
        if (taken.size > 0 && taken.has(idHash(doc.id))) await ctx.reject(doc, DUPLICATE_ID, { duplicateOf: doc.id });
        else yield doc;
      }
    },
  };
}

async function readHashes(path: string): Promise<BigUint64Array> {
  const bytes = await readFile(path).catch(() => null);
  if (bytes === null) throw missing(path);
  return new BigUint64Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
}

async function* hashChunks(path: string): AsyncGenerator<BigUint64Array> {
  const handle = await open(path, "r").catch(() => null);
  if (handle === null) throw missing(path);
  try {
    const buffer = new BigUint64Array(1 << 16);
    const bytes = new Uint8Array(buffer.buffer);
    for (;;) {
      const { bytesRead } = await handle.read(bytes, 0, bytes.length);
      if (bytesRead === 0) return;
      // A regular file reads whole up to its end, and holds whole hashes.
      yield buffer.subarray(0, Math.floor(bytesRead / 8));
    }
  } finally {
    await handle.close();
  }
}

function missing(path: string): BarrierError {
  return new BarrierError(`${path} is missing (sketched by an older assay?): run the sketch stage again on every rank`);
}
