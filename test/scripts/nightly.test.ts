// scripts/nightly.sh, as cron runs it: nights of papers sharing one index, one process and two ranks, a night run
// again, an empty drop folder. Quiet when all goes well; each night publishes only what no earlier night did.
import { execFile } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { duckdbQuery } from "../duckdb.js";
import { tempDir } from "../temp-dir.js";

const ROOT = join(import.meta.dirname, "../..");
const PAPERS = join(ROOT, "../shared/reference/papers/docs.jsonl");
const PDFS = join(ROOT, "../shared/corpus/pdf/born-digital");
const present = existsSync(PAPERS);
if (!present) console.warn(`skipping nightly script test: ${PAPERS} absent`);

async function nightly(...args: string[]): Promise<{ status: number; stdout: string; stderr: string }> {
  const env = { ...process.env };
  for (const name of ["SLURM_ARRAY_TASK_ID", "SLURM_ARRAY_TASK_COUNT", "JOB_COMPLETION_INDEX"]) delete env[name];
  try {
    const { stdout, stderr } = await promisify(execFile)("bash", [join(ROOT, "scripts/nightly.sh"), ...args], { env });
    return { status: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code?: number; stdout?: string; stderr?: string };
    return { status: e.code ?? -1, stdout: e.stdout ?? "", stderr: e.stderr ?? "" };
  }
}

const ids = async (dir: string) =>
  (await duckdbQuery(`SELECT id FROM read_parquet('${dir}/*.parquet') ORDER BY id`)).map((r) => r.id);

