// A nightly drop folder read by ranks started one after another (a Slurm array's tasks start minutes apart) while
// files still land in it: ranks that found other files must not merge, or some files end in no rank's output.
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { duckdbQuery } from "../duckdb.js";
import { tempDir } from "../temp-dir.js";
import { assay } from "./cli.js";

const drop = (dir: string, name: string) =>
  writeFileSync(join(dir, `${name}.jsonl`), `${JSON.stringify({ id: name, text: `the document called ${name}` })}\n`);

describe("ranks over a drop folder that changes between their starts", () => {
  it("refuses to merge ranks that found other files, and a rerun of every rank takes each file once", async () => {
    const dir = tempDir("assay-nightly-");
    const inbox = join(dir, "drop");
    const out = join(dir, "out");
    const rank = (r: string) => assay("ingest", inbox, "--out", out, "--rank", r, "--world-size", "2", "--quiet");
    mkdirSync(inbox);
    for (const name of ["b", "d", "f", "h"]) drop(inbox, name);
    expect((await rank("0")).status).toBe(0);
    // a file lands before rank 1 starts: rank 0 took b and f of four files, rank 1 would take d and h of five
    drop(inbox, "a");
    const second = await rank("1");
    expect(second.status).toBe(1);
    expect(second.stderr.trim().split("\n")).toHaveLength(1);
    expect(second.stderr).toContain("rank 0 found 4 input files and this rank 5");
    expect(second.stdout).toBe("");

    const again = await Promise.all([rank("0"), rank("1")]);
    for (const result of again) expect(result.status, result.stderr).toBe(0);
    const manifest = JSON.parse(readFileSync(join(out, "manifest.json"), "utf8"));
    expect(manifest.counts).toEqual({ in: 5, kept: 5, rejected: 0, balanced: true });
    expect(manifest.input_list.files).toBe(5);
    const rows = await duckdbQuery(`SELECT id FROM read_parquet('${out}/data/*.parquet') ORDER BY id`);
    expect(rows.map((r) => r.id)).toEqual(["a", "b", "d", "f", "h"]);
  }, 60_000);
});
