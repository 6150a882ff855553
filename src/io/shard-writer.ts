// Writes rows into bounded shards (rows and bytes), each written atomically as part-RRRRR-NNNNN.<ext>.
import { createHash } from "node:crypto";
import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import { writeFileAtomic } from "./atomic.js";
import type { Row, ShardSchema } from "./columns.js";
import { encodeJsonl } from "./jsonl.js";
import { encodeParquet } from "./parquet.js";

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
  return `part-${String(rank).padStart(5, "0")}-${String(index).padStart(5, "0")}.${format}`;
}

export class ShardWriter {
  private rows: Row[] = [];
  private bytes = 0;
  private readonly shards: ShardInfo[] = [];

  constructor(private readonly options: ShardWriterOptions) {}

  async write(row: Row): Promise<void> {
    this.rows.push(row);
    for (const value of Object.values(row)) if (typeof value === "string") this.bytes += Buffer.byteLength(value);
    const { maxRows, maxBytes } = this.options.limits;
    if (this.rows.length >= maxRows || this.bytes >= maxBytes) await this.flush();
  }

  /** Flushes the last partial shard and returns every shard written. */
  async close(): Promise<ShardInfo[]> {
    await this.flush();
    return this.shards;
  }

  private async flush(): Promise<void> {
    if (this.rows.length === 0) return;
    const { outDir, kind, rank, format, schema, createdBy } = this.options;
    const data =
      format === "parquet"
        ? encodeParquet(this.rows, schema, createdBy)
        : encodeJsonl(
            this.rows,
            schema.arrow.fields.map((field) => field.name),
          );
    const relative = join(kind, shardName(rank, this.shards.length, format));
    await mkdir(join(outDir, kind), { recursive: true });
    await writeFileAtomic(join(outDir, relative), data);
    this.shards.push({
      path: relative,
      rows: this.rows.length,
      bytes: data.byteLength,
      sha256: createHash("sha256").update(data).digest("hex"),
    });
    this.rows = [];
    this.bytes = 0;
  }
}
