// Parquet write speed on one table of shard rows (text-dev: 976 docs, 10 MB): parquet-wasm with zstd, as
// src/io/parquet.ts writes shards, against hyparquet-writer with snappy (it has no zstd of its own), plus a check
// that DuckDB reads the parquet-wasm file back with every row and every character.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DuckDBInstance } from "@duckdb/node-api";
import * as arrow from "apache-arrow";
import { parquetWriteBuffer } from "hyparquet-writer";
import { makeDoc } from "../../src/doc.js";
import { docToRow, type Row, type ShardSchema, shardSchema } from "../../src/io/columns.js";
import { encodeParquet } from "../../src/io/parquet.js";
import { projectRoot } from "../../src/project-root.js";
import { medianSeconds } from "./timing.js";

const TEXT_DEV = join(projectRoot(), "../shared/reference/text-dev/docs.jsonl");
const RUNS = 5;

/**
 * The shard schema without its one list column (ocr_pages): hyparquet-writer takes flat typed columns, and both
 * writers must write the same table.
 */
function flatSchema(): ShardSchema {
  const full = shardSchema([], false);
  return { arrow: new arrow.Schema(full.arrow.fields.filter((f) => f.name !== "ocr_pages")), scoreNames: [] };
}

function parquetType(type: arrow.DataType): "STRING" | "INT32" | "DOUBLE" {
  if (arrow.DataType.isUtf8(type)) return "STRING";
  if (arrow.DataType.isInt(type)) return "INT32";
  return "DOUBLE";
}

function hyparquetEncode(rows: readonly Row[], schema: ShardSchema): Uint8Array {
  const columnData = schema.arrow.fields.map((field) => ({
    name: field.name,
    data: rows.map((row) => row[field.name] ?? null),
    type: parquetType(field.type),
  }));
  return new Uint8Array(parquetWriteBuffer({ columnData, codec: "SNAPPY" }));
}

/** Median seconds of RUNS encodes, and the encoded size. */
async function timeEncode(encode: () => Uint8Array): Promise<{ seconds: number; bytes: number }> {
  let bytes = 0;
  const seconds = await medianSeconds(RUNS, () => {
    bytes = encode().byteLength;
  });
  return { seconds, bytes };
}

async function duckdbReadBack(data: Uint8Array, rows: readonly Row[]): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), "assay-bench-parquet-"));
  const instance = await DuckDBInstance.create(":memory:");
  const connection = await instance.connect();
  try {
    const path = join(dir, "shard.parquet");
    writeFileSync(path, data);
    const reader = await connection.runAndReadAll(
      `SELECT count(*)::INTEGER AS n, sum(length(text))::BIGINT AS chars FROM read_parquet('${path}')`,
    );
    const [result] = reader.getRowObjectsJS() as { n: number; chars: bigint }[];
    const chars = rows.reduce((sum, row) => sum + [...String(row.text)].length, 0);
    const ok = result?.n === rows.length && Number(result?.chars) === chars;
    return ok
      ? `DuckDB reads the parquet-wasm file: ${result?.n} rows, ${chars} characters of text, both as written.`
      : `DuckDB read MISMATCH: ${result?.n} rows / ${result?.chars} chars, expected ${rows.length} / ${chars}.`;
  } finally {
    connection.closeSync();
    instance.closeSync();
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function benchParquet(): Promise<string> {
  let lines: string[];
  try {
    lines = readFileSync(TEXT_DEV, "utf8").split("\n");
  } catch {
    return `skipped: ${TEXT_DEV} is absent\n`;
  }
  const schema = flatSchema();
  const context = { pipelineVersion: "bench", configHash: "bench" };
  const rows = lines
    .filter((line) => line.trim() !== "")
    .map((line) => {
      const { id, text } = JSON.parse(line) as { id: string; text: string };
      return docToRow(makeDoc(id, text, "text-dev"), context);
    });
  // Table size as the rows' JSON: a codec-neutral measure of what was written.
  const megabytes = rows.reduce((sum, row) => sum + Buffer.byteLength(JSON.stringify(row)), 0) / 1e6;
  const wasm = await timeEncode(() => encodeParquet(rows, schema, "assay bench"));
  const hyparquet = await timeEncode(() => hyparquetEncode(rows, schema));
  const row = (label: string, { seconds, bytes }: { seconds: number; bytes: number }) =>
    `| ${label} | ${seconds.toFixed(2)} | ${(megabytes / seconds).toFixed(1)} | ${(bytes / 1e6).toFixed(2)} |`;
  return [
    `${rows.length} rows, ${megabytes.toFixed(1)} MB as JSON (text-dev through the shard schema, ocr_pages left out), ` +
      `median of ${RUNS} encodes in memory.`,
    "",
    "| writer | seconds | MB/s | file MB |",
    "| --- | --- | --- | --- |",
    row("parquet-wasm 0.8, zstd level 3 (assay's writer)", wasm),
    row("hyparquet-writer 0.17, snappy", hyparquet),
    "",
    await duckdbReadBack(encodeParquet(rows, schema, "assay bench"), rows),
    "",
  ].join("\n");
}
