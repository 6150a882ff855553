// Records' own licences are written as SPDX ids in every run, not only in runs that join arXiv's metadata or select
// licences: the shards and the report name each licence one way.
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { duckdbQuery } from "../../duckdb.js";
import { assay } from "../../e2e/cli.js";
import { tempDir } from "../../temp-dir.js";

describe("licences without --licenses or --arxiv-metadata", () => {
  it("are written as SPDX ids, and documents without one are counted", async () => {
    const dir = tempDir("assay-rights-normalised-");
    const docs = join(dir, "docs.jsonl");
    const text = "The method converges because the loss is convex. We show that the bound is tight. ".repeat(40);
    const licences: Record<string, string> = {
      a: "CC BY 4.0",
      b: "cc_by_sa_4.0",
      c: "http://creativecommons.org/licenses/by/4.0/",
      d: "unknown",
    };
    writeFileSync(
      docs,
      Object.entries(licences)
        .map(([id, license], i) => `${JSON.stringify({ id, text: `${text} Case ${i}.`, license })}\n`)
        .join(""),
    );
    const out = join(dir, "out");
    const run = await assay("filter", docs, "--out", out, "--quiet");
    expect(run.status, run.stderr).toBe(0);
    const rows = await duckdbQuery(
      `select id, license from read_parquet(['${out}/data/*.parquet', '${out}/rejects/*.parquet'], union_by_name = true) order by id`,
    );
    expect(rows).toEqual([
      { id: "a", license: "CC-BY-4.0" },
      { id: "b", license: "CC-BY-SA-4.0" },
      { id: "c", license: "CC-BY-4.0" },
      { id: "d", license: null },
    ]);
    const stats = JSON.parse(readFileSync(join(out, "stats.json"), "utf8")) as {
      steps: { name: string; counters: Record<string, number> }[];
    };
    expect(stats.steps.find((step) => step.name === "rights")?.counters.without_license).toBe(1);
  });
});
