// Ranks read their inputs apart, so two of them can each take a document under one id (a JSON Lines and a Parquet
// file of one dump holding the same record id). Dedup's clusters stage compares every rank's ids; a staged rank over
// inputs no dedup saw does it here, keeping what one process keeps: the copy of the input read first (one process
// reads every input in order and rejects a later copy at ingest). The sketch stage writes each of its documents' id
// hash, input and histogram cell, sorted by hash; the apply stage of every rank reads every rank's file, rejects as
// duplicate_id its own documents that another rank holds from an earlier input, and takes every such copy out of the
// merged histograms, so rank_pct and the tiers are one process's. Memory: a chunk of each rank's file.
import { open } from "node:fs/promises";
import { join } from "node:path";
import { writeFileAtomic } from "../io/atomic.js";
import { rankTag } from "../rank-files.js";
import { DUPLICATE_ID, idHash } from "../seen-ids.js";
import type { Step } from "../step.js";
import { type Cell, type DensityHistogram, removeAt } from "./density-histogram.js";
import { BarrierError } from "./global-rank.js";

// Not "ids-": files of that name, sketched by an older assay, hold hashes alone.
const IDS_PREFIX = "id-cells-";
/** Hash (u64), input (u32: its index among every rank's inputs), histogram cell (u32), little-endian. */
const RECORD_BYTES = 16;

export function rankIdsPath(dir: string, rank: number): string {
  return join(dir, `${IDS_PREFIX}${rankTag(rank)}.bin`);
}

/** Stage 1: this rank's documents as they stream past, then written sorted by id hash for every rank's apply. */
export class RankIds {
  private hashes = new BigUint64Array(1024);
  private inputs = new Uint32Array(1024);
  private cells = new Uint32Array(1024);
  private count = 0;

  add(id: string, input: number, cell: Cell): void {
    if (this.count === this.hashes.length) {
      const hashes = new BigUint64Array(this.count * 2);
      hashes.set(this.hashes);
      const inputs = new Uint32Array(this.count * 2);
      inputs.set(this.inputs);
      const cells = new Uint32Array(this.count * 2);
      cells.set(this.cells);
      [this.hashes, this.inputs, this.cells] = [hashes, inputs, cells];
    }
    this.hashes[this.count] = idHash(id);
    this.inputs[this.count] = input;
    this.cells[this.count++] = cell;
  }

  async write(dir: string, rank: number): Promise<void> {
    const { hashes, inputs } = this;
    const order = Uint32Array.from({ length: this.count }, (_, i) => i).sort((a, b) => {
      const [x, y] = [hashes[a] as bigint, hashes[b] as bigint];
      return x < y ? -1 : x > y ? 1 : (inputs[a] as number) - (inputs[b] as number);
    });
    const bytes = new Uint8Array(this.count * RECORD_BYTES);
    const view = new DataView(bytes.buffer);
    order.forEach((i, k) => {
      view.setBigUint64(k * RECORD_BYTES, hashes[i] as bigint, true);
      view.setUint32(k * RECORD_BYTES + 8, inputs[i] as number, true);
      view.setUint32(k * RECORD_BYTES + 12, this.cells[i] as number, true);
    });
    await writeFileAtomic(rankIdsPath(dir, rank), bytes);
  }
}

/**
 * Stage 3: the hashes of rank `rank`'s ids that another rank holds from an earlier input (its copies one process
 * rejects), after taking every rank's such copies out of `histograms` (the merged sketches).
 */
