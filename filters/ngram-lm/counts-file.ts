// One rank's counts for `assay lm train --stage words|ngrams`: a JSON header (what was counted, from which inputs,
// with which options) and the tables' entries as little-endian u32 records, 8 bytes a word (key, count) and 16 an
// n-gram (key, context, suffix, count), deflated in chunks of 8192 records (to ~10 bytes an n-gram on text-dev, a
// third of what a table holds in memory). Written whole under a temporary name and renamed; read back a chunk at a
// time, so a merge of many ranks holds its own table, not theirs.
import { closeSync, openSync, readSync } from "node:fs";
import { deflateRawSync, inflateRawSync } from "node:zlib";
import { AtomicFile } from "../../src/io/atomic.js";
import { InputError } from "../../src/io/inputs.js";
import type { NgramCounts } from "./ngram-counts.js";
import type { CountsOfCounts, LmTrainOptions } from "./train.js";

const COUNTS_MAGIC = 0x434d4c41; // "ALMC"
const COUNTS_VERSION = 1;
/** Magic, version, header length. */
const PREAMBLE_BYTES = 12;
/** Records deflated together, and read at a time: 128 KB of n-grams per rank file being merged. */
const CHUNK_RECORDS = 8192;
/** A chunk's deflated size and records. */
const CHUNK_HEADER_BYTES = 8;

export type CountsKind = "words" | "ngrams";

/** The options that shape counts (--max-entries only shapes the model made of them). */
export type CountingOptions = Pick<LmTrainOptions, "order" | "maxVocab" | "maxCounted">;

/** An input as counted: its path, its size then, and its place in the list of every rank's inputs. */
export interface CountedInput {
  path: string;
  bytes: number | null;
  index: number;
}

export interface CountsTable {
  entries: number;
  /**
   * [input's index, entries first seen in it], in input order: the merge adds them in the order of the inputs of
   * all ranks together, which is the order one process sees them in. Empty for words; a words file's ids
   * (repeated-ids.ts) are in runs of the input they were read from.
   */
  runs: [number, number][];
}

export interface CountsHeader {
  kind: CountsKind;
  rank: number;
  worldSize: number;
  options: CountingOptions;
  inputs: CountedInput[];
  /** Epoch ms when counting began: an input written later is counted again on a rerun. */
  started: number;
  docsWithText: number;
  /** 0: exact counts; else the floor of lossy counting (LmTrainReport.vocabularyFloor or pruneFloor). */
  floor: number;
  /** N-grams: the digest of the vocabulary they were counted with, and what its choice dropped (vocabularyFloor). */
  vocabulary?: { digest: string; floor: number };
  /** N-grams: per order, the counts of counts of the Kneser-Ney counts before lossy counting dropped any. */
  countsOfCounts?: CountsOfCounts[];
  tables: CountsTable[];
}

const widthOf = (kind: CountsKind) => (kind === "words" ? 2 : 4);

/** The records of a table: words and ids use keys and raw, n-grams all four. */
export type CountsRecords = Pick<NgramCounts, "length" | "keys" | "ctx" | "suffix" | "raw">;

/** Writes `tables` (their first header.tables[k].entries entries) under `header`. */
export async function writeCountsFile(path: string, header: CountsHeader, tables: readonly CountsRecords[]) {
  const json = Buffer.from(JSON.stringify(header));
  const preamble = new Uint32Array([COUNTS_MAGIC, COUNTS_VERSION, json.byteLength]);
  const file = await AtomicFile.create(path);
  try {
    await file.write(new Uint8Array(preamble.buffer));
    await file.write(json);
    const width = widthOf(header.kind);
    const chunk = new Uint32Array(CHUNK_RECORDS * width);
    for (const table of tables) {
      for (let from = 0; from < table.length; from += CHUNK_RECORDS) {
        const n = Math.min(CHUNK_RECORDS, table.length - from);
        for (let i = 0; i < n; i++) {
          const j = from + i;
          const o = i * width;
          chunk[o] = table.keys[j] as number;
          if (width === 2) chunk[o + 1] = table.raw[j] as number;
          else {
            chunk[o + 1] = table.ctx[j] as number;
            chunk[o + 2] = table.suffix[j] as number;
            chunk[o + 3] = table.raw[j] as number;
          }
        }
        // Level 1: a level above saves 1% more and takes 3 times as long.
        const deflated = deflateRawSync(new Uint8Array(chunk.buffer, 0, n * width * 4), { level: 1 });
        await file.write(new Uint8Array(new Uint32Array([deflated.byteLength, n]).buffer));
        await file.write(deflated);
      }
    }
    await file.commit();
  } catch (error) {
    await file.discard();
    throw error;
  }
}

