// Rows of a written shard, Parquet or JSONL alike, streamed: readers of finished outputs (inspect, report) need not
// care which format a run wrote.
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
