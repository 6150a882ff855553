// Ids across ranks for `assay lm train --stage words|ngrams|merge`. One process reads every input in order and skips a
// document whose id an earlier one had (ingest's duplicate_id); ranks read their shares apart, so each counted its own
// first copy of an id two ranks hold. The words stage keeps each rank's ids (64-bit hashes, src/seen-ids.ts) with the
// input each was read from, as a second table of its words file; the later stages find the ids that several ranks
// counted and keep each for the input one process reads first. The other copies' words are taken out of the
// vocabulary's counts and their n-grams are not counted, so the model stays the one process's, byte for byte.
import { idHash } from "../../src/seen-ids.js";
import { type CountsFile, type CountsTable, RecordCursor } from "./counts-file.js";
import { growU32 } from "./grow.js";
import type { NgramCounts } from "./ngram-counts.js";

/** The ids table of a words file: the table after the words. */
export const IDS_TABLE = 1;

/** Stage words: a rank's ids as read, each hash as its (high, low) halves in a table shaped as words are. */
export class CountedIds {
  private high = new Uint32Array(1024);
  private low = new Uint32Array(1024);
  private count = 0;
  /** [input's index among every rank's inputs, ids read from it], in reading order. */
  private readonly runs: [number, number][] = [];

  add(input: number, id: string): void {
    if (this.count === this.high.length) {
      const grow = (a: Uint32Array) => growU32(a, a.length * 2);
      [this.high, this.low] = [grow(this.high), grow(this.low)];
    }
    const hash = idHash(id);
    this.high[this.count] = Number(hash >> 32n);
    this.low[this.count++] = Number(hash & 0xffffffffn);
    const last = this.runs.at(-1);
    if (last?.[0] === input) last[1]++;
    else this.runs.push([input, 1]);
  }

  /** The records and runs writeCountsFile takes (key: the high half, count: the low one). */
  table(): { records: Pick<NgramCounts, "length" | "keys" | "raw" | "ctx" | "suffix">; header: CountsTable } {
    const records = { length: this.count, keys: this.high, raw: this.low, ctx: this.low, suffix: this.low };
    return { records, header: { entries: this.count, runs: this.runs } };
  }
}

/** The copies of repeated ids one process would not count: per rank, their hashes; per input, the same. */
export interface UncountedCopies {
  byRank: Set<bigint>[];
  byInput: Map<number, Set<bigint>>;
}

/**
 * Every rank's ids (`files`: the ranks' words files, in rank order) compared: of the ranks' copies of one id, the
 * copy of the input read first is counted, the others are not. Memory: 24 bytes an id of every rank.
 */
export function uncountedCopies(files: readonly CountsFile[]): UncountedCopies {
  const total = files.reduce((n, file) => n + (file.header.tables[IDS_TABLE]?.entries ?? 0), 0);
  const hashes = new BigUint64Array(total);
  const inputs = new Uint32Array(total);
  const ranks = new Uint32Array(total);
  let n = 0;
  files.forEach((file, rank) => {
    const cursor = new RecordCursor(file, IDS_TABLE);
    for (const [input, entries] of file.header.tables[IDS_TABLE]?.runs ?? [])
      for (let i = 0; i < entries; i++) {
        const o = cursor.take();
        hashes[n] = (BigInt(cursor.buffer[o] as number) << 32n) | BigInt(cursor.buffer[o + 1] as number);
        inputs[n] = input;
        ranks[n++] = rank;
      }
  });
  const order = Uint32Array.from({ length: total }, (_, i) => i).sort((a, b) => {
    const [x, y] = [hashes[a] as bigint, hashes[b] as bigint];
    return x < y ? -1 : x > y ? 1 : (inputs[a] as number) - (inputs[b] as number);
  });
  const copies: UncountedCopies = { byRank: files.map(() => new Set()), byInput: new Map() };
  for (let i = 1; i < total; i++) {
    const [first, at] = [order[i - 1] as number, order[i] as number];
    if (hashes[first] !== hashes[at]) continue;
    // Sorted by input within one hash: every copy after the first is one process would not count.
    const hash = hashes[at] as bigint;
    copies.byRank[ranks[at] as number]?.add(hash);
    const input = inputs[at] as number;
    const ofInput = copies.byInput.get(input) ?? new Set<bigint>();
    copies.byInput.set(input, ofInput.add(hash));
  }
  return copies;
}
