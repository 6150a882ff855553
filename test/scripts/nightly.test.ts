// scripts/nightly.sh, as cron runs it: nights of papers sharing one index, one process and two ranks, a night run
// again, an empty drop folder. Quiet when all goes well; each night publishes only what no earlier night did.
import { execFile } from "node:child_process";
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import { beforeAll, describe, expect, it } from "vitest";
import { kindOf } from "../../src/io/inputs.js";
import { duckdbQuery } from "../duckdb.js";
import { tempDir } from "../temp-dir.js";

const ROOT = join(import.meta.dirname, "../..");
const PAPERS = join(ROOT, "../shared/reference/papers/docs.jsonl");
const PDFS = join(ROOT, "../shared/corpus/pdf/born-digital");
const present = existsSync(PAPERS) && existsSync(PDFS);
if (!present) console.warn(`skipping nightly script test: ${PAPERS} or ${PDFS} absent`);

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

/** Every file under `dir` (but the nights' locks) with its size and modification time. */
const filesOf = (dir: string) =>
  (readdirSync(dir, { recursive: true }) as string[])
    .filter((name) => !name.endsWith(".lock") && statSync(join(dir, name)).isFile())
    .sort()
    .map((name) => {
      const { size, mtimeMs } = statSync(join(dir, name));
      return { name, size, mtimeMs };
    });

/** A new temp folder (`prefix`) whose drop/papers.jsonl holds the first `count` reference papers. */
function paperDrop(prefix: string, count: number): { dir: string; drop: string } {
  const dir = tempDir(prefix);
  const drop = join(dir, "drop");
  mkdirSync(drop);
  const records = readFileSync(PAPERS, "utf8").split("\n").filter(Boolean).slice(0, count);
  writeFileSync(join(drop, "papers.jsonl"), records.map((r) => `${r}\n`).join(""));
  return { dir, drop };
}

const ids = async (dir: string) =>
  (await duckdbQuery(`SELECT id FROM read_parquet('${dir}/*.parquet') ORDER BY id`)).map((r) => r.id);