export async function copiesOfEarlierInputs(
  dir: string,
  worldSize: number,
  rank: number,
  histograms: readonly DensityHistogram[],
): Promise<Set<bigint>> {
  const taken = new Set<bigint>();
  const cursors = await Promise.all(
    Array.from({ length: worldSize }, (_, r) => RecordCursor.open(rankIdsPath(dir, r))),
  );
  try {
    // A heap of the ranks by their next record (hash, then input): equal hashes come out together, earliest input first.
    const heap = await RankHeap.of(cursors);
    let first: bigint | null = null;
    for (let r = heap.pop(); r !== undefined; r = heap.pop()) {
      const cursor = cursors[r] as RecordCursor;
      if (cursor.hash === first) {
        if (r === rank) taken.add(cursor.hash);
        removeAt(histograms, cursor.cell);
      } else first = cursor.hash;
      if (await cursor.next()) heap.push(r);
    }
  } finally {
    await Promise.all(cursors.map((cursor) => cursor.close()));
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

/** A rank's file read a chunk at a time; hash, input and cell are the current record's. */
class RecordCursor {
  hash = 0n;
  input = 0;
  cell = 0;
  private readonly chunk = new Uint8Array(RECORD_BYTES << 16);
  private readonly view = new DataView(this.chunk.buffer);
  private filled = 0;
  private at = 0;

  private constructor(private readonly handle: Awaited<ReturnType<typeof open>>) {}

  /** The file's cursor on its first record (`next` tells whether it has one). */
  static async open(path: string): Promise<RecordCursor> {
    const handle = await open(path, "r").catch(() => null);
    if (handle === null)
      throw new BarrierError(
        `${path} is missing (sketched by an older assay?): run the sketch stage again on every rank`,
      );
    return new RecordCursor(handle);
  }

  /** Moves to the next record; false at the end. */
  async next(): Promise<boolean> {
    if (this.at === this.filled) {
      // A regular file reads whole up to its end, and holds whole records.
      this.filled = (await this.handle.read(this.chunk, 0, this.chunk.length)).bytesRead;
      this.at = 0;
      if (this.filled === 0) return false;
    }
    this.hash = this.view.getBigUint64(this.at, true);
    this.input = this.view.getUint32(this.at + 8, true);
    this.cell = this.view.getUint32(this.at + 12, true);
    this.at += RECORD_BYTES;
    return true;
  }

  close(): Promise<void> {
    return this.handle.close();
  }
}

/** A binary min-heap of rank numbers by their cursors' current (hash, input). */
class RankHeap {
  private readonly ranks: number[] = [];

  constructor(private readonly cursors: readonly RecordCursor[]) {}

  /** Fills the heap with the ranks that have a first record. */
  static async of(cursors: readonly RecordCursor[]): Promise<RankHeap> {
    const heap = new RankHeap(cursors);
    for (const [r, cursor] of cursors.entries()) if (await cursor.next()) heap.push(r);
    return heap;
  }

  push(rank: number): void {
    const { ranks } = this;
    ranks.push(rank);
    for (let i = ranks.length - 1; i > 0; ) {
      const parent = (i - 1) >> 1;
      if (!this.before(ranks[i] as number, ranks[parent] as number)) break;
      [ranks[i], ranks[parent]] = [ranks[parent] as number, ranks[i] as number];
      i = parent;
    }
  }

  pop(): number | undefined {
    const { ranks } = this;
    const top = ranks[0];
    const last = ranks.pop();
    if (ranks.length > 0 && last !== undefined) {
      ranks[0] = last;
      for (let i = 0; ; ) {
        const [l, r] = [2 * i + 1, 2 * i + 2];
        let least = i;
        if (l < ranks.length && this.before(ranks[l] as number, ranks[least] as number)) least = l;
        if (r < ranks.length && this.before(ranks[r] as number, ranks[least] as number)) least = r;
        if (least === i) break;
        [ranks[i], ranks[least]] = [ranks[least] as number, ranks[i] as number];
        i = least;
      }
    }
    return top;
  }

  private before(a: number, b: number): boolean {
    const [x, y] = [this.cursors[a] as RecordCursor, this.cursors[b] as RecordCursor];
    return x.hash < y.hash || (x.hash === y.hash && x.input < y.input);
  }
}
