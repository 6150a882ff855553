// Rows of a written shard, Parquet or JSONL alike, streamed: readers of finished outputs (inspect, report) need not
// care which format a run wrote.
import { readJsonlRecords } from "./jsonl.js";
import { readParquetRows, readParquetSchema } from "./parquet.js";

export type ShardRow = Record<string, unknown>;

/**
 * `parquetRows` reads a Parquet shard: in this thread by default, or a ParquetReaderThread's for shards of unknown
 * health. A JSON Lines line that is not an object is passed over, and told to `onSkipped`.
 */
export async function* shardRows(
  path: string,
  parquetRows: (path: string) => AsyncIterable<ShardRow> = readParquetRows,
  onSkipped: () => void = () => {},
): AsyncGenerator<ShardRow> {
  if (path.endsWith(".parquet")) {
    yield* parquetRows(path);
    return;
  }
  for await (const { record } of readJsonlRecords(path)) {
    if (record) yield record;
    else onSkipped();
  }
}

/**
 * A shard's column names: a Parquet file's schema (its footer, no rows read), a JSON Lines file's keys over all its
 * records (read only when a name was not found before: inspect asks for it to name a --where typo).
 */
export async function shardColumns(path: string): Promise<string[]> {
  if (path.endsWith(".parquet")) return (await readParquetSchema(path)).fields.map((field) => field.name);
  // Every record's keys: a JSON Lines shard another tool wrote may carry a field only in later records.
  const names = new Set<string>();
  for await (const { record } of readJsonlRecords(path))
    if (record) for (const key of Object.keys(record)) names.add(key);
  return [...names];
}
