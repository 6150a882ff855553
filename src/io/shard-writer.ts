// Writes rows into bounded shards (rows and bytes), each part-RRRRR-NNNNN.<ext>. Rows go to the file in batches as
// they come, so memory holds a batch, not a shard; a shard appears under its name only once whole.
import { mkdir, readdir, rm } from "node:fs/promises";
import { join } from "node:path";
import { rankTag } from "../rank-files.js";
import { arrow } from "./arrow.js";
import type { Row, ShardSchema } from "./columns.js";
import { HashedFile } from "./hashed-file.js";
import { encodeJsonl } from "./jsonl.js";
import { ParquetStreamWriter } from "./parquet.js";

export type ShardFormat = "parquet" | "jsonl";

export interface ShardLimits {
  maxRows: number;
  /** Bound on the uncompressed string bytes of one shard: text, carried metadata (a dump's raw HTML), ids. */
  maxBytes: number;
}

export interface ShardInfo {
  /** Path relative to the output directory, e.g. `data/part-00000-00000.parquet`. */
  path: string;
  rows: number;
  bytes: number;
  sha256: string;
}

export interface ShardWriterOptions {
  outDir: string;
  /** `data` or `rejects`. */
  kind: string;
  rank: number;
  format: ShardFormat;
  schema: ShardSchema;
  limits: ShardLimits;
  createdBy: string;
}

export function shardName(rank: number, index: number, format: ShardFormat): string {
  return `part-${rankTag(rank)}-${String(index).padStart(5, "0")}.${format}`;
}

/** The rank a shard or temporary shard file of ours was written by, from its name; null for any other file. */
export function shardRank(name: string): number | null {
  const match = /^\.?part-(\d{5})-\d{5}\.(parquet|jsonl)(\.[0-9a-f]+\.tmp)?$/.exec(name);
  if (!match || name.startsWith(".") !== (match[3] !== undefined)) return null;
  return Number(match[1]);
}

/**
 * Removes shards and temporary shard files of an earlier run from data/ and rejects/, those of the ranks `which`
 * picks. A run writes all of a rank's shards again, and one it does not write this time (its input changed, or the
 * run was killed mid-shard) would otherwise sit beside the new ones for any reader of `data/*.parquet`.
 */
export async function clearShards(outDir: string, which: (rank: number) => boolean): Promise<void> {
  for (const kind of ["data", "rejects"]) {
    const names = await readdir(join(outDir, kind)).catch(() => [] as string[]);
    for (const name of names) {
      const rank = shardRank(name);
      if (rank !== null && which(rank)) await rm(join(outDir, kind, name), { force: true });
    }
  }
}

/** Rows handed to the file at once: enough to amortise a batch's conversion, few enough to keep memory small. */
export const BATCH_ROWS = 1024;
export const BATCH_BYTES = 16 * 1024 * 1024;

/** A shard being written: its file, and how rows are encoded into it. */
interface OpenShard {
  path: string;
  file: HashedFile;
  append(rows: readonly Row[]): Promise<void>;
  finish(): Promise<void>;
  abort(): Promise<void>;
}

export class ShardWriter {
  private open: OpenShard | null = null;
  private batch: Row[] = [];
  private batchBytes = 0;
  private shardRows = 0;
  private shardBytes = 0;
  private readonly shards: ShardInfo[] = [];

  constructor(private readonly options: ShardWriterOptions) {}

  async write(row: Row): Promise<void> {
    let bytes = 0;
    for (const value of Object.values(row)) if (typeof value === "string") bytes += Buffer.byteLength(value);
    const { maxRows, maxBytes } = this.options.limits;
    // A row that would take the shard past maxBytes starts the next one, so a shard holds at most maxBytes unless
    // one row alone is larger: that row has a shard of its own.
    if (this.shardRows > 0 && this.shardBytes + bytes > maxBytes) await this.guarded(() => this.endShard());
    this.batch.push(row);
    this.batchBytes += bytes;
    this.shardRows++;
    this.shardBytes += bytes;
    if (this.shardRows >= maxRows || this.shardBytes >= maxBytes) await this.guarded(() => this.endShard());
    else if (this.batch.length >= BATCH_ROWS || this.batchBytes >= BATCH_BYTES) await this.guarded(() => this.send());
  }

  /**
   * Ends the last partial shard and returns every shard written. A writer given no rows writes one empty shard with
   * the schema: `data/*.parquet` then names a file for every reader (DuckDB, Spark and `datasets` refuse a glob that
   * matches none), which reads as no rows.
   */
  async close(): Promise<ShardInfo[]> {
    await this.guarded(async () => {
      if (this.shards.length === 0 && !this.open) {
        this.open = await this.openShard();
        await this.open.append([]);
      }
      await this.endShard();
    });
    return this.shards;
  }

  /** Drops the shard being written, for a run that failed: finished shards stay, no temporary file does. */
  async abort(): Promise<void> {
    const open = this.open;
    this.open = null;
    this.batch = [];
    if (!open) return;
    await open.abort();
    await open.file.discard();
  }

  private async guarded(work: () => Promise<void>): Promise<void> {
    try {
      await work();
    } catch (error) {
      await this.abort();
      throw error;
    }
  }

  private async send(): Promise<void> {
    if (this.batch.length === 0) return;
    this.open ??= await this.openShard();
    const rows = this.batch;
    this.batch = [];
    this.batchBytes = 0;
    await this.open.append(rows);
  }

  private async endShard(): Promise<void> {
    await this.send();
    const open = this.open;
    if (!open) return;
    await open.finish();
    const { bytes, sha256 } = await open.file.commit();
    this.open = null;
    this.shards.push({ path: open.path, rows: this.shardRows, bytes, sha256 });
    this.shardRows = 0;
    this.shardBytes = 0;
  }

  private async openShard(): Promise<OpenShard> {
    const { outDir, kind, rank, format, schema, createdBy } = this.options;
    const path = join(kind, shardName(rank, this.shards.length, format));
    await mkdir(join(outDir, kind), { recursive: true });
    const file = await HashedFile.create(join(outDir, path));
    if (format === "jsonl") {
      const columns = schema.arrow.fields.map((field) => field.name);
      const floats = new Set(schema.arrow.fields.filter((f) => arrow.DataType.isFloat(f.type)).map((f) => f.name));
      return {
        path,
        file,
        append: (rows) => file.write(encodeJsonl(rows, columns, floats)),
        finish: async () => undefined,
        abort: async () => undefined,
      };
    }
    const writer = new ParquetStreamWriter(schema, createdBy, (bytes) => file.write(bytes));
    return {
      path,
      file,
      append: (rows) => writer.append(rows),
      finish: () => writer.finish(),
      abort: () => writer.abort(),
    };
  }
}
