// Where `assay score` writes its decisions: never over an input, never half a file under the name, and to standard
// output with `-` (or a name of it), the summary then on stderr.
import { execFile, spawn } from "node:child_process";
import {
  closeSync,
  existsSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { tempDir } from "../temp-dir.js";
import { assay, CORPUS, ROOT } from "./cli.js";

const ASSAY = join(ROOT, "bin/assay.js");
const PAPER_PDF = join(CORPUS, "born-digital/arxiv-1503.02531v1_distillation.pdf");
const DECISION_LINE =
  /^\{"id":"doc-\d+","gopher_quality":"[a-z_\d]+","gopher_repetition":"[a-z_\d]+","c4":"[a-z_\d]+","fineweb":"[a-z_\d]+"\}$/;

/** `n` documents of distinct text, as JSON Lines. */
function docsFile(dir: string, n: number, name = "docs.jsonl"): string {
  const file = join(dir, name);
  const lines = Array.from({ length: n }, (_, i) =>
    JSON.stringify({
      id: `doc-${i}`,
      text: `Document ${i} shows that the bound holds for every case we tried. `.repeat(8),
    }),
  );
  writeFileSync(file, `${lines.join("\n")}\n`);
  return file;
}

/** The CLI in `cwd`, its standard output redirected to the file `out`, as `assay ... > out` in a shell. */
async function assayTo(
  cwd: string,
  out: string,
  ...args: string[]
): Promise<{ status: number | null; stderr: string }> {
  const fd = openSync(out, "w");
  try {
    const child = spawn(process.execPath, [ASSAY, ...args], { cwd, stdio: ["ignore", fd, "pipe"] });
    let stderr = "";
    child.stderr?.on("data", (chunk) => {
      stderr += chunk;
    });
    return await new Promise((resolve) => child.on("close", (status) => resolve({ status, stderr })));
  } finally {
    closeSync(fd);
  }
}

describe("assay score --decisions", () => {
  it("refuses to write its decisions over one of its inputs, whatever name the input goes by", async () => {
    const dir = tempDir("assay-score-");
    const docs = docsFile(dir, 3);
    const before = readFileSync(docs, "utf8");
    symlinkSync(docs, join(dir, "link.jsonl"));
    // the input itself; through a link; found in a directory given as input; in another rank's share
    for (const argv of [
      [docs, "--decisions", docs],
      [docs, "--decisions", join(dir, "link.jsonl")],
      [dir, "--decisions", `${dir}/./docs.jsonl`],
    ]) {
      const refused = await assay("score", ...argv);
      expect([refused.status, refused.stdout], argv.join(" ")).toEqual([1, ""]);
      expect(refused.stderr, argv.join(" ")).toMatch(
        /^assay score: --decisions .* is the input .*: give the output another path\n$/,
      );
    }
    // rank 0 writes decisions.jsonl.0, which is rank 1's input
    writeFileSync(join(dir, "decisions.jsonl.0"), "");
    const share = await assay(
      "score",
      docs,
      join(dir, "decisions.jsonl.0"),
      "--decisions",
      join(dir, "decisions.jsonl"),
      "--world-size",
      "2",
      "--rank",
      "0",
    );
    expect([share.status, share.stderr]).toEqual([1, expect.stringMatching(/decisions\.jsonl\.0 is the input/)]);
    // an output directory's Parquet shard, given as the directory
    const out = join(dir, "out");
    expect((await assay("ingest", docs, "--out", out, "--no-report", "-q")).status).toBe(0);
    const shard = join(out, "data", "part-00000-00000.parquet");
    const shardBytes = readFileSync(shard);
    const onShard = await assay("score", out, "--decisions", shard);
    expect([onShard.status, onShard.stderr]).toEqual([
      1,
      expect.stringMatching(/is the input .*part-00000-00000\.parquet/),
    ]);
    expect(readFileSync(shard).equals(shardBytes)).toBe(true);
    expect(readFileSync(docs, "utf8")).toBe(before);
  }, 60_000);

  it.skipIf(!existsSync(PAPER_PDF))(
    "reads PDFs with the config's ingest settings",
    async () => {
      const dir = tempDir("assay-score-");
      const config = join(dir, "config.json");
      writeFileSync(config, JSON.stringify({ ingest: { maxPages: 1 } }));
      const defaults = await assay("score", PAPER_PDF, "--decisions", "-");
      expect(defaults.stdout).toMatch(/^\{"id":"arxiv-1503.02531v1_distillation","gopher_quality":"pass"/);
      // nine pages, more than the config allows: not read, so not scored
      const limited = await assay("score", PAPER_PDF, "--decisions", "-", "--config", config);
      expect([limited.status, limited.stdout]).toEqual([0, ""]);
      expect(limited.stderr).toMatch(/^score: 0 docs \(not scored: 1 too_many_pages\)/);
    },
    60_000,
  );

  it("puts the decisions file in place only when whole: killed midway, the earlier file is still there", async () => {
    const dir = tempDir("assay-score-");
    const docs = docsFile(dir, 20_000);
    const decisions = join(dir, "decisions.jsonl");
    writeFileSync(decisions, "earlier decisions\n");
    const child = spawn(process.execPath, [ASSAY, "score", docs, "--decisions", decisions], { stdio: "ignore" });
    let done = false;
    const exited = new Promise((resolve) => child.on("exit", resolve)).then(() => {
      done = true;
    });
    // Killed once scoring has written something, to a temporary file or (as it did) under the name itself.
    const temporary = () =>
      readdirSync(dir).find((name) => name.startsWith(".decisions.jsonl.") && name.endsWith(".tmp"));
    for (;;) {
      const temp = temporary();
      if (done || (temp && readFileSync(join(dir, temp)).length > 0)) break;
      if (readFileSync(decisions, "utf8") !== "earlier decisions\n") break;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    child.kill("SIGKILL");
    await exited;
    expect(readFileSync(decisions, "utf8")).toBe("earlier decisions\n");
    const stray = readdirSync(dir).filter((name) => name.endsWith(".tmp"));
    // run to the end, the file is replaced whole, and no temporary file of its own is left beside it (a few documents
    // show it: the killed run needed many only to be caught midway)
    const few = docsFile(dir, 3, "few.jsonl");
    const scored = await assay("score", few, "--decisions", decisions, "-q");
    expect(scored.status, scored.stderr).toBe(0);
    expect(readFileSync(decisions, "utf8").trim().split("\n")).toHaveLength(3);
    expect(readdirSync(dir).filter((name) => name.endsWith(".tmp"))).toEqual(stray);
  }, 60_000);

  it("writes to standard output with -, or a name of it, the summary then going to stderr", async () => {
    const dir = tempDir("assay-score-");
    const docs = docsFile(dir, 3);
    const dash = await assayTo(dir, join(dir, "dash.out"), "score", docs, "--decisions", "-");
    expect(dash.status, dash.stderr).toBe(0);
    expect(existsSync(join(dir, "-")), "no file named -").toBe(false);
    const lines = readFileSync(join(dir, "dash.out"), "utf8").trim().split("\n");
    expect(lines).toHaveLength(3);
    for (const line of lines) expect(line).toMatch(DECISION_LINE);
    expect(dash.stderr).toMatch(/^score: 3 docs, filters .* -> standard output\n$/);
    // `--decisions /dev/stdout > file`: the summary wrote over the first record
    for (const name of ["/dev/stdout", "/dev/fd/1"]) {
      const named = await assayTo(dir, join(dir, "named.out"), "score", docs, "--decisions", name);
      expect(named.status, named.stderr).toBe(0);
      expect(readFileSync(join(dir, "named.out"), "utf8"), name).toBe(readFileSync(join(dir, "dash.out"), "utf8"));
      expect(named.stderr, name).toMatch(/^score: 3 docs/);
    }
  }, 60_000);

  it("ends quietly when the reader of its standard output stops early", async () => {
    const dir = tempDir("assay-score-");
    // 1,500 decisions, some 150 kB: more than a pipe holds (64 kB), so that writes go on after the reader has gone.
    const docs = docsFile(dir, 1_500);
    for (const name of ["-", "/dev/stdout"]) {
      const piped = await promisify(execFile)(
        "bash",
        ["-c", `set -o pipefail; "${process.execPath}" "${ASSAY}" score "${docs}" --decisions ${name} | head -1`],
        { cwd: dir },
      );
      expect(piped.stdout.trimEnd(), name).toMatch(DECISION_LINE);
      expect(piped.stderr, name).toBe("");
    }
  }, 60_000);

  it("refuses a filter named twice, and a path that is not a file", async () => {
    const dir = tempDir("assay-score-");
    const docs = docsFile(dir, 1);
    const twice = await assay("score", docs, "--decisions", join(dir, "d.jsonl"), "--filters", "c4,fineweb,c4");
    expect([twice.status, twice.stderr]).toEqual([
      2,
      expect.stringMatching(/^assay score: filter "c4" is named twice/),
    ]);
    mkdirSync(join(dir, "folder"));
    const folder = await assay("score", docs, "--decisions", join(dir, "folder"));
    expect([folder.status, folder.stderr]).toEqual([
      1,
      expect.stringMatching(/folder is a directory: give the path of a file/),
    ]);
  }, 60_000);

  it("writes into a device or a named pipe as it is: /dev/null, or a pipe another program reads", async () => {
    const dir = tempDir("assay-score-");
    const docs = docsFile(dir, 30);
    const discarded = await assay("score", docs, "--decisions", "/dev/null");
    expect([discarded.status, discarded.stderr]).toEqual([0, ""]);
    const fifo = join(dir, "decisions.fifo");
    await promisify(execFile)("mkfifo", [fifo]);
    const reader = promisify(execFile)("cat", [fifo]);
    const piped = await assay("score", docs, "--decisions", fifo);
    expect([piped.status, piped.stderr]).toEqual([0, ""]);
    const lines = (await reader).stdout.trim().split("\n");
    expect(lines).toHaveLength(30);
    for (const line of lines) expect(line).toMatch(DECISION_LINE);
  }, 60_000);
});
