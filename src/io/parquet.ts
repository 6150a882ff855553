// Parquet through parquet-wasm (Rust arrow-rs in wasm): zstd-compressed, readable by DuckDB, pyarrow and Spark.
import { openAsBlob } from "node:fs";
import { open } from "node:fs/promises";
import { createRequire } from "node:module";
import type * as Arrow from "apache-arrow";
import type * as ParquetWasm from "parquet-wasm/node";
import { arrow } from "./arrow.js";
import type { Row, ShardSchema } from "./columns.js";

let parquetWasm: typeof ParquetWasm | null = null;

/**
 * parquet-wasm compiles its 5 MB of wasm when loaded (~0.1 CPU s, on each thread): loaded by the first Parquet read or
 * write, not by every command that might make one (a usage error, --help, a JSON Lines run). Required, not imported:
 * its entry is CommonJS, and an import runs Node's CommonJS export lexer over its 100 KB of glue, ~0.08 CPU s more and
 * as much again for V8 to optimize the lexer, on each thread.
 */
function loadParquetWasm(): typeof ParquetWasm {
  parquetWasm ??= createRequire(import.meta.url)("parquet-wasm/node") as typeof ParquetWasm;
  return parquetWasm;
}

/** Rows per row group: a reader that takes a shard a row group at a time (DuckDB, pyarrow) holds this many at most. */
export const ROW_GROUP_ROWS = 8192;

function writerProperties(parquet: typeof ParquetWasm, createdBy: string): ParquetWasm.WriterProperties {
  return new parquet.WriterPropertiesBuilder()
    .setCompression(parquet.Compression.ZSTD)
    .setMaxRowGroupSize(ROW_GROUP_ROWS)
    .setCreatedBy(createdBy)
    .build();
}

/** Rows as one record batch in the wasm writer's memory. */
function wasmBatch(parquet: typeof ParquetWasm, rows: readonly Row[], schema: ShardSchema): ParquetWasm.RecordBatch {
  const columns: Record<string, Arrow.Vector> = {};
  for (const field of schema.arrow.fields) {
    const values = rows.map((row) => row[field.name] ?? null);
    columns[field.name] = arrow.vectorFromArray(values, field.type);
  }
  const table = new arrow.Table(schema.arrow, makeBatchData(schema.arrow, columns, rows.length));
  const wasmTable = parquet.Table.fromIPCStream(arrow.tableToIPC(table, "stream"));
  try {
    return wasmTable.recordBatch(0) as ParquetWasm.RecordBatch;
  } finally {
    wasmTable.free();
  }
}

/**
 * A Parquet file written batch by batch into a sink as the wasm writer hands out its bytes. The writer holds only the
 * row group it is building, compressed, and takes the next batch once it has taken the last: memory is a batch and a
 * row group, not the file.
 */
export class ParquetStreamWriter {
  private controller!: ReadableStreamDefaultController<ParquetWasm.RecordBatch>;
  private taken: (() => void) | null = null;
  private failure: unknown = null;
  private readonly written: Promise<void>;

  constructor(
    private readonly schema: ShardSchema,
    createdBy: string,
    sink: (bytes: Uint8Array) => Promise<void>,
  ) {
    const batches = new ReadableStream<ParquetWasm.RecordBatch>(
      {
        start: (controller) => {
          this.controller = controller;
        },
        pull: () => {
          this.taken?.();
          this.taken = null;
        },
      },
      { highWaterMark: 1 },
    );
    this.written = (async () => {
      const parquet = loadParquetWasm();
      const bytes: ReadableStream<Uint8Array> = await parquet.transformParquetStream(
        batches,
        writerProperties(parquet, createdBy),
      );
      for await (const chunk of bytes) await sink(chunk);
    })();
    // Heard by the next append or by finish; caught here so a failure between them is not an unhandled rejection.
    this.written.catch((error: unknown) => {
      this.failure = error ?? new Error("the Parquet writer failed");
    });
  }

  async append(rows: readonly Row[]): Promise<void> {
    const parquet = loadParquetWasm();
    if (this.failure) throw this.failure;
    this.controller.enqueue(wasmBatch(parquet, rows, this.schema));
    if ((this.controller.desiredSize ?? 0) > 0) return;
    const taken = new Promise<void>((resolve) => {
      this.taken = resolve;
    });
    await Promise.race([taken, this.written]);
  }

  /** Ends the file: the last row group and the footer reach the sink. */
  async finish(): Promise<void> {
    if (this.failure) throw this.failure;
    this.controller.close();
    await this.written;
  }

  /** Stops the writer, for a file that will be thrown away. */
  async abort(): Promise<void> {
    if (!this.failure) this.controller.error(new Error("shard aborted"));
    await this.written.catch(() => undefined);
  }
}

function makeBatchData(schema: Arrow.Schema, columns: Record<string, Arrow.Vector>, length: number) {
  const children = schema.fields.map((field) => {
    const vector = columns[field.name];
    if (!vector) throw new Error(`missing column ${field.name}`);
    return vector.data[0] ?? arrow.makeData({ type: field.type, length: 0 });
  });
  const struct = arrow.makeData({ type: new arrow.Struct(schema.fields), length, nullCount: 0, children });
  return [new arrow.RecordBatch(schema, struct)];
}

