// One process keeps each id's first document and rejects a later one as duplicate_id; ranks read their inputs apart,
// so two of them can each take a document under one id (a JSON Lines and a Parquet file of one dump holding the same
// record id). Dedup's clusters stage compares every rank's ids; the rank command does it here, for its own copies too,
// on disk: a table of every id read (ingest's) grows with the run, 16-32 bytes a document. The sketch stage writes
// each of its documents' id hash, input and histogram cell, sorted by hash; the apply stage of every rank reads every
// rank's file, keeps each id's copy from the earliest input (the first of them read), rejects the others as
// duplicate_id and takes them out of the merged histograms, so rank_pct and the tiers are one process's. Memory: a
// chunk of each rank's file, and the ids that have copies.
import { writeFileSync } from "node:fs";
import { open, rm } from "node:fs/promises";
import { join } from "node:path";
import { AtomicFile, writeFileAtomic } from "../io/atomic.js";
import { rankTag } from "../rank-files.js";
import { DUPLICATE_ID, idHash } from "../seen-ids.js";
import type { Step } from "../step.js";
import { type Cell, type DensityHistogram, removeAt } from "./density-histogram.js";
import { BarrierError } from "./global-rank.js";

// Not "ids-" or "id-cells-": files of those names, sketched by older assays, hold hashes alone, or no tokens.
const IDS_PREFIX = "id-cell-tokens-";
/**
 * Hash (u64), input (u32: its index among every rank's inputs), histogram cell (u32), whitespace tokens (u32),
 * little-endian.
 */
const RECORD_BYTES = 20;

export function rankIdsPath(dir: string, rank: number): string {
  return join(dir, `${IDS_PREFIX}${rankTag(rank)}.bin`);
}

/**
 * Records held in memory before they go to disk as a sorted run (20 MB): the sketch's memory stays the same however
 * many documents a rank reads, and its runs are merged into the rank's file when the sketch ends.
 */
export const RUN_RECORDS = 1 << 20;

/** Stage 1: this rank's documents as they stream past, then written sorted by id hash for every rank's apply. */
export class RankIds {
  private hashes = new BigUint64Array(1024);
  private inputs = new Uint32Array(1024);
  private cells = new Uint32Array(1024);
  private tokens = new Uint32Array(1024);
  private count = 0;
  /** Sorted runs written so far, in the order their records came. */
  private readonly runs: string[] = [];

  /** `runRecords`: records held before a run is written (RUN_RECORDS; tests give a few). */
  constructor(
    private readonly dir: string,
    private readonly rank: number,
    private readonly runRecords = RUN_RECORDS,
  ) {}

  add(id: string, input: number, cell: Cell, tokens: number): void {
    if (this.count === this.runRecords) this.spill();
    if (this.count === this.hashes.length) {
      const size = Math.min(this.count * 2, this.runRecords);
      const hashes = new BigUint64Array(size);
      hashes.set(this.hashes);
      const inputs = new Uint32Array(size);
      inputs.set(this.inputs);
      const cells = new Uint32Array(size);
      cells.set(this.cells);
      const tokenCounts = new Uint32Array(size);
      tokenCounts.set(this.tokens);
      [this.hashes, this.inputs, this.cells, this.tokens] = [hashes, inputs, cells, tokenCounts];
    }
    this.hashes[this.count] = idHash(id);
    this.inputs[this.count] = input;
    this.cells[this.count] = cell;
    this.tokens[this.count++] = tokens;
  }

  /** The rank's file: the records held, or every run merged with them. */
  async write(): Promise<void> {
    const path = rankIdsPath(this.dir, this.rank);
    if (this.runs.length === 0) {
      await writeFileAtomic(path, this.sorted());
      return;
    }
    if (this.count > 0) this.spill();
    await mergeRuns(this.runs, path);
    await Promise.all(this.runs.map((run) => rm(run, { force: true })));
  }

  /** The records held, as a sorted run. Written synchronously: the sketch's counting callback does not wait for it. */
  private spill(): void {
    const run = `${rankIdsPath(this.dir, this.rank)}.run-${this.runs.length}`;
    writeFileSync(run, this.sorted());
    this.runs.push(run);
    this.count = 0;
  }

