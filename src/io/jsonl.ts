// JSON Lines: one record per line. Reading streams line by line so memory stays flat on large files; a `.gz` file
// (datatrove's and Dolma's shards are .jsonl.gz) is gunzipped on the way, a `.zst` one (The Pile's, RedPajama's)
// decompressed.
import { createReadStream } from "node:fs";
import type { Readable } from "node:stream";
import type { Row } from "./columns.js";
import { gunzipFile } from "./gzip-members.js";
import { topLevelNumberLiterals } from "./json-number-literals.js";
import { type Line, splitLines } from "./lines.js";
import { createZstdDecompress } from "./zstd-stream.js";

/**
 * The lines of a JSON Lines file in batches, decompressed if its name ends in `.gz` or `.zst`, each of bounded length
 * (src/io/lines.ts); a read or decompression error ends the iteration with it. Returned early (a reader that wanted
 * only the first line), it stops reading, so that a later error of the stream, with no reader left to hear it, cannot
 * bring the process down.
 */
async function* jsonlLines(path: string): AsyncGenerator<Line[]> {
  const name = path.toLowerCase();
  // A gzip file is opened by its reader, which may read it twice (gzip-members.ts).
  const file = name.endsWith(".gz") ? null : createReadStream(path);
  const stream = file === null ? gunzipFile(path) : name.endsWith(".zst") ? createZstdDecompress(file) : file;
  try {
    yield* splitLines(stream);
  } finally {
    stream.destroy();
    file?.destroy();
  }
}

export interface JsonlRecord {
  /** 1-based line number in the file, for error messages and fallback ids. */
  line: number;
  record: Record<string, unknown> | null;
  /**
   * Set when the line is not a JSON object: `not_json` (unparsable), `not_object` (an array, string, ...) or
   * `too_long` (over MAX_LINE_BYTES: not read).
   */
  error: "not_json" | "not_object" | "too_long" | null;
  /** The line as read, when it is not a JSON object, kept with the reject; the head of a line too long to keep. */
  raw: string | null;
  /** The line's length in bytes, when it was too long to read. */
  bytes?: number;
}

/** A first line without its byte-order mark (editors on Windows write one): it is not part of the first record. */
function withoutByteOrderMark(line: string): string {
  return line.charCodeAt(0) === 0xfeff ? line.slice(1) : line;
}

/** The records of a JSON Lines file, in batches of those read at once (cheaper per record than one await each). */
export async function* readJsonlRecordBatches(path: string): AsyncGenerator<JsonlRecord[]> {
  let line = 0;
  for await (const batch of jsonlLines(path)) {
    const records: JsonlRecord[] = [];
    for (const read of batch) {
      line++;
      const record = parseLine(read, line);
      if (record) records.push(record);
    }
    if (records.length > 0) yield records;
  }
}

export async function* readJsonlRecords(path: string): AsyncGenerator<JsonlRecord> {
  for await (const batch of readJsonlRecordBatches(path)) yield* batch;
}

/**
 * A file's first record and its line as written (src/io/json-number-literals.ts reads its numbers there), or null when
 * the file has no record or its first line is not a JSON object. Lines too long to read are passed over: each is a
 * reject, not the file's first record.
 */
export async function readFirstJsonlRecord(
  path: string,
): Promise<{ record: Record<string, unknown>; line: string } | null> {
  let line = 0;
  for await (const batch of jsonlLines(path)) {
    for (const read of batch) {
      line++;
      const parsed = parseLine(read, line);
      if (parsed === null || parsed.error === "too_long") continue;
      // Only the first line may open with a byte-order mark, and one elsewhere made the line not JSON.
      return parsed.record && "text" in read ? { record: parsed.record, line: withoutByteOrderMark(read.text) } : null;
    }
  }
  return null;
}

/** One line as a record, or null when it is blank. */
function parseLine(read: Line, line: number): JsonlRecord | null {
  if ("overlong" in read)
    return { line, record: null, error: "too_long", raw: read.overlong.head, bytes: read.overlong.bytes };
  const text = line === 1 ? withoutByteOrderMark(read.text) : read.text;
  if (text.trim() === "") return null;
  try {
    const value: unknown = JSON.parse(text);
    if (value === null || typeof value !== "object" || Array.isArray(value)) {
      return { line, record: null, error: "not_object", raw: text };
    }
    const record = value as Record<string, unknown>;
    keepLongIntegers(text, record);
    return { line, record, error: null, raw: null };
  } catch {
    return { line, record: null, error: "not_json", raw: text };
  }
}

/**
 * Top-level fields written as whole numbers past 2^53 (a 64-bit hash, a snowflake id) by their digits: JSON.parse
 * rounds them to doubles, which changed the id a training job joins on and made distinct documents' ids one
 * (9007199254740993 and ...992, the second rejected as duplicate_id), and changed a carried field's value. Parquet's
 * 64-bit integers past 2^53 are carried as their digits alike (carried-metadata.ts). Nested fields stay as parsed.
 */
function keepLongIntegers(line: string, record: Record<string, unknown>): void {
  const long = Object.keys(record).filter((name) => {
    const value = record[name];
    return typeof value === "number" && Number.isInteger(value) && !Number.isSafeInteger(value);
  });
  if (long.length === 0) return;
  const literals = topLevelNumberLiterals(line);
  for (const name of long) {
    const literal = literals.get(name);
    if (literal !== undefined && /^-?\d+$/.test(literal)) record[name] = literal;
  }
}

/**
 * Rows as JSON Lines, line by line: one string for a whole shard could pass V8's ~512 MiB string limit. `floats`: the
 * columns of floating-point numbers, whose whole values are written `1.0`, not `1`: a reader that infers types from
 * the first records (DuckDB's read_json_auto) otherwise takes the column for integers and cuts a later 0.5 to 0.
 */
export function encodeJsonl(rows: readonly Row[], columns: readonly string[], floats: ReadonlySet<string>): Uint8Array {
  const lines: Buffer[] = [];
  for (const row of rows) {
    const fields = columns.map((name) => {
      let value = row[name] ?? null;
      // Parquet holds the carried metadata as JSON text; JSON Lines can hold the object itself (`jq .metadata.url`).
      if (name === "metadata" && typeof value === "string") value = JSON.parse(value);
      const json = JSON.stringify(value) ?? "null";
      const whole = floats.has(name) && typeof value === "number" && /^-?\d+$/.test(json);
      return `${JSON.stringify(name)}:${whole ? `${json}.0` : json}`;
    });
    lines.push(Buffer.from(`{${fields.join(",")}}\n`, "utf8"));
  }
  return Buffer.concat(lines);
}