/**
 * The file as a Blob for parquet-wasm, once a byte of it has been read here. A read that fails inside parquet-wasm
 * traps it, out of reach of any catch: a link to a directory named like a Parquet file ended the run, its schema being
 * read on the run's own thread. Read here first, the system's error (EISDIR, EACCES) is one a caller can catch.
 */
async function parquetBlob(path: string): Promise<Blob> {
  const handle = await open(path, "r");
  try {
    await handle.read(Buffer.alloc(1), 0, 1, 0);
  } finally {
    await handle.close();
  }
  return openAsBlob(path);
}

/** A Parquet file's Arrow schema, from its footer: no row is read. */
export async function readParquetSchema(path: string): Promise<Arrow.Schema> {
  const parquet = loadParquetWasm();
  const file = await parquet.ParquetFile.fromFile(await parquetBlob(path));
  try {
    return arrow.tableFromIPC(file.schema().intoIPCStream()).schema;
  } finally {
    file.free();
  }
}

/** Rows decoded at once when reading: a batch of whole papers is already tens of MB. */
const READ_BATCH_ROWS = 256;

/**
 * The rows of a Parquet file a batch at a time, reading the file lazily through a Blob: memory holds one compressed
 * row group and one decoded batch, however large the file's row groups are.
 */
export async function* readParquetBatches(path: string): AsyncGenerator<Record<string, unknown>[]> {
  const parquet = loadParquetWasm();
  const file = await parquet.ParquetFile.fromFile(await parquetBlob(path));
  try {
    const batches: ReadableStream<ParquetWasm.RecordBatch> = await file.stream({
      batchSize: READ_BATCH_ROWS,
      concurrency: 1,
    });
    for await (const batch of batches) {
      const table = arrow.tableFromIPC(batch.intoIPCStream());
      // A row is a struct of the file's columns: converted as one.
      const convert = jsonConversion(new arrow.Struct(table.schema.fields));
      const rows: Record<string, unknown>[] = [];
      for (const row of table) {
        const record = rowRecord(row, table.schema.fields);
        rows.push(convert ? (convert(record) as Record<string, unknown>) : record);
      }
      yield rows;
    }
  } finally {
    file.free();
  }
}

/** The rows of readParquetBatches one at a time. */
export async function* readParquetRows(path: string): AsyncGenerator<Record<string, unknown>> {
  for await (const rows of readParquetBatches(path)) yield* rows;
}

/**
 * A row as a plain object. A value Arrow cannot read (a `-infinity` timestamp, whose microseconds are no safe number)
 * is null, so the rest of the row and of the file still reads.
 */
function rowRecord(row: Arrow.StructRowProxy, fields: readonly Arrow.Field[]): Record<string, unknown> {
  try {
    return row.toJSON() as Record<string, unknown>;
  } catch {
    const record: Record<string, unknown> = {};
    for (const { name } of fields) {
      try {
        record[name] = (row as unknown as Record<string, unknown>)[name];
      } catch {
        record[name] = null;
      }
    }
    return record;
  }
}

type Conversion = (value: unknown) => unknown;

/**
 * How a value of an Arrow type with no faithful JSON form is carried: the text or number a reader of the `metadata`
 * column expects; undefined when the value is carried as Arrow gives it. Variable-length binary has no such form and
 * is left out of `metadata` (it is usually an image or a blob of bytes, not a fact about the document).
 */
