// A process's start: most `assay` calls of a nightly script or a test suite are small, and their time is mostly
// loading. `assay rank` of three short texts (median wall of RUNS), as shipped, without density's lexicon snapshot
// (the tables derived from natural's lexicon, as before it) and at V8's own wasm tiering budget, beside bare Node and
// `assay --version`.
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { SNAPSHOT_PATH } from "../../filters/density/lexicon-tables.js";
import { projectRoot } from "../../src/project-root.js";
import { V8_DEFAULT_WASM_TIERING_BUDGET } from "../../src/v8-flags.js";
import { medianSeconds } from "./timing.js";

const RUNS = 7;
const TEXT =
  "We show that the matrix is positive definite. Therefore its eigenvalues are real, as Lemma 2 states, and the " +
  "iteration converges at a linear rate whose constant we bound in Section 4 for every step size below 1/L. ";

export async function benchStartup(): Promise<string> {
  if (!existsSync(SNAPSHOT_PATH)) return `startup bench skipped: ${SNAPSHOT_PATH} is absent (npm run build)\n`;
  const dir = mkdtempSync(join(tmpdir(), "assay-bench-startup-"));
  const docs = join(dir, "docs.jsonl");
  writeFileSync(docs, [1, 2, 3].map((i) => JSON.stringify({ id: `d${i}`, text: TEXT.repeat(12) })).join("\n"));
  const assay = join(projectRoot(), "bin/assay.js");
  let out = 0;
  const rank = (nodeFlags: string[]) => () =>
    execFileSync(process.execPath, [...nodeFlags, assay, "rank", docs, "--out", join(dir, `o${out++}`), "--quiet"]);
  const aside = `${SNAPSHOT_PATH}.bench-aside`;
  try {
    const bare = await medianSeconds(RUNS, () => execFileSync(process.execPath, ["-e", "0"]));
    const version = await medianSeconds(RUNS, () => execFileSync(process.execPath, [assay, "--version"]));
    const shipped = await medianSeconds(RUNS, rank([]));
    const v8Budget = await medianSeconds(RUNS, rank([`--wasm-tiering-budget=${V8_DEFAULT_WASM_TIERING_BUDGET}`]));
    renameSync(SNAPSHOT_PATH, aside);
    const derived = await medianSeconds(RUNS, rank([]));
    const line = (name: string, s: number) => `| ${name} | ${s.toFixed(2)} | ${(s / shipped).toFixed(2)} |`;
    return [
      `Median wall of ${RUNS} runs; \`assay rank\` of 3 texts of 2.5 KB with its report.`,
      "",
      "| command | seconds | × shipped rank |",
      "| --- | --- | --- |",
      line("node -e 0", bare),
      line("assay --version", version),
      line("assay rank, as shipped", shipped),
      line(`assay rank at V8's wasm tiering budget (${V8_DEFAULT_WASM_TIERING_BUDGET})`, v8Budget),
      line("assay rank without the lexicon snapshot (tables derived)", derived),
    ].join("\n");
  } finally {
    if (existsSync(aside)) renameSync(aside, SNAPSHOT_PATH);
    rmSync(dir, { recursive: true, force: true });
  }
}
