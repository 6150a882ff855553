// Rows of a written shard, Parquet or JSONL alike, streamed: readers of finished outputs (inspect, report) need not
// care which format a run wrote.
import { openAsBlob } from "node:fs";
import * as arrow from "apache-arrow";
import * as parquet from "parquet-wasm/node";
import { readJsonlRecords } from "./jsonl.js";
import { readParquetRows } from "./parquet.js";

export type ShardRow = Record<string, unknown>;

export async function* shardRows(path: string): AsyncGenerator<ShardRow> {
  if (path.endsWith(".parquet")) {
    yield* readParquetRows(path);
    return;
  }
  for await (const { record } of readJsonlRecords(path)) if (record) yield record;
}

/**
 * A shard's column names without reading its rows: a Parquet file's schema (its footer), a JSON Lines file's first
 * record (assay writes every column on every line).
 */
export async function shardColumns(path: string): Promise<string[]> {
  if (path.endsWith(".parquet")) {
    const file = await parquet.ParquetFile.fromFile(await openAsBlob(path));
    try {
      return arrow.tableFromIPC(file.schema().intoIPCStream()).schema.fields.map((field) => field.name);
    } finally {
      file.free();
    }
  }
  for await (const { record } of readJsonlRecords(path)) if (record) return Object.keys(record);
  return [];
}