function jsonConversion(type: Arrow.DataType): Conversion | undefined {
  // Arrow gives a decimal (Spark's and pandas' money and scores) as its unscaled words: a number says it.
  if (arrow.DataType.isDecimal(type)) {
    const { scale } = type as Arrow.Decimal;
    return (value) => (value instanceof Uint32Array ? decimalNumber(value, scale) : value);
  }
  // Arrow gives dates as milliseconds; as text they read as dates wherever they are carried.
  if (arrow.DataType.isDate(type)) return (value) => (typeof value === "number" ? dateText(value) : value);
  // A timestamp beyond what Date can hold (±8.64e15 ms) stays the number it was.
  if (arrow.DataType.isTimestamp(type))
    return (value) => (typeof value === "number" && Math.abs(value) <= 8.64e15 ? new Date(value).toISOString() : value);
  if (arrow.DataType.isTime(type)) {
    const perSecond = 1000 ** (type as Arrow.Time).unit;
    // A count beyond one day stays the number it was.
    return (value) =>
      typeof value === "number" || typeof value === "bigint" ? (timeOfDay(value, perSecond) ?? value) : value;
  }
  // A fixed binary is a hash, a key or a UUID: its bytes as hex (the file's UUID mark does not reach Arrow, and a
  // 16-byte MD5 is no UUID).
  if (arrow.DataType.isFixedSizeBinary(type)) {
    return (value) => (value instanceof Uint8Array ? Buffer.from(value).toString("hex") : value);
  }
  // Values inside a list or a struct are carried the same way.
  if (arrow.DataType.isList(type) || arrow.DataType.isFixedSizeList(type)) {
    const convert = jsonConversion((type.children[0] as Arrow.Field).type);
    return (
      convert && ((value) => Array.from(value as Iterable<unknown>, (item) => (item == null ? item : convert(item))))
    );
  }
  // A map (a dict column from pandas or Spark) is carried as an object, its values converted likewise: left as Arrow
  // gives them, a decimal value was dropped (its words are bytes) and a date was carried as milliseconds.
  if (arrow.DataType.isMap(type)) {
    const entry = (type.children[0] as Arrow.Field).type as Arrow.Struct;
    const convert = jsonConversion((entry.children[1] as Arrow.Field).type);
    return (
      convert &&
      ((value) => {
        const object: Record<string, unknown> = {};
        for (const [key, item] of value as Iterable<[unknown, unknown]>)
          object[String(key)] = item == null ? item : convert(item);
        return object;
      })
    );
  }
  if (arrow.DataType.isStruct(type)) {
    const fields = type.children.map((field): [string, Conversion | undefined] => [
      field.name,
      jsonConversion(field.type),
    ]);
    if (fields.every(([, convert]) => convert === undefined)) return undefined;
    return (value) => {
      const row = value as Record<string, unknown>;
      const object: Record<string, unknown> = {};
      for (const [name, convert] of fields) {
        const item = row[name];
        object[name] = convert && item != null ? convert(item) : item;
      }
      return object;
    };
  }
  // An INTERVAL is left out with bytes: arrow-rs reads it as days and milliseconds and drops its months, so what
  // reaches us may be wrong ("1 month" reads as 0 days).
  return undefined;
}

/** A decimal's value from its little-endian two's-complement 32-bit words, to double precision. */
function decimalNumber(words: Uint32Array, scale: number): number {
  let unscaled = 0n;
  for (let i = words.length - 1; i >= 0; i--) unscaled = (unscaled << 32n) | BigInt(words[i] as number);
  if ((words[words.length - 1] as number) & 0x80000000) unscaled -= 1n << BigInt(words.length * 32);
  return Number(unscaled) / 10 ** scale;
}

const DAY_SECONDS = 86_400;
/** The DATE DuckDB and PostgreSQL write for `infinity`: the largest 32-bit count of days (and its negative). */
const INFINITE_DAYS = 2 ** 31 - 1;

/**
 * A DATE (Arrow's milliseconds) as text: `2020-01-31`; years past 9999 or before 0 in ISO 8601's expanded form
 * (`+5881580-07-10`, `-0043-03-15` for 44 BC); `infinity` and `-infinity` as DuckDB and PostgreSQL write them. Read as
 * milliseconds, those had been numbers (185542587100800000) in a document's metadata.
 */
function dateText(milliseconds: number): string {
  const days = Math.round(milliseconds / (DAY_SECONDS * 1000));
  if (Math.abs(days) === INFINITE_DAYS) return days > 0 ? "infinity" : "-infinity";
  const [year, month, day] = civilFromDays(days);
  const digits = String(Math.abs(year)).padStart(4, "0");
  const yearText = year >= 0 && year <= 9999 ? digits : `${year < 0 ? "-" : "+"}${digits}`;
  return `${yearText}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
}

/**
 * Year, month and day of a count of days since 1970-01-01 in the proleptic Gregorian calendar, for any count a DATE
 * holds (Date itself stops at ±100,000,000 days): Howard Hinnant's civil_from_days.
 */
function civilFromDays(days: number): [number, number, number] {
  const z = days + 719_468;
  const era = Math.floor(z / 146_097);
  const dayOfEra = z - era * 146_097;
  const yearOfEra = Math.floor(
    (dayOfEra - Math.floor(dayOfEra / 1460) + Math.floor(dayOfEra / 36_524) - Math.floor(dayOfEra / 146_096)) / 365,
  );
  const dayOfYear = dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const shiftedMonth = Math.floor((5 * dayOfYear + 2) / 153);
  const day = dayOfYear - Math.floor((153 * shiftedMonth + 2) / 5) + 1;
  const month = shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9;
  return [yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day];
}

/**
 * `12:34:56`, or `12:34:56.000000123` to the unit's precision, from a count of `perSecond` units since midnight;
 * undefined for a count that is no time of day.
 */
function timeOfDay(value: number | bigint, perSecond: number): string | undefined {
  if (typeof value === "number" && !Number.isSafeInteger(value)) return undefined;
  const units = BigInt(value);
  const per = BigInt(perSecond);
  // ISO 8601 and DuckDB allow 24:00:00, the end of the day.
  if (units < 0n || units > BigInt(DAY_SECONDS) * per) return undefined;
  const seconds = Number(units / per);
  const hms = [Math.floor(seconds / 3600), Math.floor(seconds / 60) % 60, seconds % 60]
    .map((part) => String(part).padStart(2, "0"))
    .join(":");
  const fraction = String(units % per)
    .padStart(String(perSecond).length - 1, "0")
    .replace(/0+$/, "");
  return fraction === "" ? hms : `${hms}.${fraction}`;
}
