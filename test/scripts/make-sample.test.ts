// `npm start`'s sample: the compiled make-sample script run twice into temp dirs (dist/ is built by global setup).
import { execFile } from "node:child_process";
import { readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { duckdbQuery } from "../duckdb.js";
import { tempDir } from "../temp-dir.js";

const ROOT = join(import.meta.dirname, "../..");

interface Manifest {
  counts: { in: number; kept: number; rejected: number; balanced: boolean };
  inputs: { path: string; sha256: string }[];
  shards: { data: { path: string; rows: number; sha256: string }[]; rejects: { path: string; rows: number }[] };
}

async function makeSample(dir: string): Promise<{ stdout: string; manifest: Manifest }> {
  const { stdout } = await promisify(execFile)(process.execPath, [
    join(ROOT, "dist/scripts/make-sample.js"),
    "--dir",
    dir,
  ]);
  return { stdout, manifest: JSON.parse(readFileSync(join(dir, "out/manifest.json"), "utf8")) };
}

function rows(path: string, columns: string, where = "true"): Promise<Record<string, unknown>[]> {
  return duckdbQuery(
    `SELECT ${columns} FROM read_parquet('${path}', union_by_name = true) WHERE ${where} ORDER BY source`,
  );
}

describe("make-sample", () => {
  const dirs = [tempDir("assay-sample-"), tempDir("assay-sample-")];
  let first: Awaited<ReturnType<typeof makeSample>>;
  let second: Awaited<ReturnType<typeof makeSample>>;

  beforeAll(async () => {
    [first, second] = (await Promise.all(dirs.map(makeSample))) as [typeof first, typeof second];
  });
  afterAll(() => {
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  it("accounts for all five inputs and prints where they went", () => {
    const { counts } = first.manifest;
    expect(counts.in).toBe(5);
    expect(counts.kept + counts.rejected).toBe(counts.in);
    expect(counts.balanced).toBe(true);
    expect(first.stdout).toMatch(/5 docs in: \d+ kept, \d+ rejected/);
    expect(first.stdout).toContain(join(dirs[0] as string, "out/manifest.json"));
  });

  it("keeps one of the paper and its near-copy, in full, ranked; the other is its duplicate", async () => {
    const kept = await rows(join(dirs[0] as string, "out/data/*.parquet"), "id, source, pages, text, tier");
    expect(kept).toHaveLength(1);
    expect(["in/paper-revised.pdf", "in/paper.pdf"]).toContain(kept[0]?.source);
    expect(["A", "B", "C", "D"]).toContain(kept[0]?.tier);
    const copies = await rows(
      join(dirs[0] as string, "out/rejects/*.parquet"),
      "source, duplicate_of, text, pages",
      "reject_reason = 'duplicate'",
    );
    expect(copies).toHaveLength(1);
    expect(copies[0]?.duplicate_of).toBe(kept[0]?.id);
    for (const row of [...kept, ...copies]) {
      expect(row.pages).toBeGreaterThanOrEqual(2);
      const text = row.text as string;
      expect(text).toContain("Calibrated Retrieval for Long Scientific Documents");
      // The last paragraph of the body and the last reference: nothing was cut off.
      expect(text).toContain("whose captions often carry the main result of an experiment");
      expect(text).toContain("Searching for scientific evidence in a pandemic");
    }
  });

  it("rejects junk, HTML named .pdf and the truncated paper, each with its reason", async () => {
    const rejected = await rows(
      join(dirs[0] as string, "out/rejects/*.parquet"),
      "source, stage, reject_reason",
      "reject_reason != 'duplicate'",
    );
    const reasons = Object.fromEntries(rejected.map((r) => [r.source, `${r.stage}: ${r.reject_reason}`]));
    expect(reasons).toEqual({
      "in/junk.pdf": "prose_shape: sparse_pages",
      "in/not-a-pdf.pdf": "ingest: not_pdf:html",
      "in/truncated.pdf": "ingest: damaged",
    });
  });

  it("gives byte-identical inputs and data shards on every run", () => {
    expect(second.manifest.inputs.map((i) => i.sha256)).toEqual(first.manifest.inputs.map((i) => i.sha256));
    expect(second.manifest.shards.data.map((s) => s.sha256)).toEqual(first.manifest.shards.data.map((s) => s.sha256));
    expect(first.manifest.shards.data.length).toBeGreaterThan(0);
  });
});
