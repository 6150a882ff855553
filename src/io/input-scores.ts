// Score columns already present in JSONL or Parquet inputs (an earlier run's output): declared again in the
// output schema so that filtering, dedup or ranking an output never drops the scores it carried.
import * as arrow from "apache-arrow";
import { RESERVED_COLUMNS } from "./columns.js";
import type { InputFile } from "./inputs.js";
import { readJsonlRecords } from "./jsonl.js";
import { readParquetSchema } from "./parquet.js";

export async function inputScoreNames(inputs: readonly InputFile[]): Promise<string[]> {
  const names = new Set<string>();
  for (const input of inputs) {
    // A file that cannot be read declares nothing: ingest rejects it (`unreadable:<kind>`).
    const found = await (input.kind === "parquet"
      ? parquetScoreNames(input.path)
      : input.kind === "jsonl"
        ? jsonlScoreNames(input.path)
        : Promise.resolve([])
    ).catch(() => [] as string[]);
    for (const name of found) if (!RESERVED_COLUMNS.has(name)) names.add(name);
  }
  return [...names];
}

/** A Parquet file's float columns: its scores. Other numeric columns (counts, ids, dates) are carried as metadata. */
export async function parquetScoreNames(path: string): Promise<string[]> {
  const schema = await readParquetSchema(path);
  return schema.fields.filter((field) => arrow.DataType.isFloat(field.type)).map((field) => field.name);
}

/**
 * A JSON Lines file's numeric fields in its first record: its scores (JSONL written by assay has every column on
 * every line). A number only later records have is carried as metadata: the shards' columns are declared up front.
 */
export async function jsonlScoreNames(path: string): Promise<string[]> {
  for await (const { record, error } of readJsonlRecords(path)) {
    // A line too long to read is a reject, not the file's first record.
    if (error === "too_long") continue;
    if (record === null) return [];
    // Nulls count: assay's JSONL writes a score the document lacks as null.
    return Object.keys(record).filter((key) => typeof record[key] === "number" || record[key] === null);
  }
  return [];
}