describe.skipIf(!present)("scripts/nightly.sh", () => {
  // One lab's nights, shared by the tests below (each run of the script is a few CLI processes per rank): night 1 in
  // one process, night 2 on two ranks. Each night's drop folder holds every test's papers: JSON Lines records, among
  // them an arXiv paper's v1 and v2, and a PDF named paper.pdf. No PDF is a copy of a record's paper.
  const dir = tempDir("assay-nightly-script-");
  const state = join(dir, "state");
  const papers = present ? readFileSync(PAPERS, "utf8").split("\n").filter(Boolean) : [];
  const paper = (k: number) => JSON.parse(papers[k] as string) as { id: string; text: string };
  const id = (k: number) => paper(k).id;
  // an arXiv paper's versions: v2 adds a paragraph
  const arxiv = (v: 1 | 2) =>
    JSON.stringify({
      id: `paper-v${v}`,
      text:
        v === 1 ? paper(24).text : `${paper(24).text}\n\nAcknowledgements for the revised version go to our reviewers.`,
      arxiv_id: "1606.01234",
      arxiv_version: v,
    });
  const drop = (night: string, records: string[], pdf?: string) => {
    mkdirSync(join(dir, night));
    writeFileSync(join(dir, night, "papers.jsonl"), records.map((r) => `${r}\n`).join(""));
    if (pdf) copyFileSync(join(PDFS, pdf), join(dir, night, "paper.pdf"));
    return join(dir, night);
  };
  const picks = (...ks: number[]) => ks.map((k) => papers[k] as string);
  const summary = (night: string) => JSON.parse(readFileSync(join(state, `published/${night}.json`), "utf8"));
  const quiet = { status: 0, stdout: "", stderr: "" };
  let first: Awaited<ReturnType<typeof nightly>>;
  let second: Awaited<ReturnType<typeof nightly>>;

  beforeAll(async () => {
    const night1 = drop("night1", [...picks(0, 3, 4, 5), arxiv(1)], "arxiv-1503.02531v1_distillation.pdf");
    first = await nightly(night1, state, "night1");
    // two ranks; two papers published last night come again, and the arXiv paper's v2
    const night2 = drop("night2", [...picks(4, 5, 6, 7), arxiv(2)], "arxiv-1803.06373v1_adversarial-logit-pairing.pdf");
    second = await nightly(night2, state, "night2", "2");
  }, 300_000);

  it("publishes each night what is new, quietly, the same again when a night is run again", async () => {
    expect(first).toEqual(quiet);
    expect(await ids(join(state, "published/night1/data"))).toEqual(
      [...[0, 3, 4, 5].map(id), "paper-v1", "night1/paper"].sort(),
    );

    expect(second).toEqual(quiet);
    const published2 = [...[6, 7].map(id), "paper-v2", "night2/paper"].sort();
    expect(await ids(join(state, "published/night2/data"))).toEqual(published2);
    const duplicates = await duckdbQuery(
      `SELECT id, duplicate_of FROM read_parquet('${state}/work/night2/dedup/rejects/*.parquet') ORDER BY id`,
    );
    expect(duplicates).toEqual([4, 5].map((k) => ({ id: id(k), duplicate_of: id(k) })));
    expect(summary("night2")).toMatchObject({ files: 2, documents: 6, duplicates: 2, published: 4 });

    // run again: finished work found finished, every file of the lab's state as it was (a stage that ran again would
    // write its files anew), and the index keeps one generation per night
    const manifest = () => JSON.parse(readFileSync(join(state, "published/night2/manifest.json"), "utf8")).shards;
    const shards = manifest();
    const before = filesOf(state);
    const night2 = join(dir, "night2");
    expect(await nightly(night2, state, "night2", "2")).toEqual(quiet);
    expect(manifest()).toEqual(shards);
    expect(filesOf(state)).toEqual(before);
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
    const generation2 = readFileSync(join(state, "index/gen-00002/docs.jsonl"), "utf8").split("\n").filter(Boolean);
    expect(generation2.map((line) => (JSON.parse(line) as { id: string }).id).sort()).toEqual(published2);

    // night 1's work files removed after it published: running it again would publish nothing, so it is refused
    rmSync(join(state, "work/night1"), { recursive: true });
    const removed = await nightly(join(dir, "night1"), state, "night1");
    expect(removed.status).toBe(1);
    expect(removed.stderr).toMatch(
      /^nightly.sh: night night1 published .*gen-00001 before its work files were removed/,
    );

    // nothing arrived: nothing to publish, nothing wrong
    mkdirSync(join(dir, "empty"));
    expect(await nightly(join(dir, "empty"), state, "empty")).toEqual(quiet);
    expect(existsSync(join(state, "published/empty"))).toBe(false);
    // no drop folder at all is wrong
    const missing = await nightly(join(dir, "absent"), state, "absent");
    expect(missing.status).toBe(1);
    expect(missing.stderr.trim().split("\n")).toHaveLength(1);
  }, 180_000);

  it("publishes a later arXiv version of a paper published on an earlier night and names the one it replaces", async () => {
    // night 1 published v1 (the test above checks each night's ids), night 2 v2
    expect(summary("night1")).toMatchObject({ superseded: 0, supersessions: [] });
    const replaced = { id: "paper-v1", superseded_by: "paper-v2", generation: "gen-00001" };
    expect(summary("night2")).toMatchObject({ superseded: 1, supersessions: [replaced] });
    expect(readFileSync(join(state, "work/night2/dedup/superseded.jsonl"), "utf8")).toBe(
      `${JSON.stringify(replaced)}\n`,
    );

    // v1 again: a duplicate of v2, the paper's published copy now; and another paper under the id published on
    // night 2: not a duplicate of it, a reject of its own
    const reused = JSON.stringify({ id: "paper-v2", text: paper(14).text });
    expect(await nightly(drop("night3", [arxiv(1), reused]), state, "night3")).toEqual(quiet);
    expect(await ids(join(state, "published/night3/data"))).toEqual([]);
    const rejects = await duckdbQuery(
      `SELECT id, reject_reason, duplicate_of FROM read_parquet('${state}/work/night3/dedup/rejects/*.parquet') ORDER BY id`,
    );
    expect(rejects).toEqual([
      { id: "paper-v1", reject_reason: "duplicate", duplicate_of: "paper-v2" },
      { id: "paper-v2", reject_reason: "duplicate_id", duplicate_of: "paper-v2" },
    ]);
    expect(summary("night3")).toMatchObject({
      duplicates: 1,
      published: 0,
      superseded: 0,
      rejected: { duplicate_id: 1 },
    });
  }, 180_000);

  it("gives PDFs of one file name on two nights two ids", async () => {
    const named = (night: string) =>
      duckdbQuery(`SELECT id FROM read_parquet('${state}/published/${night}/data/*.parquet') WHERE id LIKE '%/paper'`);
    expect(await named("night1")).toEqual([{ id: "night1/paper" }]);
    expect(await named("night2")).toEqual([{ id: "night2/paper" }]);
  });
});