  /**
   * The records held, sorted by hash, then input, then the order they came in: runs merged in their order make the file
   * one sort of every record would.
   */
  private sorted(): Uint8Array {
    const { hashes, inputs, cells, tokens } = this;
    const order = Uint32Array.from({ length: this.count }, (_, i) => i).sort((a, b) => {
      const [x, y] = [hashes[a] as bigint, hashes[b] as bigint];
      return x < y ? -1 : x > y ? 1 : (inputs[a] as number) - (inputs[b] as number) || a - b;
    });
    const bytes = new Uint8Array(this.count * RECORD_BYTES);
    const view = new DataView(bytes.buffer);
    order.forEach((i, k) => {
      view.setBigUint64(k * RECORD_BYTES, hashes[i] as bigint, true);
      view.setUint32(k * RECORD_BYTES + 8, inputs[i] as number, true);
      view.setUint32(k * RECORD_BYTES + 12, cells[i] as number, true);
      view.setUint32(k * RECORD_BYTES + 16, tokens[i] as number, true);
    });
    return bytes;
  }
}

/** Records a run's cursor reads at a time (64 KB): a billion documents make ~1,000 runs, 64 MB of cursors. */
const RUN_CHUNK_RECORDS = 1 << 12;

/** Sorted runs merged into one sorted file at `path`, written a chunk at a time. */
async function mergeRuns(runs: readonly string[], path: string): Promise<void> {
  const cursors = await Promise.all(runs.map((run) => RecordCursor.open(run, RUN_CHUNK_RECORDS)));
  const file = await AtomicFile.create(path);
  try {
    const chunk = new Uint8Array(RECORD_BYTES << 12);
    const view = new DataView(chunk.buffer);
    let at = 0;
    const heap = await CursorHeap.of(cursors);
    for (let r = heap.pop(); r !== undefined; r = heap.pop()) {
      const cursor = cursors[r] as RecordCursor;
      view.setBigUint64(at, cursor.hash, true);
      view.setUint32(at + 8, cursor.input, true);
      view.setUint32(at + 12, cursor.cell, true);
      view.setUint32(at + 16, cursor.tokens, true);
      at += RECORD_BYTES;
      if (at === chunk.length) {
        await file.write(chunk);
        at = 0;
      }
      if (await cursor.next()) heap.push(r);
    }
    await file.write(chunk.subarray(0, at));
    await file.commit();
  } catch (error) {
    await file.discard();
    throw error;
  } finally {
    await Promise.all(cursors.map((cursor) => cursor.close()));
  }
}

/**
 * Of the ids that more than one document has: whether this rank holds the first of them (the earliest input's, the
 * first read there), which it keeps; every other copy is rejected.
 */
export type RepeatedIds = ReadonlyMap<bigint, boolean>;

/**
 * Stage 3: the hashes of rank `rank`'s ids that another document has too (repeatedIdStep's), after taking every copy
 * but each id's first out of `histograms` (the merged sketches).
 */
export async function repeatedIds(
  dir: string,
  worldSize: number,
  rank: number,
  histograms: readonly DensityHistogram[],
): Promise<RepeatedIds> {
  const repeated = new Map<bigint, boolean>();
  const cursors = await Promise.all(
    Array.from({ length: worldSize }, (_, r) => RecordCursor.open(rankIdsPath(dir, r))),
  );
  try {
    // A heap of the ranks by their next record (hash, then input): equal hashes come out together, the first copy first.
    const heap = await CursorHeap.of(cursors);
    let first: bigint | null = null;
    let firstHere = false;
    for (let r = heap.pop(); r !== undefined; r = heap.pop()) {
      const cursor = cursors[r] as RecordCursor;
      if (cursor.hash === first) {
        if (r === rank) repeated.set(cursor.hash, firstHere);
        removeAt(histograms, cursor.cell, cursor.tokens);
      } else {
        first = cursor.hash;
        firstHere = r === rank;
      }
      if (await cursor.next()) heap.push(r);
    }
  } finally {
    await Promise.all(cursors.map((cursor) => cursor.close()));
  }
  return repeated;
}

