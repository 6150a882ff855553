// Shards written by ShardWriter and read back by DuckDB (independent) and by our own readers.
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it, vi } from "vitest";
import { makeDoc } from "../../../src/doc.js";
import { docToRow, rowToDoc, shardSchema } from "../../../src/io/columns.js";
import { readJsonlRecords } from "../../../src/io/jsonl.js";
import { readParquetRows } from "../../../src/io/parquet.js";
import { BATCH_ROWS, clearShards, type ShardFormat, ShardWriter } from "../../../src/io/shard-writer.js";
import { duckdbQuery } from "../../duckdb.js";
import { tempDir } from "../../temp-dir.js";

const TEXTS = [
  "Plain ASCII text.",
  "Ünïcödé: ﬁ ligature, α-β, 𝔼[x] = 0, emoji 🙂, CJK 漢字",
  "",
  "multi\nline\n\nparagraphs",
];

function docs() {
  return TEXTS.map((text, i) => {
    const doc = makeDoc(`doc-${i}`, text, `in/${i}.pdf`, {
      pages: i + 1,
      ocr_pages: i === 1 ? [1, 2] : [],
      arxiv_id: i === 0 ? "1706.03762" : null,
      arxiv_version: i === 0 ? 5 : null,
      lang_score: i === 3 ? null : 0.5 + i / 10,
    });
    doc.scores = i === 2 ? {} : { alpha_ratio: i / 4, mean_word_length: 4.5 };
    return doc;
  });
}

async function writeShards(format: ShardFormat, maxRows: number, maxBytes = 1 << 20, metadata: string | null = null) {
  const outDir = tempDir(`assay-shards-${format}-`);
  const schema = shardSchema(["mean_word_length", "alpha_ratio"], true);
  const writer = new ShardWriter({
    outDir,
    kind: "rejects",
    rank: 3,
    format,
    schema,
    limits: { maxRows, maxBytes },
    createdBy: "assay test",
  });
  for (const doc of docs()) {
    doc.meta.metadata = metadata;
    await writer.write(
      docToRow(doc, { pipelineVersion: "0.0.0", configHash: "abc" }, { stage: "s", reason: "r", duplicateOf: null }),
    );
  }
  return { outDir, shards: await writer.close() };
}

describe("score columns", () => {
  it("hold an infinity as the largest finite double of its sign, and NaN as no value", async () => {
    const doc = makeDoc("inf", "text", "in.jsonl");
    doc.scores = { low: Number.NEGATIVE_INFINITY, high: Number.POSITIVE_INFINITY, none: Number.NaN, mid: -0.5 };
    const row = docToRow(doc, { pipelineVersion: "0.0.0", configHash: "abc" });
    expect([row.low, row.high, row.none, row.mid]).toEqual([-Number.MAX_VALUE, Number.MAX_VALUE, null, -0.5]);
    // written and read back by DuckDB as the same doubles, so a later pass's --min-score still drops the low one
    const outDir = tempDir("assay-shards-inf-");
    const writer = new ShardWriter({
      outDir,
      kind: "data",
      rank: 0,
      format: "parquet",
      schema: shardSchema(["low", "high", "none", "mid"], false),
      limits: { maxRows: 10, maxBytes: 1 << 20 },
      createdBy: "assay test",
    });
    await writer.write(row);
    await writer.close();
    const [read] = await duckdbQuery(`SELECT low, high, "none", mid FROM read_parquet('${outDir}/data/*.parquet')`);
    expect(read).toEqual({ low: -Number.MAX_VALUE, high: Number.MAX_VALUE, none: null, mid: -0.5 });
  });
});