describe.skipIf(!present)("scripts/nightly.sh with ASSAY_FLAGS", () => {
  it("applies a config file's settings to every pass and publishes under the night's whole config", async () => {
    const { dir, drop } = paperDrop("assay-nightly-config-", 6);
    const config = join(dir, "lab.json");
    writeFileSync(config, JSON.stringify({ rank: { keepTop: 0.5 } }));
    process.env.ASSAY_FLAGS = `--config ${config} --ocr never`;
    const state = join(dir, "state");
    const night = await nightly(drop, state, "n1").finally(() => delete process.env.ASSAY_FLAGS);
    expect(night).toEqual({ status: 0, stdout: "", stderr: "" });
    // the file's selection was applied by the rank pass (it was dropped: all six were published)
    const summary = JSON.parse(readFileSync(join(state, "published/n1.json"), "utf8"));
    expect(summary).toMatchObject({ documents: 6, published: 3, rejected: { below_keep_top: 3 } });
    // every tier is counted, those with no document too
    expect(Object.keys(summary.tiers)).toEqual(["A", "B", "C", "D"]);
    // the published manifest names the first pass's flags and the file's settings, and so does every row
    const manifest = JSON.parse(readFileSync(join(state, "published/n1/manifest.json"), "utf8"));
    expect(manifest.config).toMatchObject({ ingest: { ocr: "never", idPrefix: "n1/" }, rank: { keepTop: 0.5 } });
    const first = JSON.parse(readFileSync(join(state, "work/n1/stream/manifest.json"), "utf8"));
    expect(manifest.config_hash).toBe(first.config_hash);
    const hashes = await duckdbQuery(
      `SELECT DISTINCT config_hash FROM read_parquet('${state}/published/n1/data/*.parquet')`,
    );
    expect(hashes).toEqual([{ config_hash: first.config_hash }]);
  }, 120_000);
});

describe.skipIf(!present)("scripts/nightly.sh on a night begun before it passed the config on", () => {
  it("runs the night again as it began, quietly, leaving what it published as it was", async () => {
    const { dir, drop } = paperDrop("assay-nightly-legacy-", 4);
    // the passes as the earlier script ran them: dedup and rank under the default config
    const state = join(dir, "state");
    const work = join(state, "work", "n1");
    mkdirSync(join(state, "published"), { recursive: true });
    const cli = (...args: string[]) => promisify(execFile)(process.execPath, [join(ROOT, "bin/assay.js"), ...args]);
    await cli("run", drop, "--out", join(work, "stream"), "--id-prefix", "n1/", "--no-dedup", "--no-rank");
    await cli("dedup", join(work, "stream"), "--out", join(work, "dedup"), "--index", join(state, "index"), "-q");
    await cli("rank", join(work, "dedup"), "--out", join(state, "published", "n1"), "-q");
    writeFileSync(join(work, "ran-with"), 'WORLD_SIZE 1, ASSAY_FLAGS ""\n');
    const published = () => readFileSync(join(state, "published", "n1", "manifest.json"), "utf8");
    const before = published();
    expect(await nightly(drop, state, "n1")).toEqual({ status: 0, stdout: "", stderr: "" });
    expect(published()).toBe(before);
  }, 120_000);

  it("runs a night again, and the next, after its STATE folder was moved (another disk)", async () => {
    const { dir, drop } = paperDrop("assay-nightly-moved-", 3);
    const [first, moved] = [join(dir, "state"), join(dir, "elsewhere", "state")];
    expect(await nightly(drop, first, "n1")).toEqual({ status: 0, stdout: "", stderr: "" });
    const figures = readFileSync(join(first, "published", "n1.json"), "utf8");
    mkdirSync(join(dir, "elsewhere"));
    renameSync(first, moved);
    // dedup pinned its index as a path from its --out, not as the absolute path it was given
    expect(await nightly(drop, moved, "n1")).toEqual({ status: 0, stdout: "", stderr: "" });
    expect(readFileSync(join(moved, "published", "n1.json"), "utf8")).toBe(figures);
    // the next night dedups against the moved index: the same papers again publish nothing
    expect(await nightly(drop, moved, "n2")).toEqual({ status: 0, stdout: "", stderr: "" });
    expect(JSON.parse(readFileSync(join(moved, "published", "n2.json"), "utf8"))).toMatchObject({ published: 0 });
  }, 120_000);
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

describe("scripts/nightly.sh on a drop folder of one file", () => {
  it("runs a night for every kind of file a folder's walk reads, and takes a folder of others for an empty night", async () => {
    const dir = tempDir("assay-nightly-kinds-");
    // an assay that says it was run: the script went past its test for an empty night
    const fake = join(dir, "assay.sh");
    writeFileSync(fake, `echo ran >&2\nexit 3\n`);
    const env = { ...process.env, ASSAY: `bash ${fake}` };
    const extensions = ["pdf", "PDF", "pdf.gz", "parquet", "jsonl", "ndjson", "jsonl.gz", "jsonl.zst", "ndjson.gz"];
    // read too: compressed records of any of their names; not read: a plain .json, other names
    extensions.push("ndjson.zst", "json.gz", "json.zst", "json", "txt", "pdf.zst");
    for (const extension of extensions) {
      const drop = join(dir, extension, "drop");
      mkdirSync(drop, { recursive: true });
      writeFileSync(join(drop, `papers.${extension}`), "");
      const status = await promisify(execFile)(
        "bash",
        [join(ROOT, "scripts/nightly.sh"), drop, join(dir, extension, "state"), "n1"],
        { env },
      ).then(
        () => 0,
        (error: { code: number }) => error.code,
      );
      // a plain .json in a folder is one JSON document, not records: the walk leaves it out (src/io/inputs.ts)
      const read = kindOf(`papers.${extension}`) !== null && extension !== "json";
      expect(status, extension).toBe(read ? 3 : 0);
    }
  });
});