/** A counts file as read: its header, and where its records begin. */
export interface CountsFile {
  path: string;
  header: CountsHeader;
  recordsAt: number;
}

/** The counts file at `path` (its header read), or null when there is none. */
export function openCountsFile(path: string): CountsFile | null {
  let fd: number;
  try {
    fd = openSync(path, "r");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw error;
  }
  try {
    const preamble = new Uint32Array(3);
    const read = readSync(fd, new Uint8Array(preamble.buffer), 0, PREAMBLE_BYTES, 0);
    if (read < PREAMBLE_BYTES || preamble[0] !== COUNTS_MAGIC || preamble[1] !== COUNTS_VERSION)
      throw new InputError(`${path} is not an assay lm counts file of this version: remove it and count again`);
    const json = Buffer.alloc(preamble[2] as number);
    readSync(fd, json, 0, json.byteLength, PREAMBLE_BYTES);
    const header = JSON.parse(json.toString("utf8")) as CountsHeader;
    return { path, header, recordsAt: PREAMBLE_BYTES + json.byteLength };
  } finally {
    closeSync(fd);
  }
}

/** Reads the records of one table of a counts file in order. */
export class RecordCursor {
  /** The record `take` returned starts at buffer[offset]. */
  readonly buffer: Uint32Array;
  readonly width: number;
  private readonly path: string;
  private position: number;
  private left: number;
  private filled = 0;
  private at = 0;

  constructor({ path, header, recordsAt }: CountsFile, table: number) {
    this.path = path;
    this.width = widthOf(header.kind);
    this.buffer = new Uint32Array(CHUNK_RECORDS * this.width);
    this.position = recordsAt;
    // The tables before this one are passed over chunk by chunk, by their lengths.
    for (const { entries } of header.tables.slice(0, table))
      for (let left = entries; left > 0; ) {
        const [bytes, records] = this.chunkHeader();
        this.position += CHUNK_HEADER_BYTES + bytes;
        left -= records;
      }
    this.left = (header.tables[table] as CountsTable).entries;
  }

  /** Records not taken yet. */
  remaining(): number {
    return this.left + (this.filled - this.at) / this.width;
  }

  /** The offset in `buffer` of the next record. */
  take(): number {
    if (this.at === this.filled) this.fill();
    const offset = this.at;
    this.at += this.width;
    return offset;
  }

  private fill(): void {
    if (this.left === 0) throw new InputError(`${this.path} ends before its last record: count this rank again`);
    const [bytes, records] = this.chunkHeader();
    const deflated = this.read(this.position + CHUNK_HEADER_BYTES, bytes);
    const inflated = inflateRawSync(deflated);
    if (inflated.byteLength !== records * this.width * 4 || records > this.left)
      throw new InputError(`${this.path} is damaged: count this rank again`);
    new Uint8Array(this.buffer.buffer).set(inflated);
    this.position += CHUNK_HEADER_BYTES + bytes;
    this.left -= records;
    this.filled = records * this.width;
    this.at = 0;
  }

  /** The deflated size and the records of the chunk at `position`. */
  private chunkHeader(): [number, number] {
    const header = new Uint32Array(this.read(this.position, CHUNK_HEADER_BYTES).buffer);
    return [header[0] as number, header[1] as number];
  }

  private read(position: number, bytes: number): Uint8Array {
    const out = new Uint8Array(bytes);
    const fd = openSync(this.path, "r");
    try {
      if (readSync(fd, out, 0, bytes, position) < bytes)
        throw new InputError(`${this.path} ends before its last record: count this rank again`);
    } finally {
      closeSync(fd);
    }
    return out;
  }
}