/**
 * Rejects as duplicate_id, naming the id, the documents under a repeated id but the first copy where this rank holds
 * it: the first such document the pass reads, since it reads the rank's inputs in the sketch's order.
 */
export function repeatedIdStep(repeated: RepeatedIds): Step {
  return {
    name: "repeated_ids",
    scoreNames: [],
    async *run(docs, ctx) {
      const kept = new Set<bigint>();
      for await (const doc of docs) {
        const hash = repeated.size > 0 ? idHash(doc.id) : 0n;
        const keepsFirst = repeated.get(hash);
        if (keepsFirst === undefined || (keepsFirst && !kept.has(hash))) {
          if (keepsFirst) kept.add(hash);
          yield doc;
        } else await ctx.reject(doc, DUPLICATE_ID, { duplicateOf: doc.id });
      }
    },
  };
}

/** A rank's file read a chunk at a time; hash, input, cell and tokens are the current record's. */
class RecordCursor {
  hash = 0n;
  input = 0;
  cell = 0;
  tokens = 0;
  private readonly chunk: Uint8Array;
  private readonly view: DataView;
  private filled = 0;
  private at = 0;

  private constructor(
    private readonly handle: Awaited<ReturnType<typeof open>>,
    chunkRecords: number,
  ) {
    this.chunk = new Uint8Array(RECORD_BYTES * chunkRecords);
    this.view = new DataView(this.chunk.buffer);
  }

  /**
   * The file's cursor on its first record (`next` tells whether it has one), reading `chunkRecords` at a time: a
   * rank's file 65,536 (1 MB), a sketch's run fewer, since a rank of many millions of documents merges one per
   * million.
   */
  static async open(path: string, chunkRecords = 1 << 16): Promise<RecordCursor> {
    const handle = await open(path, "r").catch(() => null);
    if (handle === null)
      throw new BarrierError(
        `${path} is missing (sketched by an older assay?): run the sketch stage again on every rank`,
      );
    return new RecordCursor(handle, chunkRecords);
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
    this.tokens = this.view.getUint32(this.at + 16, true);
    this.at += RECORD_BYTES;
    return true;
  }

  close(): Promise<void> {
    return this.handle.close();
  }
}

/**
 * A binary min-heap of cursor numbers (ranks, or runs) by their cursors' current (hash, input), then by number: a
 * record of an earlier run comes first.
 */
class CursorHeap {
  private readonly items: number[] = [];

  constructor(private readonly cursors: readonly RecordCursor[]) {}

  /** Fills the heap with the cursors that have a first record. */
  static async of(cursors: readonly RecordCursor[]): Promise<CursorHeap> {
    const heap = new CursorHeap(cursors);
    for (const [r, cursor] of cursors.entries()) if (await cursor.next()) heap.push(r);
    return heap;
  }

  push(cursor: number): void {
    const { items } = this;
    items.push(cursor);
    for (let i = items.length - 1; i > 0; ) {
      const parent = (i - 1) >> 1;
      if (!this.before(items[i] as number, items[parent] as number)) break;
      [items[i], items[parent]] = [items[parent] as number, items[i] as number];
      i = parent;
    }
  }

  pop(): number | undefined {
    const { items } = this;
    const top = items[0];
    const last = items.pop();
    if (items.length > 0 && last !== undefined) {
      items[0] = last;
      for (let i = 0; ; ) {
        const [l, r] = [2 * i + 1, 2 * i + 2];
        let least = i;
        if (l < items.length && this.before(items[l] as number, items[least] as number)) least = l;
        if (r < items.length && this.before(items[r] as number, items[least] as number)) least = r;
        if (least === i) break;
        [items[i], items[least]] = [items[least] as number, items[i] as number];
        i = least;
      }
    }
    return top;
  }

  private before(a: number, b: number): boolean {
    const [x, y] = [this.cursors[a] as RecordCursor, this.cursors[b] as RecordCursor];
    if (x.hash !== y.hash) return x.hash < y.hash;
    return x.input !== y.input ? x.input < y.input : a < b;
  }
}
