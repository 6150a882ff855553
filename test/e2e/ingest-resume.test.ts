// `assay ingest` killed (SIGKILL, as a Slurm time limit or the OOM killer ends it) and run again into its --out: the
// PDFs whose extraction it saved before the kill are not read again, and the output is an uninterrupted run's.
import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import {
  appendFileSync,
  copyFileSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  truncateSync,
  writeFileSync,
} from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { INPUT_FILES_RESUMED } from "../../ingest/ingest-counters.js";
import type { StepStatsJson } from "../../src/stats.js";
import { textPdf } from "../fixtures/text-pdf.js";
import { tempDir } from "../temp-dir.js";
import { assay, CORPUS, ROOT } from "./cli.js";

const BORN_DIGITAL = join(CORPUS, "born-digital");
const present = existsSync(BORN_DIGITAL);

// Inputs are read in path order: notes made in code first, extracted in milliseconds, then two short papers.
const notes = ["1-note.pdf", "2-note.pdf", "3-note.pdf"];
const PAPERS = ["arxiv-1409.3215v3_seq2seq.pdf", "arxiv-1503.02531v1_distillation.pdf"];
async function writeNotes(inDir: string): Promise<void> {
  for (const [k, name] of notes.entries()) {
    const topic = ["river sediments", "protein folding", "sparse matrices"][k];
    const lines = Array.from(
      { length: 12 },
      (_, i) => `Section ${i + 1} of a short note on ${topic}: we measured it ${k + i} times and report each value.`,
    );
    writeFileSync(join(inDir, name), await textPdf(lines));
  }
}

const sha256 = (path: string) => createHash("sha256").update(readFileSync(path)).digest("hex");
const savedIn = (dir: string) =>
  existsSync(dir) ? readdirSync(dir).filter((name) => !name.startsWith(".") && name.endsWith(".v8.gz")) : [];

function ingestStats(out: string): StepStatsJson {
  const { steps } = JSON.parse(readFileSync(join(out, "stats.json"), "utf8")) as { steps: StepStatsJson[] };
  return steps[0] as StepStatsJson;
}

describe("assay ingest killed and run again", () => {
  // Killed while it extracts a paper, after it saved the notes' extractions (needs ../shared/corpus/pdf/born-digital).
  it.skipIf(!present)(
    "takes the PDFs it had finished from what it saved, reads a changed PDF and a damaged entry's PDF again, and writes the uninterrupted run's rows",
    async () => {
      const dir = tempDir("assay-resume-");
      const inDir = join(dir, "in");
      mkdirSync(inDir);
      await writeNotes(inDir);
      for (const name of PAPERS) copyFileSync(join(BORN_DIGITAL, name), join(inDir, name));
      const papers = [...notes, ...PAPERS];
      const args = (out: string) => ["ingest", inDir, "--out", out, "--workers", "1", "--format", "jsonl"];

      const killedOut = join(dir, "killed");
      const saved = join(killedOut, "ranks", "resume-00000", "ingest");
      const child = spawn(process.execPath, [join(ROOT, "bin/assay.js"), ...args(killedOut), "-q"], {
        cwd: ROOT,
        stdio: "ignore",
      });
      const exited = new Promise((resolve) => child.once("exit", resolve));
      while (savedIn(saved).length < 3 && child.exitCode === null) await new Promise((r) => setTimeout(r, 20));
      child.kill("SIGKILL");
      await exited;
      expect(child.signalCode, "the run ended before it was killed").toBe("SIGKILL");
      expect(existsSync(join(killedOut, "ranks", "manifest-00000.json"))).toBe(false);
      const entries = savedIn(saved);
      expect(entries.length).toBeGreaterThanOrEqual(3);
      expect(entries.length).toBeLessThan(papers.length);

      // Of the PDFs saved before the kill, one changes (bytes appended after %%EOF: the same text, another sha256) and
      // another's entry is cut short.
      const entryOf = (name: string) => entries.find((entry) => entry.startsWith(sha256(join(inDir, name))));
      const [changed, damaged] = papers.filter((name) => entryOf(name) !== undefined) as [string, string];
      truncateSync(join(saved, entryOf(damaged) as string), 100);
      appendFileSync(join(inDir, changed), "\n% appended after the end\n");

      const wholeOut = join(dir, "whole");
      const whole = await assay(...args(wholeOut), "-q");
      expect(whole.status, whole.stderr).toBe(0);
      const rerun = await assay(...args(killedOut));
      expect(rerun.status, rerun.stderr).toBe(0);

      const resumed = entries.length - 2;
      expect(ingestStats(killedOut).counters[INPUT_FILES_RESUMED]).toBe(resumed);
      expect(rerun.stdout).toContain(
        `${resumed} PDFs taken from the extractions an interrupted run or this command's first pass saved`,
      );
      for (const kind of ["data", "rejects"])
        expect(readFileSync(join(killedOut, kind, "part-00000-00000.jsonl"), "utf8")).toBe(
          readFileSync(join(wholeOut, kind, "part-00000-00000.jsonl"), "utf8"),
        );
      const { seconds: _s, counters, ...figures } = ingestStats(killedOut);
      const { seconds: _w, counters: wholeCounters, ...wholeFigures } = ingestStats(wholeOut);
      expect(figures).toEqual(wholeFigures);
      expect({ ...counters, [INPUT_FILES_RESUMED]: undefined }).toEqual({ ...wholeCounters });
      // Read again, not taken from the entry saved for its old bytes: the row carries the new sha256.
      const rows = readFileSync(join(killedOut, "data", "part-00000-00000.jsonl"), "utf8")
        .trim()
        .split("\n");
      const changedRow = rows.map((line) => JSON.parse(line)).find((row) => row.id === changed.slice(0, -4));
      expect(changedRow.source_sha256).toBe(sha256(join(inDir, changed)));
      // The rank is complete: what it saved is removed.
      expect(existsSync(join(killedOut, "ranks", "resume-00000"))).toBe(false);
    },
    240_000,
  );

  it("assay dedup and assay rank given PDFs extract each once: the pass that writes takes the first pass's", async () => {
    const dir = tempDir("assay-once-");
    const inDir = join(dir, "in");
    mkdirSync(inDir);
    await writeNotes(inDir);
    const run = async (...args: string[]) => {
      const result = await assay(...args, "--workers", "1", "--format", "jsonl", "-q", "--no-report");
      expect(result.status, result.stderr).toBe(0);
    };
    const rowsOf = (out: string) =>
      ["data", "rejects"].map((kind) => readFileSync(join(out, kind, "part-00000-00000.jsonl"), "utf8"));
    // dedup in one process; rank staged, its sketch and apply two processes as two array jobs would be
    await run("dedup", inDir, "--out", join(dir, "dedup"));
    await run("rank", inDir, "--out", join(dir, "rank"), "--stage", "sketch");
    expect(savedIn(join(dir, "rank", "ranks", "resume-00000", "ingest"))).toHaveLength(3);
    await run("rank", inDir, "--out", join(dir, "rank"), "--stage", "apply");
    for (const command of ["dedup", "rank"]) {
      const out = join(dir, command);
      expect(ingestStats(out).counters[INPUT_FILES_RESUMED], command).toBe(3);
      expect(existsSync(join(out, "ranks", "resume-00000")), command).toBe(false);
    }
    // the staged rank's rows are the one-process rank's (a saved reply is the reply: the first test)
    await run("rank", inDir, "--out", join(dir, "rank-all"));
    expect(rowsOf(join(dir, "rank"))).toEqual(rowsOf(join(dir, "rank-all")));
  }, 240_000);
});