describe.skipIf(!present)("scripts/nightly.sh", () => {
  it("publishes each night what is new, quietly, the same again when a night is run again", async () => {
    const dir = tempDir("assay-nightly-script-");
    const papers = readFileSync(PAPERS, "utf8").split("\n").filter(Boolean);
    const drop = (night: string, picks: number[]) => {
      mkdirSync(join(dir, night));
      writeFileSync(join(dir, night, "papers.jsonl"), picks.map((k) => `${papers[k]}\n`).join(""));
      return join(dir, night);
    };
    const id = (k: number) => (JSON.parse(papers[k] as string) as { id: string }).id;
    const state = join(dir, "state");

    const first = await nightly(drop("night1", [0, 3, 4, 5]), state, "night1");
    expect(first).toEqual({ status: 0, stdout: "", stderr: "" });
    expect(await ids(join(state, "published/night1/data"))).toEqual([0, 3, 4, 5].map(id).sort());

    // two ranks; two papers published last night come again
    const night2 = drop("night2", [4, 5, 6, 7]);
    const second = await nightly(night2, state, "night2", "2");
    expect(second).toEqual({ status: 0, stdout: "", stderr: "" });
    expect(await ids(join(state, "published/night2/data"))).toEqual([6, 7].map(id).sort());
    const duplicates = await duckdbQuery(
      `SELECT id, duplicate_of FROM read_parquet('${state}/work/night2/dedup/rejects/*.parquet') ORDER BY id`,
    );
    expect(duplicates).toEqual([4, 5].map((k) => ({ id: id(k), duplicate_of: id(k) })));
    const summary = JSON.parse(readFileSync(join(state, "published/night2.json"), "utf8"));
    expect(summary).toMatchObject({ files: 1, documents: 4, duplicates: 2, published: 2 });

    // run again: the same shards, and the index keeps one generation per night
    const manifest = () => JSON.parse(readFileSync(join(state, "published/night2/manifest.json"), "utf8")).shards;
    const shards = manifest();
    expect((await nightly(night2, state, "night2", "2")).status).toBe(0);
    expect(manifest()).toEqual(shards);
    // run again by hand with another WORLD_SIZE or ASSAY_FLAGS: refused in the script's words, before any pass
    const otherWorld = await nightly(night2, state, "night2", "1");
    expect([otherWorld.status, otherWorld.stderr]).toEqual([
      2,
      'nightly.sh: night night2 ran with WORLD_SIZE 2, ASSAY_FLAGS "", not WORLD_SIZE 1, ASSAY_FLAGS "": run it again with those\n',
    ]);
    process.env.ASSAY_FLAGS = "--ocr  never";
    const otherFlags = await nightly(night2, state, "night2", "2").finally(() => delete process.env.ASSAY_FLAGS);
    expect(otherFlags.stderr).toMatch(
      /ran with WORLD_SIZE 2, ASSAY_FLAGS "", not WORLD_SIZE 2, ASSAY_FLAGS "--ocr never"/,
    );
    expect(readFileSync(join(state, "index/gen-00002/docs.jsonl"), "utf8").split("\n").filter(Boolean)).toHaveLength(2);

    // night 1's work files removed after it published: running it again would publish nothing, so it is refused
    rmSync(join(state, "work/night1"), { recursive: true });
    const removed = await nightly(join(dir, "night1"), state, "night1");
    expect(removed.status).toBe(1);
    expect(removed.stderr).toMatch(
      /^nightly.sh: night night1 published .*gen-00001 before its work files were removed/,
    );

    // nothing arrived: nothing to publish, nothing wrong
    mkdirSync(join(dir, "night3"));
    expect(await nightly(join(dir, "night3"), state, "night3")).toEqual({ status: 0, stdout: "", stderr: "" });
    expect(existsSync(join(state, "published/night3"))).toBe(false);
    // no drop folder at all is wrong
    const missing = await nightly(join(dir, "night4"), state, "night4");
    expect(missing.status).toBe(1);
    expect(missing.stderr.trim().split("\n")).toHaveLength(1);
  }, 180_000);

  it("publishes a later arXiv version of a paper published on an earlier night and names the one it replaces", async () => {
    const dir = tempDir("assay-nightly-supersede-");
    const { text } = JSON.parse(readFileSync(PAPERS, "utf8").split("\n")[0] as string) as { text: string };
    const version = (id: string, v: number, body: string) =>
      JSON.stringify({ id, text: body, arxiv_id: "1606.01234", arxiv_version: v });
    const drop = (night: string, ...records: string[]) => {
      mkdirSync(join(dir, night));
      writeFileSync(join(dir, night, "papers.jsonl"), records.map((r) => `${r}\n`).join(""));
      return join(dir, night);
    };
    const v1 = version("paper-v1", 1, text);
    const v2 = version("paper-v2", 2, `${text}\n\nAcknowledgements for the revised version go to our reviewers.`);
    const state = join(dir, "state");
    const night = (name: string) => JSON.parse(readFileSync(join(state, `published/${name}.json`), "utf8"));

    expect(await nightly(drop("night1", v1), state, "night1")).toEqual({ status: 0, stdout: "", stderr: "" });
    expect(await ids(join(state, "published/night1/data"))).toEqual(["paper-v1"]);
    expect(night("night1")).toMatchObject({ published: 1, superseded: 0, supersessions: [] });

    expect(await nightly(drop("night2", v2), state, "night2")).toEqual({ status: 0, stdout: "", stderr: "" });
    expect(await ids(join(state, "published/night2/data"))).toEqual(["paper-v2"]);
    const replaced = { id: "paper-v1", superseded_by: "paper-v2", generation: "gen-00001" };
    expect(night("night2")).toMatchObject({ duplicates: 0, published: 1, superseded: 1, supersessions: [replaced] });
    expect(readFileSync(join(state, "work/night2/dedup/superseded.jsonl"), "utf8")).toBe(
      `${JSON.stringify(replaced)}\n`,
    );

    // v1 again: a duplicate of v2, the paper's published copy now
    expect(await nightly(drop("night3", v1), state, "night3")).toEqual({ status: 0, stdout: "", stderr: "" });
    expect(await ids(join(state, "published/night3/data"))).toEqual([]);
    const duplicates = await duckdbQuery(
      `SELECT id, duplicate_of FROM read_parquet('${state}/work/night3/dedup/rejects/*.parquet')`,
    );
    expect(duplicates).toEqual([{ id: "paper-v1", duplicate_of: "paper-v2" }]);
    expect(night("night3")).toMatchObject({ duplicates: 1, published: 0, superseded: 0 });

    // another paper under the id published on night 2: not a duplicate of it, a reject of its own
    const other = JSON.parse(readFileSync(PAPERS, "utf8").split("\n")[1] as string) as { text: string };
    const reused = JSON.stringify({ id: "paper-v2", text: other.text });
    expect(await nightly(drop("night4", reused), state, "night4")).toEqual({ status: 0, stdout: "", stderr: "" });
    expect(night("night4")).toMatchObject({ duplicates: 0, published: 0, rejected: { duplicate_id: 1 } });
  }, 180_000);

  it.skipIf(!existsSync(PDFS))(
    "gives PDFs of one file name on two nights two ids",
    async () => {
      const dir = tempDir("assay-nightly-names-");
      const state = join(dir, "state");
      const sources = ["nips2014_sequence-to-sequence.pdf", "arxiv-1503.02531v1_distillation.pdf"];
      for (const [k, night] of ["night1", "night2"].entries()) {
        mkdirSync(join(dir, night));
        copyFileSync(join(PDFS, sources[k] as string), join(dir, night, "paper.pdf"));
        expect(await nightly(join(dir, night), state, night)).toEqual({ status: 0, stdout: "", stderr: "" });
      }
      expect(await ids(join(state, "published/night1/data"))).toEqual(["night1/paper"]);
      expect(await ids(join(state, "published/night2/data"))).toEqual(["night2/paper"]);
    },
    180_000,
  );
});

describe("scripts/nightly.sh with ranks that fail alike", () => {
  it("says once what every rank says (a full disk), and exits with their status", async () => {
    const dir = tempDir("assay-nightly-ranks-");
    mkdirSync(join(dir, "drop"));
    writeFileSync(join(dir, "drop", "papers.jsonl"), `${JSON.stringify({ id: "a", text: "a paper" })}\n`);
    // an assay that fails the way each rank does on a full disk
    const fake = join(dir, "assay.sh");
    writeFileSync(fake, `echo "assay run: no space left on the device (ENOSPC)" >&2\nexit 1\n`);
    const env = { ...process.env, ASSAY: `bash ${fake}` };
    const run = promisify(execFile)(
      "bash",
      [join(ROOT, "scripts/nightly.sh"), join(dir, "drop"), join(dir, "state"), "n1", "3"],
      {
        env,
      },
    );
    const failed = (await run.then(
      () => ({ code: 0, stderr: "" }),
      (error: { code: number; stderr: string }) => error,
    )) as { code: number; stderr: string };
    expect(failed.code).toBe(1);
    expect(failed.stderr).toBe("assay run: no space left on the device (ENOSPC)\n");
  });
});
