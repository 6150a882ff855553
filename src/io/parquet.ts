// Parquet through parquet-wasm (Rust arrow-rs in wasm): zstd-compressed, readable by DuckDB, pyarrow and Spark.
import { openAsBlob } from "node:fs";
import * as arrow from "apache-arrow";
import * as parquet from "parquet-wasm/node";
import type { Row, ShardSchema } from "./columns.js";

/** Rows per row group: readers stream a shard one row group at a time. */
export const ROW_GROUP_ROWS = 8192;
export const ZSTD_LEVEL = 3;

export function encodeParquet(rows: readonly Row[], schema: ShardSchema, createdBy: string): Uint8Array {
  const columns: Record<string, arrow.Vector> = {};
  for (const field of schema.arrow.fields) {
    const values = rows.map((row) => row[field.name] ?? null);
    columns[field.name] = arrow.vectorFromArray(values, field.type);
  }
  const table = new arrow.Table(schema.arrow, makeBatchData(schema.arrow, columns, rows.length));
  const wasmTable = parquet.Table.fromIPCStream(arrow.tableToIPC(table, "stream"));
  const props = new parquet.WriterPropertiesBuilder()
    .setCompression(parquet.Compression.ZSTD)
    .setMaxRowGroupSize(ROW_GROUP_ROWS)
    .setCreatedBy(createdBy)
    .build();
  return parquet.writeParquet(wasmTable, props);
}

function makeBatchData(schema: arrow.Schema, columns: Record<string, arrow.Vector>, length: number) {
  const children = schema.fields.map((field) => {
    const vector = columns[field.name];
    if (!vector) throw new Error(`missing column ${field.name}`);
    return vector.data[0] ?? arrow.makeData({ type: field.type, length: 0 });
  });
  const struct = arrow.makeData({ type: new arrow.Struct(schema.fields), length, nullCount: 0, children });
  return [new arrow.RecordBatch(schema, struct)];
}

/** Streams the rows of a Parquet file one row group at a time, reading the file lazily through a Blob. */
export async function* readParquetRows(path: string): AsyncGenerator<Record<string, unknown>> {
  const file = await parquet.ParquetFile.fromFile(await openAsBlob(path));
  try {
    const groups = file.metadata().numRowGroups();
    for (let group = 0; group < groups; group++) {
      const batch = await file.read({ rowGroups: [group] });
      const table = arrow.tableFromIPC(batch.intoIPCStream());
      const dates = table.schema.fields.filter((field) => isDate(field.type));
      const decimals = table.schema.fields.filter((field) => arrow.DataType.isDecimal(field.type));
      for (const row of table) {
        const record = row.toJSON() as Record<string, unknown>;
        // Arrow gives a decimal (Spark's and pandas' money and scores) as its unscaled words: a number says it.
        for (const { name, type } of decimals) {
          const value = record[name];
          if (value instanceof Uint32Array) record[name] = decimalNumber(value, (type as arrow.Decimal).scale);
        }
        // Arrow gives dates as milliseconds; as text they read as dates wherever they are carried.
        for (const { name, type } of dates) {
          const value = record[name];
          // Beyond what Date can hold (±8.64e15 ms), a value stays the number it was.
          if (typeof value === "number" && Math.abs(value) <= 8.64e15)
            record[name] = isoDate(value, arrow.DataType.isTimestamp(type));
        }
        yield record;
      }
    }
  } finally {
    file.free();
  }
}

/** A decimal's value from its little-endian two's-complement 32-bit words, to double precision. */
function decimalNumber(words: Uint32Array, scale: number): number {
  let unscaled = 0n;
  for (let i = words.length - 1; i >= 0; i--) unscaled = (unscaled << 32n) | BigInt(words[i] as number);
  if ((words[words.length - 1] as number) & 0x80000000) unscaled -= 1n << BigInt(words.length * 32);
  return Number(unscaled) / 10 ** scale;
}

function isDate(type: arrow.DataType): boolean {
  return arrow.DataType.isDate(type) || arrow.DataType.isTimestamp(type);
}

/** `2023-02-01` for a date, `2023-02-01T03:04:05.000Z` for a timestamp. */
function isoDate(milliseconds: number, withTime: boolean): string {
  const iso = new Date(milliseconds).toISOString();
  return withTime ? iso : iso.slice(0, 10);
}
