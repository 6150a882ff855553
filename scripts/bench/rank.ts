// `assay rank` on raw JSON Lines (the reference text: 1,028 docs, 12.9 M chars), one worker, end to end: as it runs
// (the sketch pass keeps its density columns for the apply pass), against the same two passes with that file
// removed between them (each text scored twice, as before stop 34). Outputs are compared byte for byte.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { projectRoot } from "../../src/project-root.js";
import { scoreCachePath } from "../../src/rank/score-cache.js";
import { medianSeconds } from "./timing.js";

const REFERENCE = join(projectRoot(), "../shared/reference");
const RUNS = 3;

export async function benchRank(): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), "assay-bench-rank-"));
  const docs = ["text-dev/docs.jsonl", "papers/docs.jsonl"].map((f) => join(REFERENCE, f));
  const chars = docs.reduce(
    (sum, file) =>
      sum +
      readFileSync(file, "utf8")
        .split("\n")
        .reduce((n, l) => n + (l ? JSON.parse(l).text.length : 0), 0),
    0,
  );
  const assay = (...args: string[]) =>
    execFileSync(process.execPath, [
      join(projectRoot(), "bin/assay.js"),
      "rank",
      ...docs,
      ...args,
      "--workers",
      "1",
      "--quiet",
      "--no-report",
    ]);
  const runs = { once: 0, twice: 0 };
  try {
    const once = await medianSeconds(RUNS, () => {
      assay("--out", join(dir, `once-${runs.once++}`));
    });
    const twice = await medianSeconds(RUNS, () => {
      const out = join(dir, `twice-${runs.twice++}`);
      assay("--out", out, "--stage", "sketch");
      rmSync(scoreCachePath(join(out, "rank"), 0));
      assay("--out", out, "--stage", "apply");
    });
    const shard = (out: string) => readFileSync(join(dir, out, "data", "part-00000-00000.parquet"));
    const same = shard("once-0").equals(shard("twice-0"));
    const mb = chars / 1e6;
    const line = (name: string, s: number) =>
      `| ${name} | ${s.toFixed(2)} | ${(mb / s).toFixed(2)} | ${(s / twice).toFixed(2)} |`;
    return [
      `${mb.toFixed(1)} M characters of JSON Lines text, \`--workers 1\`, median of ${RUNS}; shards byte-identical: ${same}.`,
      "",
      "| assay rank | seconds | M chars/s | × scoring twice |",
      "| --- | --- | --- | --- |",
      line("sketch scores once, apply takes its columns", once),
      line("sketch, then apply scoring again (before stop 34)", twice),
    ].join("\n");
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
