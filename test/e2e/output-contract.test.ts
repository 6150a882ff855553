// What a training job reads back from an output, checked with an independent reader (DuckDB): every rank's shards
// share one schema (the dataset card loads them by one glob), and rows name the config of the manifest beside them.
import { existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { duckdbQuery } from "../duckdb.js";
import { tempDir } from "../temp-dir.js";
import { assay, ROOT } from "./cli.js";

const PAPERS = join(ROOT, "../shared/reference/papers/docs.jsonl");
const havePapers = existsSync(PAPERS);
if (!havePapers) console.warn(`skipping the assay run output tests: ${PAPERS} is absent`);

const json = (path: string) => JSON.parse(readFileSync(path, "utf8"));

function writeJsonl(path: string, records: Record<string, unknown>[]): string {
  writeFileSync(path, records.map((r) => `${JSON.stringify(r)}\n`).join(""));
  return path;
}

/** Each listed shard's columns as DuckDB reads them from the Parquet footer. */
async function shardSchemas(out: string, kind: "data" | "rejects"): Promise<string[]> {
  const shards = (json(join(out, "manifest.json")).shards[kind] as { path: string }[]).map((s) => s.path);
  const schemas: string[] = [];
  for (const shard of shards) {
    const rows = await duckdbQuery(`SELECT name, type FROM parquet_schema('${join(out, shard)}')`);
    schemas.push(rows.map((r) => `${r.name}:${r.type}`).join(","));
  }
  return schemas;
}

describe("assay output read back", () => {
  it("gives every rank's shards one schema, though only one rank's files carry a score", async () => {
    const dir = tempDir("assay-contract-");
    const plain = writeJsonl(join(dir, "a.jsonl"), [{ id: "a1", text: "the first plain document" }]);
    const scored = writeJsonl(join(dir, "b.jsonl"), [
      { id: "b1", text: "a document its dump scored", quality_score: 0.5 },
      { id: "b2", text: "" },
    ]);
    const out = join(dir, "out");
    for (const rank of ["0", "1"]) {
      const result = await assay("ingest", plain, scored, "--out", out, "--rank", rank, "--world-size", "2");
      expect(result.status, result.stderr).toBe(0);
    }
    for (const kind of ["data", "rejects"] as const) {
      const schemas = await shardSchemas(out, kind);
      expect(schemas).toHaveLength(2);
      expect(schemas[0]).toContain("quality_score:DOUBLE");
      expect(schemas[1]).toBe(schemas[0]);
    }
    // the card's glob, read as one table
    const rows = await duckdbQuery(
      `SELECT id, quality_score FROM read_parquet('${out}/data/*.parquet', union_by_name = false) ORDER BY id`,
    );
    expect(rows).toEqual([
      { id: "a1", quality_score: null },
      { id: "b1", quality_score: 0.5 },
    ]);
    // assay rank's apply stage alike
    const ranked = join(dir, "ranked");
    for (const stage of ["sketch", "apply"])
      for (const rank of ["0", "1"]) {
        const args = [plain, scored, "--out", ranked, "--stage", stage, "--rank", rank, "--world-size", "2"];
        const result = await assay("rank", ...args);
        expect(result.status, result.stderr).toBe(0);
      }
    const rankedSchemas = await shardSchemas(ranked, "data");
    expect(rankedSchemas[0]).toContain("quality_score:DOUBLE");
    expect(rankedSchemas[1]).toBe(rankedSchemas[0]);
  }, 60_000);

  it("runs a finished rank again when a shard its manifest lists was cut short, and writes the same rows back", async () => {
    const dir = tempDir("assay-contract-");
    const config = join(dir, "config.json");
    writeFileSync(config, JSON.stringify({ shard: { maxRows: 1 } }));
    const docs = writeJsonl(join(dir, "docs.jsonl"), [
      { id: "a", text: "the first document" },
      { id: "b", text: "the second document" },
    ]);
    const args = ["ingest", docs, "--out", join(dir, "out"), "--config", config];
    expect((await assay(...args)).status).toBe(0);
    const shard = join(dir, "out", "data", "part-00000-00001.parquet");
    const written = readFileSync(shard);
    // a copy stopped half way, or a disk that filled: the file is there, its rows are not
    writeFileSync(shard, written.subarray(0, written.length >> 1));
    const again = await assay(...args);
    expect(again.status, again.stderr).toBe(0);
    expect(again.stdout).not.toMatch(/already complete/);
    expect(readFileSync(shard).equals(written)).toBe(true);
    // left as it was written, the rank is kept
    expect((await assay(...args)).stdout).toMatch(/already complete/);
  }, 60_000);
});

describe.skipIf(!havePapers)("assay run read back", () => {
  it("stamps every row, kept or dropped by any pass, with the config_hash of its manifest", async () => {
    const dir = tempDir("assay-contract-run-");
    const papers = readFileSync(PAPERS, "utf8").split("\n").filter(Boolean).slice(0, 6);
    // a copy for dedup to drop, and --keep-top for rank to drop some: rows from all three passes
    const copy = { ...JSON.parse(papers[0] as string), id: "copy" };
    const input = join(dir, "papers.jsonl");
    writeFileSync(input, [...papers, JSON.stringify(copy)].map((l) => `${l}\n`).join(""));
    const out = join(dir, "out");
    // a flag only the first pass applies (--ocr) is the run's config all the same
    const args = [input, "--out", out, "--ocr", "never", "--keep-top", "0.5", "--workers", "1"];
    const result = await assay("run", ...args);
    expect(result.status, result.stderr).toBe(0);
    // the summary answers "how many tokens of tier A", as assay rank's does
    expect(result.stdout).toMatch(/\n {2}tier A: [1-9]\d* docs kept, [1-9]\d* whitespace tokens\n/);
    const manifest = json(join(out, "manifest.json"));
    const rows = await duckdbQuery(
      `SELECT 'data' AS kind, NULL AS stage, config_hash FROM read_parquet('${out}/data/*.parquet')
       UNION ALL SELECT 'rejects', stage, config_hash FROM read_parquet('${out}/rejects/*.parquet')`,
    );
    expect([...new Set(rows.map((r) => r.stage))]).toEqual(expect.arrayContaining([null, "dedup", "rank"]));
    expect(new Set(rows.map((r) => r.config_hash))).toEqual(new Set([manifest.config_hash]));
    // the filter pass, which rejected nothing, leaves no empty shard among the others
    expect(manifest.shards.rejects.map((shard: { rows: number }) => shard.rows > 0)).toEqual([true, true]);
    // run again: every pass is complete
    const again = await assay("run", ...args);
    expect(again.status, again.stderr).toBe(0);
    expect(again.stdout).toMatch(/already complete/);
    // a shard of the output deleted is placed again from the passes, and the run does not say it had nothing to do
    const shard = join(out, manifest.shards.data[0].path);
    const written = readFileSync(shard);
    rmSync(shard);
    const restored = await assay("run", ...args);
    expect(restored.status, restored.stderr).toBe(0);
    expect(restored.stdout).not.toMatch(/already complete/);
    expect(readFileSync(shard).equals(written)).toBe(true);
  }, 120_000);
});
