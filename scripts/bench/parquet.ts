// Parquet write speed on one shard of rows (text-dev: 976 docs, 10 MB): assay's ShardWriter (parquet-wasm with zstd,
// fed in batches) against hyparquet-writer with snappy (it has no zstd of its own), each writing its file, plus a check
// that DuckDB reads assay's file back with every row and every character.
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DuckDBInstance } from "@duckdb/node-api";
import type * as Arrow from "apache-arrow";
import { parquetWriteBuffer } from "hyparquet-writer";
import { makeDoc } from "../../src/doc.js";
import { arrow } from "../../src/io/arrow.js";
import { docToRow, type Row, type ShardSchema, shardSchema } from "../../src/io/columns.js";
import { ShardWriter } from "../../src/io/shard-writer.js";
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

function parquetType(type: Arrow.DataType): "STRING" | "INT32" | "DOUBLE" {
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

/** Median seconds of RUNS writes, and the file's size. */
async function timeWrite(write: () => Promise<number>): Promise<{ seconds: number; bytes: number }> {
  let bytes = 0;
  const seconds = await medianSeconds(RUNS, async () => {
    bytes = await write();
  });
  return { seconds, bytes };
}

/** Writes the rows as one shard through assay's ShardWriter; returns the shard's path. */
async function assayWrite(dir: string, rows: readonly Row[], schema: ShardSchema): Promise<string> {
  const limits = { maxRows: rows.length + 1, maxBytes: Number.MAX_SAFE_INTEGER };
  const writer = new ShardWriter({
    outDir: dir,
    kind: "data",
    rank: 0,
    format: "parquet",
    schema,
    limits,
    createdBy: "assay bench",
  });
  for (const row of rows) await writer.write(row);
  const [shard] = await writer.close();
  return join(dir, shard?.path as string);
}

async function duckdbReadBack(path: string, rows: readonly Row[]): Promise<string> {
  const instance = await DuckDBInstance.create(":memory:");
  const connection = await instance.connect();
  try {
    const reader = await connection.runAndReadAll(
      `SELECT count(*)::INTEGER AS n, sum(length(text))::BIGINT AS chars FROM read_parquet('${path}')`,
    );
    const [result] = reader.getRowObjectsJS() as { n: number; chars: bigint }[];
    const chars = rows.reduce((sum, row) => sum + [...String(row.text)].length, 0);
    const ok = result?.n === rows.length && Number(result?.chars) === chars;
    return ok
      ? `DuckDB reads assay's file: ${result?.n} rows, ${chars} characters of text, both as written.`
      : `DuckDB read MISMATCH: ${result?.n} rows / ${result?.chars} chars, expected ${rows.length} / ${chars}.`;
  } finally {
    connection.closeSync();
    instance.closeSync();
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
  const dir = mkdtempSync(join(tmpdir(), "assay-bench-parquet-"));
  try {
    const assay = await timeWrite(async () => statSync(await assayWrite(dir, rows, schema)).size);
    const hyparquet = await timeWrite(async () => {
      const path = join(dir, "hyparquet.parquet");
      writeFileSync(path, hyparquetEncode(rows, schema));
      return statSync(path).size;
    });
    const row = (label: string, { seconds, bytes }: { seconds: number; bytes: number }) =>
      `| ${label} | ${seconds.toFixed(2)} | ${(megabytes / seconds).toFixed(1)} | ${(bytes / 1e6).toFixed(2)} |`;
    return [
      `${rows.length} rows, ${megabytes.toFixed(1)} MB as JSON (text-dev through the shard schema, ocr_pages left out), ` +
        `median of ${RUNS} writes to a file.`,
      "",
      "| writer | seconds | MB/s | file MB |",
      "| --- | --- | --- | --- |",
      row("ShardWriter: parquet-wasm 0.8, zstd, batches of rows (assay's writer)", assay),
      row("hyparquet-writer 0.17, snappy, one table", hyparquet),
      "",
      await duckdbReadBack(await assayWrite(dir, rows, schema), rows),
      "",
    ].join("\n");
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
