// Whether `assay rank`'s memory is independent of the corpus size (issue 8): peak RSS of one rank over generated
// JSON Lines records that carry assay's own density (so nothing is scored and the per-document state is all there
// is to grow), at a size past the ids the sketch holds in memory (RUN_RECORDS) and at three times it. Each run's V8
// heap is capped, so that its peak is what the run needs, not the slack V8 leaves a heap that is never short.
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DensityScorer } from "../../filters/density/density.js";
import { projectRoot } from "../../src/project-root.js";
import { RUN_RECORDS } from "../../src/rank/rank-ids.js";

/** Records of the smaller run: past the ids the sketch keeps in memory, so a larger one adds only records on disk. */
const SMALL = Math.ceil(RUN_RECORDS * 1.15);
const TIMES_LARGER = 3;
const HEAP_MB = 128;

/** `count` short records that read as rows assay wrote and scored with the shipped models: nothing is scored. */
function writeRecords(path: string, count: number): void {
  const model = new DensityScorer().modelId;
  const lines: string[] = [];
  const flush = () => {
    writeFileSync(path, `${lines.join("\n")}\n`, { flag: "a" });
    lines.length = 0;
  };
  for (let i = 0; i < count; i++) {
    const text = `Record ${i} says a few words about item ${i % 977}.`;
    const density = ((i * 7919) % 2000) / 100 - 10;
    lines.push(
      JSON.stringify({ id: `r${i}`, text, density, density_model: model, pipeline_version: "b", config_hash: "b" }),
    );
    if (lines.length === 100_000) flush();
  }
  flush();
}

/** Peak RSS (MB: getrusage's, every thread of the process) and wall seconds of `assay rank` over `input`. */
function rankPeak(dir: string, input: string, out: string): { mb: number; seconds: number } {
  const launcher = join(dir, "launch.mjs");
  writeFileSync(
    launcher,
    `process.on("exit", () => process.stderr.write(\`maxrss \${process.resourceUsage().maxRSS}\\n\`));\n` +
      `await import(${JSON.stringify(join(projectRoot(), "bin/assay.js"))});\n`,
  );
  const start = performance.now();
  const run = spawnSync(
    process.execPath,
    [`--max-old-space-size=${HEAP_MB}`, launcher, "rank", input, "--out", out, "--quiet", "--no-report"],
    { encoding: "utf8" },
  );
  const seconds = (performance.now() - start) / 1000;
  const kb = /maxrss (\d+)/.exec(run.stderr)?.[1];
  if (run.status !== 0 || kb === undefined) throw new Error(`assay rank failed: ${run.stderr.trim()}`);
  return { mb: Number(kb) / 1024, seconds };
}

export async function benchRankMemory(): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), "assay-bench-rank-memory-"));
  try {
    const rows: string[] = [];
    let base = 0;
    for (const count of [SMALL, SMALL * TIMES_LARGER]) {
      const input = join(dir, `records-${count}.jsonl`);
      writeRecords(input, count);
      const { mb, seconds } = rankPeak(dir, input, join(dir, `out-${count}`));
      base ||= mb;
      rows.push(
        `| ${count.toLocaleString("en-US")} | ${mb.toFixed(0)} | ${(mb / base).toFixed(2)} | ${(count / seconds).toFixed(0)} |`,
      );
      rmSync(input);
    }
    return [
      `Generated JSON Lines records carrying assay's density (nothing scored), one rank, V8 heap capped at ${HEAP_MB} MB;`,
      `the sketch holds ${RUN_RECORDS.toLocaleString("en-US")} ids in memory, runs of them on disk beyond.`,
      "",
      "| documents | peak RSS, MB | × the smaller run | documents/s |",
      "| --- | --- | --- | --- |",
      ...rows,
    ].join("\n");
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
