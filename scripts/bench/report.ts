// report.html speed on a ranked output of the reference text (1,028 docs, 12.9 M chars): writing the page (one
// pass over the shards, samples, distributions, rendering) against the floor, a bare pass reading every row of the
// same shards.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { shardRows } from "../../src/io/shard-rows.js";
import type { Manifest } from "../../src/manifest.js";
import { projectRoot } from "../../src/project-root.js";
import { readStats } from "../../src/read-stats.js";
import { writeReport } from "../../src/report/write-report.js";
import { medianSeconds } from "./timing.js";

const REFERENCE = join(projectRoot(), "../shared/reference");
const RUNS = 3;

export async function benchReport(): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), "assay-bench-report-"));
  try {
    const out = join(dir, "ranked");
    const docs = ["text-dev/docs.jsonl", "papers/docs.jsonl"].map((f) => join(REFERENCE, f));
    execFileSync(process.execPath, [join(projectRoot(), "bin/assay.js"), "rank", ...docs, "--out", out, "--quiet"]);
    const manifest = JSON.parse(readFileSync(join(out, "manifest.json"), "utf8")) as Manifest;
    const steps = await readStats(out, null);
    const shards = [...manifest.shards.data, ...manifest.shards.rejects].map((s) => join(out, s.path));
    let rows = 0;
    let chars = 0;
    const read = await medianSeconds(RUNS, async () => {
      rows = 0;
      chars = 0;
      for (const shard of shards)
        for await (const row of shardRows(shard)) {
          rows++;
          chars += String(row.text).length;
        }
    });
    const report = await medianSeconds(RUNS, () => writeReport(out, manifest, steps));
    const mb = chars / 1e6;
    const line = (name: string, s: number) =>
      `| ${name} | ${s.toFixed(2)} | ${(rows / s).toFixed(0)} | ${(mb / s).toFixed(1)} | ${(s / read).toFixed(2)} |`;
    return [
      `${rows} ranked documents, ${mb.toFixed(1)} M characters of text, ${shards.length} Parquet shard(s); median of ${RUNS}.`,
      "",
      "| pass | seconds | docs/s | M chars/s | × bare read |",
      "| --- | --- | --- | --- | --- |",
      line("bare read of every row (floor)", read),
      line("report.html (read, sample, render, write)", report),
    ].join("\n");
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