describe("Parquet shards", () => {
  it("are bounded by rows, named by rank, and leave no temp files", async () => {
    const { outDir, shards } = await writeShards("parquet", 3);
    expect(shards.map((s) => [s.path, s.rows])).toEqual([
      ["rejects/part-00003-00000.parquet", 3],
      ["rejects/part-00003-00001.parquet", 1],
    ]);
    expect(readdirSync(join(outDir, "rejects")).sort()).toEqual([
      "part-00003-00000.parquet",
      "part-00003-00001.parquet",
    ]);
    for (const shard of shards) expect(shard.sha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it("are bounded by the bytes of carried metadata too, not text alone", async () => {
    // A web dump's raw HTML rides in `metadata`: 4 KB a row against a 10 KB bound, so a shard holds 2 rows (a third
    // would take it past the bound).
    const html = JSON.stringify({ raw_content: "<p>".repeat(1365) });
    const { shards } = await writeShards("parquet", 100, 10_000, html);
    expect(shards.map((s) => s.rows)).toEqual([2, 2]);
  });

  it("give a row larger than the byte bound a shard of its own", async () => {
    const html = JSON.stringify({ raw_content: "<p>".repeat(1365) });
    const { shards } = await writeShards("jsonl", 100, 3_000, html);
    expect(shards.map((s) => s.rows)).toEqual([1, 1, 1, 1]);
  });

  it("read back by DuckDB with the right types and exact text", async () => {
    const { outDir } = await writeShards("parquet", 100);
    const glob = join(outDir, "rejects", "*.parquet");
    const types = await duckdbQuery(`DESCRIBE SELECT * FROM read_parquet('${glob}')`);
    const typeOf = Object.fromEntries(types.map((t) => [t.column_name, t.column_type]));
    expect(typeOf).toMatchObject({
      id: "VARCHAR",
      text: "VARCHAR",
      pages: "INTEGER",
      ocr_pages: "INTEGER[]",
      lang_score: "DOUBLE",
      alpha_ratio: "DOUBLE",
      n_chars: "INTEGER",
      reject_reason: "VARCHAR",
    });
    const rows = await duckdbQuery(
      `SELECT id, text, ocr_pages, n_chars, lang_score, arxiv_version FROM read_parquet('${glob}') ORDER BY id`,
    );
    expect(rows.map((r) => r.text)).toEqual(TEXTS);
    expect(rows[1]?.ocr_pages).toEqual([1, 2]);
    expect(rows[1]?.n_chars).toBe([...(TEXTS[1] as string)].length);
    expect(rows[3]?.lang_score).toBeNull();
    expect(rows[0]?.arxiv_version).toBe(5);
    const codec = await duckdbQuery(`SELECT DISTINCT compression FROM parquet_metadata('${glob}')`);
    expect(codec.map((c) => c.compression)).toEqual(["ZSTD"]);
  });

  it("round-trip through our reader into the same documents", async () => {
    const { outDir, shards } = await writeShards("parquet", 100);
    const back = [];
    for await (const row of readParquetRows(join(outDir, shards[0]?.path as string)))
      back.push(rowToDoc(row, "?", "?"));
    const original = docs();
    expect(back.map((d) => d.text)).toEqual(original.map((d) => d.text));
    expect(back[0]?.meta).toEqual(original[0]?.meta);
    expect(back[1]?.scores).toEqual(original[1]?.scores);
  });
});

describe("rowToDoc", () => {
  it("carries a dump's own fields of the columns assay decides in metadata; a row assay wrote has them decided again", () => {
    const theirs = { stage: "preprint", reject_reason: "none", duplicate_of: "p0", tier: "gold", n_words: "many" };
    const record = { id: "p1", text: "A paper.", ...theirs, rank_pct: 0.9, dup_cluster: "c7", density: 9 };
    const dump = rowToDoc(record, "?", "?");
    // another tool's density too: assay scores its own, which took the place of theirs
    expect(JSON.parse(dump.meta.metadata ?? "{}")).toEqual({ ...theirs, rank_pct: 0.9, dup_cluster: "c7", density: 9 });
    expect([dump.meta.tier, dump.meta.rank_pct, dump.meta.dup_cluster, dump.meta.density]).toEqual([
      null,
      null,
      null,
      null,
    ]);
    const ours = rowToDoc({ ...record, n_words: 2, pipeline_version: "0.1.0", config_hash: "abc" }, "?", "?");
    expect(ours.meta.metadata).toBeNull();
    expect([ours.meta.tier, ours.meta.rank_pct, ours.meta.dup_cluster, ours.meta.density]).toEqual([
      "gold",
      0.9,
      "c7",
      9,
    ]);
  });
});

describe("JSONL shards", () => {
  it("hold the same records, every column present, in schema order", async () => {
    const { outDir, shards } = await writeShards("jsonl", 100);
    const records = [];
    for await (const { record } of readJsonlRecords(join(outDir, shards[0]?.path as string))) records.push(record);
    expect(records.map((r) => r?.text)).toEqual(TEXTS);
    expect(Object.keys(records[2] ?? {})).toContain("alpha_ratio");
    expect(records[2]?.alpha_ratio).toBeNull();
    const viaDuckdb = await duckdbQuery(
      `SELECT count(*)::INTEGER AS n FROM read_json_auto('${join(outDir, shards[0]?.path as string)}')`,
    );
    expect(viaDuckdb[0]?.n).toBe(4);
  });

  it("write a float column's whole values as floats, so a reader inferring types from a shard keeps its fractions", async () => {
    // One row a shard: the first holds alpha_ratio 0, which `0` would make an integer column in read_json_auto
    const { outDir, shards } = await writeShards("jsonl", 1);
    const first = join(outDir, shards[0]?.path as string);
    expect(readFileSync(first, "utf8")).toContain('"alpha_ratio":0.0,');
    const types = await duckdbQuery(`DESCRIBE SELECT alpha_ratio, pages FROM read_json_auto('${first}')`);
    expect(types.map((t) => t.column_type)).toEqual(["DOUBLE", "BIGINT"]);
    const all = await duckdbQuery(`SELECT sum(alpha_ratio) AS s FROM read_json_auto('${outDir}/rejects/*.jsonl')`);
    expect(all[0]?.s).toBe(1);
  });
});

describe("a shard written in batches", () => {
  const context = { pipelineVersion: "0.0.0", configHash: "abc" };
  const rowAt = (i: number) => docToRow(makeDoc(`d${String(i).padStart(5, "0")}`, `text number ${i}`, "in"), context);
  const writerFor = (outDir: string, format: ShardFormat) =>
    new ShardWriter({
      outDir,
      kind: "data",
      rank: 0,
      format,
      schema: shardSchema([], false),
      limits: { maxRows: 100_000, maxBytes: 1 << 30 },
      createdBy: "assay test",
    });

  it("reaches the disk row group by row group, appears only when whole, and keeps every row in order", async () => {
    const outDir = tempDir("assay-shards-stream-");
    const writer = writerFor(outDir, "parquet");
    const rows = 9000; // more than one row group of 8,192 rows, many batches
    for (let i = 0; i < rows; i++) await writer.write(rowAt(i));
    // The first row group reaches the disk under a temporary name (written as the wasm writer hands it out, so
    // waited for); the shard's own name is not there yet.
    const pending = readdirSync(join(outDir, "data"));
    expect(pending).toHaveLength(1);
    expect(pending[0]).toMatch(/^\.part-00000-00000\.parquet\.[0-9a-f]+\.tmp$/);
    await vi.waitFor(() => expect(statSync(join(outDir, "data", pending[0] as string)).size).toBeGreaterThan(0), {
      timeout: 10_000,
    });

    const [shard] = await writer.close();
    expect(readdirSync(join(outDir, "data"))).toEqual(["part-00000-00000.parquet"]);
    expect(shard?.rows).toBe(rows);
    expect(shard?.bytes).toBe(statSync(join(outDir, shard?.path as string)).size);
    const path = join(outDir, shard?.path as string);
    const groups = await duckdbQuery(
      `SELECT count(DISTINCT row_group_id)::INTEGER AS n FROM parquet_metadata('${path}')`,
    );
    expect(groups[0]?.n).toBe(2);
    const back = await duckdbQuery(`SELECT id, text FROM read_parquet('${path}')`);
    expect(back.map((r) => r.id)).toEqual(Array.from({ length: rows }, (_, i) => rowAt(i).id));
    expect(back[8999]?.text).toBe("text number 8999");
  });

  it("in JSON Lines keeps every row in order across batches", async () => {
    const outDir = tempDir("assay-shards-stream-");
    const writer = writerFor(outDir, "jsonl");
    const rows = BATCH_ROWS * 2 + 7;
    for (let i = 0; i < rows; i++) await writer.write(rowAt(i));
    const [shard] = await writer.close();
    const ids = [];
    for await (const { record } of readJsonlRecords(join(outDir, shard?.path as string))) ids.push(record?.id);
    expect(ids).toEqual(Array.from({ length: rows }, (_, i) => rowAt(i).id));
  });

  it("is dropped whole when the run fails: no shard, no temporary file", async () => {
    for (const format of ["parquet", "jsonl"] as const) {
      const outDir = tempDir("assay-shards-abort-");
      const writer = writerFor(outDir, format);
      for (let i = 0; i < 9000; i++) await writer.write(rowAt(i));
      expect(readdirSync(join(outDir, "data"))).toHaveLength(1);
      await writer.abort();
      expect(readdirSync(join(outDir, "data"))).toEqual([]);
    }
  });
});

describe("clearShards", () => {
  it("removes a rank's shards and temporary files of an earlier run, and leaves other ranks' and other files", async () => {
    const outDir = tempDir("assay-shards-clear-");
    const files = {
      data: ["part-00000-00000.parquet", "part-00000-00007.parquet", ".part-00000-00008.parquet.0a1b2c.tmp"],
      rejects: ["part-00000-00000.jsonl", "part-00001-00000.jsonl", "notes.txt"],
    };
    for (const [kind, names] of Object.entries(files)) {
      mkdirSync(join(outDir, kind), { recursive: true });
      for (const name of names) writeFileSync(join(outDir, kind, name), "x");
    }
    await clearShards(outDir, (rank) => rank === 0);
    expect(readdirSync(join(outDir, "data"))).toEqual([]);
    expect(readdirSync(join(outDir, "rejects")).sort()).toEqual(["notes.txt", "part-00001-00000.jsonl"]);
    await clearShards(outDir, () => true);
    expect(readdirSync(join(outDir, "rejects"))).toEqual(["notes.txt"]);
  });
});
