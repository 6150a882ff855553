// The CLI contract for mistakes: one clear line on stderr and a non-zero status; --help everywhere.
import { execFile, execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { availableParallelism } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { discoverInputs } from "../../src/io/inputs.js";
import { duckdbQuery } from "../duckdb.js";
import { damagedParquet, damagedParquetIds, ROWS_BEFORE_DAMAGE } from "../fixtures/damaged-parquet.js";
import { tempDir } from "../temp-dir.js";
import { scoredDocs } from "../where-selected.js";
import { assay, ROOT } from "./cli.js";

function expectOk(result: { status: number; stderr: string }): void {
  expect(result.status, result.stderr).toBe(0);
}

/** The records of a one-rank JSON Lines output's rejects. */
function rejectRecords(out: string) {
  return readFileSync(join(out, "rejects", "part-00000-00000.jsonl"), "utf8")
    .trim()
    .split("\n")
    .map((line) => JSON.parse(line));
}

function docsFile(dir: string): string {
  const file = join(dir, "docs.jsonl");
  const text = "The method converges because the loss is convex. We show that the bound is tight. ".repeat(40);
  writeFileSync(
    file,
    // A UTF-8 byte-order mark, a good record, a broken line, a short record with mojibake and a reference, records without (visible) text, not
    // an object, another record under the first one's id.
    `\ufeff${JSON.stringify({ id: "a", text, arxiv_id: "arXiv:math.GT/0309136v2" })}\n{broken json\n${JSON.stringify({ id: "b", text: "Ã©tude â€” short &amp;amp; sweet" })}\n` +
      `${JSON.stringify({ id: "c" })}\n${JSON.stringify({ id: "d", text: " \n\u200b\ufeff " })}\n[1, 2]\n` +
      `${JSON.stringify({ id: "a", text: "Another text under the same id." })}\n`,
  );
  return file;
}

/** A temporary directory holding docs.jsonl of one short record: what a check of flags and config needs to run on. */
function oneShortDoc(): { dir: string; docs: string } {
  const dir = tempDir("assay-cli-");
  const docs = join(dir, "docs.jsonl");
  writeFileSync(docs, `${JSON.stringify({ id: "a", text: "One short line of text." })}\n`);
  return { dir, docs };
}

describe("assay CLI", () => {
  it("has --help on every command", async () => {
    const usage = new Map<string, string>();
    for (const command of ["run", "ingest", "filter", "score", "dedup", "rank", "lm", "inspect", "report"]) {
      const result = await assay(command, "--help");
      expect(result.status, command).toBe(0);
      expect(result.stdout, command).toMatch(new RegExp(`usage: assay ${command}`));
      // and says so, in lines a terminal of 120 columns shows whole
      expect(result.stdout, command).toMatch(/\n {2}-h, --help {2,}this help\n/);
      expect(
        result.stdout.split("\n").filter((line) => line.length > 120),
        command,
      ).toEqual([]);
      usage.set(command, result.stdout);
    }
    // `help X` is `X --help` for every X by construction (src/cli.ts dispatches it so): one command shows it.
    expect((await assay("help", "lm")).stdout, "help lm").toBe(usage.get("lm"));
    // nothing to do is a usage error: the usage on stderr, status 2
    const bare = await assay();
    expect([bare.status, bare.stdout, bare.stderr]).toEqual([2, "", expect.stringMatching(/usage: assay <command>/)]);
  }, 180_000);

  it("names usage and config mistakes in one line", async () => {
    const dir = tempDir("assay-cli-");
    const docs = docsFile(dir);
    const noOut = await assay("ingest", docs);
    expect(noOut.status).toBe(2);
    expect(noOut.stderr.trim().split("\n")).toHaveLength(1);
    expect(noOut.stderr).toMatch(/--out/);
    expect((await assay("frobnicate")).status).toBe(2);
    expect((await assay("ingest", docs, "--out", join(dir, "o"), "--bogus")).status).toBe(2);
    // a bad flag value is named as the flag, a usage mistake
    const badOcr = await assay("ingest", docs, "--out", join(dir, "o"), "--ocr", "bogus");
    expect(badOcr.status).toBe(2);
    expect(badOcr.stderr).toMatch(/^assay ingest: --ocr: .*"auto"\|"always"\|"never"/);
    expect((await assay("lm", "train", docs, "--out", join(dir, "m.lm"), "--order", "9")).status).toBe(2);
    // node:util's three-line messages come out as one
    for (const flags of [["--bogus"], ["--keep-top", "-1"]]) {
      const bad = await assay("rank", docs, "--out", join(dir, "o"), ...flags);
      expect(bad.status, flags.join(" ")).toBe(2);
      expect(bad.stderr.trim().split("\n"), flags.join(" ")).toHaveLength(1);
    }
    // an empty value (an unset shell variable) is not the current directory, and one flag given twice is refused
    for (const argv of [
      ["run", docs, "--out", ""],
      ["ingest", docs, "--out", ""],
      ["report", dir, "--out", ""],
      ["rank", docs, "--out", join(dir, "a"), "--out", join(dir, "b")],
    ]) {
      const refused = await assay(...argv);
      expect(refused.status, argv.join(" ")).toBe(2);
      expect(refused.stderr, argv.join(" ")).toMatch(/--out (needs a value|is given twice)/);
    }
    expect(existsSync(join(ROOT, "manifest.json")), "nothing written where the command ran").toBe(false);
    // a clusters file inside --out, or in a directory that does not exist, is refused before any work
    const inside = await assay("dedup", docs, "--out", join(dir, "d"), "--clusters", join(dir, "d", "c.jsonl"));
    expect([inside.status, inside.stderr]).toEqual([2, expect.stringMatching(/--clusters .* is inside --out/)]);
    const nowhere = await assay("dedup", docs, "--out", join(dir, "d"), "--clusters", join(dir, "no", "c.jsonl"));
    expect([nowhere.status, nowhere.stderr]).toEqual([1, expect.stringMatching(/does not exist/)]);
    // so is an index whose directory does not exist: a misspelt path would start an empty index and publish everything
    const noIndex = await assay("dedup", docs, "--out", join(dir, "d"), "--index", join(dir, "no", "index"));
    expect([noIndex.status, noIndex.stderr]).toEqual([
      1,
      expect.stringMatching(/^assay dedup: --index .* does not exist/),
    ]);
    expect(existsSync(join(dir, "d")), "no stage ran").toBe(false);
    expect(existsSync(join(dir, "no")), "nothing made for the index").toBe(false);
    // and one in a directory of other files, where the index would be mixed into them
    mkdirSync(join(dir, "papers"));
    writeFileSync(join(dir, "papers", "x.txt"), "mine");
    const foreign = await assay("dedup", docs, "--out", join(dir, "d"), "--index", join(dir, "papers"));
    expect([foreign.status, foreign.stderr]).toEqual([1, expect.stringMatching(/holds x\.txt, which is not part of/)]);
    expect(readdirSync(join(dir, "papers"))).toEqual(["x.txt"]);
    // or a file given as the index: one line saying so (it was the system's "scandir ... ENOTDIR")
    const file = await assay("dedup", docs, "--out", join(dir, "d"), "--index", join(dir, "papers", "x.txt"));
    expect([file.status, file.stderr]).toEqual([
      1,
      expect.stringMatching(/^assay dedup: --index .*x\.txt is a file: /),
    ]);
    // run checks --out itself: not a file, not someone else's directory; write errors are one line
    writeFileSync(join(dir, "notes.txt"), "mine");
    for (const out of [dir, join(dir, "notes.txt")]) {
      const refused = await assay("run", docs, "--out", out);
      expect(refused.status, out).toBe(1);
      expect(refused.stderr.trim().split("\n"), out).toHaveLength(1);
    }
    // a run with another config is refused under the name the user gave, not its stages/ folder; a --min-score on a
    // filter's score is one run takes
    const runOut = join(dir, "run");
    const minScore = ["--min-score", "prose_char_share=0.5"];
    const first = await assay("run", docs, "--out", runOut, ...minScore, "--quiet", "--no-report");
    expect(first.status, first.stderr).toBe(0);
    const again = await assay("run", docs, "--out", runOut, ...minScore, "--no-report");
    expect(again.stdout).toMatch(new RegExp(`^${runOut} was already complete: nothing to do\n`));
    const otherConfig = await assay("run", docs, "--out", runOut, ...minScore, "--format", "jsonl");
    expect(otherConfig.status).toBe(1);
    expect(otherConfig.stderr).toMatch(new RegExp(`^assay run: --out ${runOut} holds a run with another config`));
    // under /proc, Node's recursive mkdir spun for ever
    const kernel = await assay("ingest", docs, "--out", "/proc/assay-out");
    expect(kernel.status).toBe(1);
    expect(kernel.stderr).toMatch(/^assay ingest: --out \/proc\/assay-out is under a kernel file system/);
    // inside another run's output, a rerun of that run would clear what this one wrote
    const nested = await assay("ingest", docs, "--out", join(runOut, "data", "more"));
    expect(nested.status).toBe(1);
    expect(nested.stderr).toMatch(
      new RegExp(`^assay ingest: --out ${runOut}/data/more is inside the assay output ${runOut},`),
    );
    expect(existsSync(join(runOut, "data", "more"))).toBe(false);
    // and so is one reached through a link into it
    symlinkSync(join(runOut, "data"), join(dir, "link-to-data"));
    const linked = await assay("ingest", docs, "--out", join(dir, "link-to-data", "more"));
    expect([linked.status, linked.stderr]).toEqual([1, expect.stringMatching(/is inside the assay output /)]);
    const unwritable = await assay("run", docs, "--out", join(dir, "notes.txt", "out"));
    expect(unwritable.status).toBe(1);
    expect(unwritable.stderr).toMatch(
      /^assay run: mkdir .*a part of the path is a file, not a directory \(ENOTDIR\)\n$/,
    );

    const config = join(dir, "config.json");
    writeFileSync(config, JSON.stringify({ ingest: { maxPagez: 3 } }));
    const badConfig = await assay("ingest", docs, "--out", join(dir, "o"), "--config", config);
    expect(badConfig.status).toBe(1);
    expect(badConfig.stderr.trim().split("\n")).toHaveLength(1);
    expect(badConfig.stderr).toMatch(/maxPagez/);

    const missing = await assay("ingest", join(dir, "nope"), "--out", join(dir, "o"));
    expect(missing.status).toBe(1);
    expect(missing.stderr).toMatch(/does not exist/);

    // licences: a metadata file that is not there, an empty list
    const noMetadata = await assay("filter", docs, "--out", join(dir, "o"), "--arxiv-metadata", join(dir, "nope"));
    expect(noMetadata.status).toBe(1);
    expect(noMetadata.stderr).toMatch(/^assay filter: cannot read arXiv metadata .*ENOENT\n$/);
    const noLicences = await assay("filter", docs, "--out", join(dir, "o"), "--licenses", ",");
    expect(noLicences.status).toBe(2);
    expect(noLicences.stderr).toMatch(/--licenses takes licence names/);

    // report needs a finished run's directory
    const notARun = await assay("report", dir);
    expect(notARun.status).toBe(1);
    expect(notARun.stderr.trim().split("\n")).toHaveLength(1);
    expect(notARun.stderr).toMatch(/no readable manifest.json .*finished run/);
    expect((await assay("report")).status).toBe(2);
    expect((await assay("report", dir, "--sample", "many")).status).toBe(2);
  }, 180_000);

  it("routes invalid records to rejects, resumes a finished run, and refuses a dir with another config or command", async () => {
    const dir = tempDir("assay-cli-");
    const docs = docsFile(dir);
    const out = join(dir, "out");
    const first = await assay("ingest", docs, "--out", out, "--format", "jsonl");
    expect(first.status, first.stderr).toBe(0);
    const rejects = readFileSync(join(out, "rejects", "part-00000-00000.jsonl"), "utf8")
      .trim()
      .split("\n");
    // one reason per kind of fault; the broken line is kept as the reject's text
    expect(
      rejects
        .map((r) => JSON.parse(r))
        .map(({ id, text, stage, reject_reason }) => ({ id, text, stage, reject_reason })),
    ).toEqual([
      { id: "docs.jsonl#2", text: "{broken json", stage: "ingest", reject_reason: "invalid_record:not_json" },
      { id: "c", text: "", stage: "ingest", reject_reason: "invalid_record:no_text" },
      // white space and invisible characters (a zero-width space, a byte-order mark) are no text either
      { id: "d", text: " \n\u200b\ufeff ", stage: "ingest", reject_reason: "invalid_record:no_text" },
      { id: "docs.jsonl#6", text: "[1, 2]", stage: "ingest", reject_reason: "invalid_record:not_object" },
      { id: "a", text: "Another text under the same id.", stage: "ingest", reject_reason: "duplicate_id" },
    ]);
    expect(JSON.parse(rejects[4] as string).duplicate_of).toBe("a");
    // the good record after the byte-order mark, its arXiv id made canonical
    const kept = readFileSync(join(out, "data", "part-00000-00000.jsonl"), "utf8")
      .trim()
      .split("\n");
    expect(kept.map((r) => JSON.parse(r).id)).toEqual(["a", "b"]);
    expect(JSON.parse(kept[0] as string)).toMatchObject({
      id: "a",
      arxiv_id: "math/0309136",
      arxiv_version: 2,
    });
    // mojibake and references undone at ingest, and counted; assay's own output is not undone again
    expect(JSON.parse(kept[1] as string).text).toBe("étude — short &amp; sweet");
    const ingest = JSON.parse(readFileSync(join(out, "stats.json"), "utf8")).steps[0];
    expect(ingest.counters).toMatchObject({ mojibake_repaired: 1, mojibake_runs: 2, html_entities_unescaped: 1 });
    // ingest's docs in are the file's records, every one accounted for; the file is counted apart
    expect(ingest).toMatchObject({ docs_in: 7, docs_out: 2, rejected: 5 });
    expect(ingest.counters.input_files).toBe(1);
    const reread = join(dir, "reread");
    expect((await assay("ingest", out, "--out", reread, "--format", "jsonl", "--quiet")).status).toBe(0);
    const rereadText = readFileSync(join(reread, "data", "part-00000-00000.jsonl"), "utf8")
      .trim()
      .split("\n");
    expect(JSON.parse(rereadText[1] as string).text).toBe("étude — short &amp; sweet");
    // the report of a JSONL run reads its JSONL shards
    expect(readFileSync(join(out, "report.html"), "utf8")).toMatch(
      /<code>invalid_record:no_text<\/code><\/td><td class="n">2</,
    );
    const quiet = join(dir, "no-report");
    // score counts what the reader rejects by reason, not as "unreadable"
    const scored = await assay("score", docs, "--decisions", join(dir, "decisions.jsonl"));
    expect(scored.stdout).toMatch(/^score: 2 docs \(not scored: .*2 invalid_record:no_text, .*1 duplicate_id\)/);
    expect((await assay("score", docs, "--decisions", join(dir, "decisions.jsonl"), "-q")).stdout).toBe("");
    const noDir = await assay("score", docs, "--decisions", join(dir, "nope", "decisions.jsonl"));
    expect(noDir.status).toBe(1);
    expect(noDir.stderr).toMatch(/^assay score: open .*create its parent directory first \(ENOENT\)\n$/);
    // a quoted glob, quiet: nothing on stderr (Node 20 calls fs.glob experimental, which is not the user's concern)
    const quietRun = await assay("ingest", join(dir, "*.jsonl"), "--out", quiet, "--no-report", "--quiet");
    expect(quietRun.status).toBe(0);
    expect(quietRun.stderr).toBe("");
    expect(existsSync(join(quiet, "manifest.json"))).toBe(true);
    expect(existsSync(join(quiet, "report.html"))).toBe(false);
    // run again without --no-report, the finished run gets its page and is not run again
    const withPage = await assay("ingest", join(dir, "*.jsonl"), "--out", quiet);
    expect([withPage.status, withPage.stdout]).toEqual([0, expect.stringMatching(/already complete/)]);
    expect(existsSync(join(quiet, "report.html"))).toBe(true);
    const again = await assay("ingest", docs, "--out", out, "--format", "jsonl");
    expect(again.stdout).toMatch(/already complete/);
    const other = await assay("ingest", docs, "--out", out, "--format", "parquet");
    expect(other.status).toBe(1);
    expect(other.stderr).toMatch(/another config/);
    // another command's output is not replaced by this one's, either way round
    for (const command of ["filter", "run"]) {
      const replaced = await assay(command, docs, "--out", out, "--format", "jsonl");
      expect([replaced.status, replaced.stderr], command).toEqual([1, expect.stringMatching(/output of assay ingest/)]);
    }
    expect(JSON.parse(readFileSync(join(out, "manifest.json"), "utf8")).command).toBe("ingest");
  }, 180_000);

  it("says once when --workers asks for more threads than cores, and not with --quiet", async () => {
    const { dir, docs } = oneShortDoc();
    const many = String(availableParallelism() + 1);
    const loud = await assay("filter", docs, "--out", join(dir, "loud"), "--workers", many);
    expect(loud.status, loud.stderr).toBe(0);
    expect(loud.stderr.match(/workers on \d+ cores: threads will take turns/g)).toHaveLength(1);
    const quiet = await assay("filter", docs, "--out", join(dir, "quiet"), "--workers", many, "--quiet");
    expect([quiet.status, quiet.stderr]).toEqual([0, ""]);
  }, 180_000);

  it("run refuses a --min-score no step scores before any pass", async () => {
    // A filter's score taken: the run of "names usage and config mistakes in one line".
    const { dir, docs } = oneShortDoc();
    const typo = await assay("run", docs, "--out", join(dir, "typo"), "--min-score", "prose_char_shar=0.5");
    expect([typo.status, typo.stderr]).toEqual([2, expect.stringMatching(/prose_char_shar: no such score/)]);
    expect(existsSync(join(dir, "typo"))).toBe(false);
    const twice = await assay("run", docs, "--out", join(dir, "twice"), "--min-score", "density=1, density=2");
    expect([twice.status, twice.stderr]).toEqual([
      2,
      "assay run: --min-score names density twice: give each score one value (see 'assay run --help')\n",
    ]);
  }, 180_000);

  it("says when the config sets what the command does not apply: an LM only run scores with", async () => {
    const { dir, docs } = oneShortDoc();
    const config = join(dir, "config.json");
    writeFileSync(config, JSON.stringify({ lm: join(dir, "model.lm") }));
    const filtered = await assay("filter", docs, "--out", join(dir, "filtered"), "--config", config, "--workers", "1");
    expect([filtered.status, filtered.stderr]).toEqual([
      0,
      "assay filter: the config's lm is applied by assay run, not here\n",
    ]);
  }, 180_000);

  it("runs every pass over a stage that kept nothing: all documents end in rejects, none comes back", async () => {
    // Once, the dedup pass read the filter pass's output that had no data/ as a plain directory: its rejects and
    // manifest came back as documents, and the run died with "lost documents across passes".
    const dir = tempDir("assay-cli-");
    const docs = join(dir, "docs.jsonl");
    writeFileSync(docs, `${JSON.stringify({ id: "tiny", text: "Too short to be a paper." })}\n`);
    const out = join(dir, "out");
    const run = await assay("run", docs, "--out", out, "--workers", "1");
    expect(run.status, run.stderr).toBe(0);
    expect(JSON.parse(readFileSync(join(out, "manifest.json"), "utf8")).counts).toEqual({
      in: 1,
      kept: 0,
      rejected: 1,
      balanced: true,
    });
    const rejects = await duckdbQuery(`SELECT id, stage FROM read_parquet('${out}/rejects/*.parquet')`);
    expect(rejects).toHaveLength(1);
    expect(rejects[0]?.id).toBe("tiny");
    // The later commands take that empty output as no documents, not as a mistake; lm train has nothing to learn.
    const dedup = await assay("dedup", join(out, "stages", "filter"), "--out", join(dir, "dedup"));
    expect(dedup.status, dedup.stderr).toBe(0);
    expect(dedup.stdout).toMatch(/0 docs in: 0 kept, 0 rejected/);
    const inspect = await assay("inspect", join(dir, "dedup"));
    expect(inspect.status, inspect.stderr).toBe(0);
    // each part of a run that wrote no rows writes one empty shard: a glob over data/ still names a file, of no rows
    expect(inspect.stdout).toMatch(/^0 rows in 2 shard\(s\)/);
    // and its columns, from the shards' schema
    expect(inspect.stdout.split("\n")[1]).toMatch(/^columns: id, text, source, /);
    expect(await duckdbQuery(`SELECT count(*) AS n FROM read_parquet('${out}/data/*.parquet')`)).toEqual([{ n: 0n }]);
    const lm = await assay("lm", "train", join(out, "stages", "filter"), "--out", join(dir, "model.lm"));
    expect(lm.status).toBe(1);
    expect(lm.stderr.trim()).toMatch(/^assay lm: no text to train on/);
  }, 120_000);

  it("reads an input directory without the outputs written into it, earlier ones or its own", async () => {
    const dir = tempDir("assay-cli-");
    const papers = join(dir, "papers");
    mkdirSync(papers);
    docsFile(papers);
    const result = await assay("filter", papers, "--out", join(papers, "out-1"), "--workers", "1");
    expect(result.status, result.stderr).toBe(0);
    expect(JSON.parse(readFileSync(join(papers, "out-1", "manifest.json"), "utf8")).counts.in).toBe(7);
    // Before, the second night read the first night's manifest and shards as documents too. What a second night's
    // command reads (src/cli/common.ts discovers every command's inputs so), its own --out left out:
    const secondNight = await discoverInputs([papers], [join(papers, "out-2")]);
    expect(secondNight.map((input) => input.path)).toEqual([join(papers, "docs.jsonl")]);
  }, 180_000);

  it("reads gzipped and zstd JSON Lines, and turns a corrupt Parquet or a stream cut short into a reject, not a crash", async () => {
    const dir = tempDir("assay-cli-");
    const plain = readFileSync(docsFile(dir));
    const inputs = join(dir, "inputs");
    mkdirSync(inputs);
    writeFileSync(join(inputs, "a-docs.jsonl.gz"), gzipSync(plain));
    // zstd written by another tool (DuckDB), whole and cut short; ids of their own, so none is a duplicate_id.
    const zstd = join(dir, "z-docs.jsonl.zst");
    await duckdbQuery(
      `COPY (SELECT * FROM (VALUES ('za', '${"We measure it twice, hence the error bars. ".repeat(30)}'), ('zb', 'short')) t(id, text))
       TO '${zstd}' (FORMAT json, COMPRESSION zstd)`,
    );
    writeFileSync(join(inputs, "z-docs.jsonl.zst"), readFileSync(zstd));
    writeFileSync(join(inputs, "z-cut.jsonl.zst"), readFileSync(zstd).subarray(0, -40));
    writeFileSync(join(inputs, "z-empty.jsonl.zst"), "");
    // Two records of its own, then the stream ends mid-gzip.
    const text = "We prove the bound by induction, because the base case holds. ".repeat(30);
    const own = ["c1", "c2"].map((id) => `${JSON.stringify({ id, text })}\n`).join("");
    writeFileSync(join(inputs, "cut.jsonl.gz"), gzipSync(Buffer.concat([Buffer.from(own), plain])).subarray(0, -40));
    writeFileSync(join(inputs, "broken.parquet"), "PAR1 not a footer PAR1");
    // A data page overwritten: parquet-wasm traps on it, which crashed the run before it was read on its own thread.
    const { damaged } = await damagedParquet(join(dir, "whole.parquet"));
    writeFileSync(join(inputs, "damaged.parquet"), damaged);
    // Links to files that are gone (a partly synced dump): each a reject, not the end of the run.
    symlinkSync(join(dir, "gone.jsonl"), join(inputs, "gone-link.jsonl"));
    symlinkSync(join(dir, "gone.pdf"), join(inputs, "gone-link.pdf"));
    const out = join(dir, "out");
    const result = await assay("ingest", inputs, "--out", out, "--format", "jsonl");
    expect(result.status, result.stderr).toBe(0);
    const rows = (sub: string) =>
      readFileSync(join(out, sub, "part-00000-00000.jsonl"), "utf8")
        .trim()
        .split("\n")
        .map(
          (r) =>
            JSON.parse(r) as { id: string; source: string; reject_reason?: string; metadata: { read_error: string } },
        );
    const unreadable = rows("rejects").filter((r) => r.reject_reason?.startsWith("unreadable:"));
    // One scheme for every kind of input: the system's error code, or corrupt; each with the reader's own words.
    expect(unreadable.map((r) => [r.id, r.reject_reason, r.metadata?.read_error])).toEqual([
      ["broken.parquet", "unreadable:corrupt", expect.stringMatching(/^EOF: file size of 22 is less than footer/)],
      ["cut.jsonl.gz", "unreadable:corrupt", "gzip: stream cut short"],
      [
        "damaged.parquet",
        "unreadable:corrupt",
        expect.stringMatching(/^parquet-wasm failed on this file's data \(RuntimeError: unreachable\)/),
      ],
      ["gone-link.jsonl", "unreadable:ENOENT", expect.stringMatching(/^ENOENT: no such file or directory/)],
      ["gone-link", "unreadable:ENOENT", expect.stringMatching(/^ENOENT: no such file or directory/)],
      ["z-cut.jsonl.zst", "unreadable:corrupt", "zstd: stream cut short"],
      ["z-empty.jsonl.zst", "unreadable:corrupt", "zstd: empty file, no frame in it"],
    ]);
    const manifest = JSON.parse(readFileSync(join(out, "manifest.json"), "utf8"));
    expect(manifest.inputs.filter((i: { unreadable?: string }) => i.unreadable)).toEqual([
      { path: join(inputs, "gone-link.jsonl"), bytes: 0, sha256: "", unreadable: "ENOENT" },
      { path: join(inputs, "gone-link.pdf"), bytes: 0, sha256: "", unreadable: "ENOENT" },
    ]);
    // links still dangling leave the run as it was: complete, not to be redone
    expect((await assay("ingest", inputs, "--out", out, "--format", "jsonl")).stdout).toMatch(/already complete/);
    // The gzipped file reads as the plain one does ("a" and "b" kept), and the cut one's records before the cut too.
    const kept = rows("data");
    expect(kept.filter((r) => r.source.includes("a-docs.jsonl.gz")).map((r) => r.id)).toEqual(["a", "b"]);
    expect(kept.filter((r) => r.source.includes("cut.jsonl.gz")).map((r) => r.id)).toEqual(["c1", "c2"]);
    expect(kept.filter((r) => r.source.includes("z-docs.jsonl.zst")).map((r) => r.id)).toEqual(["za", "zb"]);
    const beforeDamage = kept.filter((r) => r.source.includes("damaged.parquet")).map((r) => r.id);
    expect(beforeDamage).toEqual(damagedParquetIds().slice(0, ROWS_BEFORE_DAMAGE));
    expect(JSON.parse(readFileSync(join(out, "manifest.json"), "utf8")).counts.balanced).toBe(true);
  }, 180_000);

  it("rejects a PDF, a JSON Lines and a Parquet name that link to a folder alike, naming the folder", async () => {
    const dir = tempDir("assay-cli-");
    const inputs = join(dir, "inputs");
    mkdirSync(inputs);
    // Links to a folder outside the walk, named like inputs: a walk does not follow links to folders. They were read
    // as files (EISDIR, a bare error naming no folder; the Parquet one trapped parquet-wasm on the run's own thread,
    // which ended the run); now each is the reject a link to a folder is, whatever its name.
    mkdirSync(join(dir, "folder"));
    for (const name of ["folder-link.pdf", "folder-link.jsonl", "folder-link.parquet"])
      symlinkSync(join(dir, "folder"), join(inputs, name));
    const out = join(dir, "out");
    const result = await assay("ingest", inputs, "--out", out, "--format", "jsonl");
    expect(result.status, result.stderr).toBe(0);
    const rejects = rejectRecords(out);
    const folderLink = (name: string) =>
      `folder_link: '${join(inputs, name)}' is a link to the folder ${join(dir, "folder")}, which is not followed: give that folder as an input to read it`;
    expect(rejects.map((r) => [r.id, r.reject_reason, r.metadata?.read_error])).toEqual([
      ["folder-link.jsonl", "unreadable:folder_link", folderLink("folder-link.jsonl")],
      ["folder-link.parquet", "unreadable:folder_link", folderLink("folder-link.parquet")],
      ["folder-link", "unreadable:folder_link", folderLink("folder-link.pdf")],
    ]);
    // Still links to a folder: the run is complete (a link that has a stat but no read reran it every time)...
    expect((await assay("ingest", inputs, "--out", out, "--format", "jsonl")).stdout).toMatch(/already complete/);
    // ...until one is a file that reads.
    rmSync(join(inputs, "folder-link.jsonl"));
    writeFileSync(join(inputs, "folder-link.jsonl"), `${JSON.stringify({ id: "a", text: "One short line." })}\n`);
    const again = await assay("ingest", inputs, "--out", out, "--format", "jsonl");
    expect(again.status, again.stderr).toBe(0);
    expect(again.stdout).not.toMatch(/already complete/);
  }, 180_000);
  it("rejects the files whose path is not UTF-8 as unreadable:EILSEQ, saying to rename them, and reads the rest", async () => {
    const dir = tempDir("assay-cli-");
    const inputs = join(dir, "inputs");
    mkdirSync(inputs);
    // A folder with a Latin-1 name ended the run ("scandir ...: no such file or directory"), and a file with one was
    // an ENOENT reject, as if the file were gone.
    const folder = Buffer.concat([Buffer.from(`${inputs}/`), Buffer.from("f\u00fcr 2019", "latin1")]);
    mkdirSync(folder);
    writeFileSync(Buffer.concat([folder, Buffer.from("/paper.pdf")]), "%PDF-1.4\n");
    writeFileSync(Buffer.concat([Buffer.from(`${inputs}/`), Buffer.from("r\u00e9sum\u00e9.jsonl", "latin1")]), "");
    writeFileSync(join(inputs, "docs.jsonl"), `${JSON.stringify({ id: "a", text: "One short line of text." })}\n`);
    const out = join(dir, "out");
    const result = await assay("ingest", inputs, "--out", out, "--format", "jsonl");
    expect(result.status, result.stderr).toBe(0);
    expect(readFileSync(join(out, "data", "part-00000-00000.jsonl"), "utf8")).toContain('"id":"a"');
    const rejects = rejectRecords(out).filter((r) => r.reject_reason.startsWith("unreadable:"));
    expect(rejects.map((r) => [r.id, r.reject_reason, r.metadata?.read_error])).toEqual([
      // each byte that is not UTF-8 written %XX, so that the reject names its file
      [
        "f%FCr 2019/paper",
        "unreadable:EILSEQ",
        expect.stringMatching(/^EILSEQ: the file's name is not UTF-8.*rename.*f%FCr 2019\/paper\.pdf'$/),
      ],
      ["r%E9sum%E9.jsonl", "unreadable:EILSEQ", expect.stringMatching(/^EILSEQ: the file's name is not UTF-8/)],
    ]);
    const manifest = JSON.parse(readFileSync(join(out, "manifest.json"), "utf8"));
    expect(manifest.inputs.map((i: { unreadable?: string }) => i.unreadable ?? "read")).toEqual([
      "read",
      "EILSEQ",
      "EILSEQ",
    ]);
    expect(manifest.counts.balanced).toBe(true);
  }, 180_000);

  it("rejects a named pipe in a dump as unreadable:special_file instead of waiting for ever for a writer", async () => {
    const dir = tempDir("assay-cli-");
    const inputs = join(dir, "inputs");
    mkdirSync(inputs);
    execFileSync("mkfifo", [join(inputs, "pipe.pdf")]);
    execFileSync("mkfifo", [join(inputs, "pipe.jsonl")]);
    writeFileSync(join(inputs, "docs.jsonl"), `${JSON.stringify({ id: "a", text: "One short line of text." })}\n`);
    const out = join(dir, "out");
    const result = await assay("ingest", inputs, "--out", out, "--format", "jsonl");
    expect(result.status, result.stderr).toBe(0);
    const rejects = rejectRecords(out);
    expect(rejects.map((r) => [r.id, r.reject_reason])).toEqual([
      ["pipe.jsonl", "unreadable:special_file"],
      ["pipe", "unreadable:special_file"],
    ]);
    const manifest = JSON.parse(readFileSync(join(out, "manifest.json"), "utf8"));
    expect(manifest.inputs.map((i: { unreadable?: string }) => i.unreadable ?? "read")).toEqual([
      "read",
      "special_file",
      "special_file",
    ]);
    expect((await assay("ingest", inputs, "--out", out, "--format", "jsonl")).stdout).toMatch(/already complete/);
  }, 30_000);

  it("carries the scores of an earlier output through a later command", async () => {
    const dir = tempDir("assay-cli-");
    const docs = join(dir, "docs.jsonl");
    writeFileSync(docs, `${JSON.stringify({ id: "a", text: "some text here", earlier_score: 0.25 })}\n`);
    const first = await assay("ingest", docs, "--out", join(dir, "a"));
    expect(first.status, first.stderr).toBe(0);
    const second = await assay("ingest", join(dir, "a"), "--out", join(dir, "b"));
    expect(second.status, second.stderr).toBe(0);
    const rows = await duckdbQuery(`SELECT id, earlier_score FROM read_parquet('${join(dir, "b")}/data/*.parquet')`);
    expect(rows).toEqual([{ id: "a", earlier_score: 0.25 }]);
  }, 180_000);

  it("inspect names a damaged shard in one line, and stops quietly when the reader of its output does", async () => {
    const dir = tempDir("assay-cli-");
    mkdirSync(join(dir, "damaged"));
    const { damaged } = await damagedParquet(join(dir, "whole.parquet"));
    writeFileSync(join(dir, "damaged", "part.parquet"), damaged);
    const result = await assay("inspect", join(dir, "damaged"));
    expect(result.status).toBe(1);
    expect(result.stderr.trim().split("\n")).toHaveLength(1);
    // a file that is no shard is refused; a JSON Lines one's lines that are not objects are counted, not hidden
    writeFileSync(join(dir, "notes.txt"), "not rows\n");
    const notShard = await assay("inspect", join(dir, "notes.txt"));
    expect([notShard.status, notShard.stderr]).toEqual([2, expect.stringMatching(/is not a shard/)]);
    // nor is an output's manifest.json, which a .json name would otherwise have read as JSON Lines
    const manifest = { assay_version: "0.1.0", shards: { data: [], rejects: [] }, counts: {} };
    mkdirSync(join(dir, "output"));
    writeFileSync(join(dir, "output", "manifest.json"), JSON.stringify(manifest, null, 2));
    const notRows = await assay("inspect", join(dir, "output", "manifest.json"));
    expect([notRows.status, notRows.stderr]).toEqual([2, expect.stringMatching(/manifest\.json is not a shard/)]);
    // a path that is not there is an input problem, as for the other commands
    const missing = await assay("inspect", join(dir, "nope"));
    expect([missing.status, missing.stderr]).toEqual([
      1,
      `assay inspect: ${join(dir, "nope")} does not exist: give an output directory or a shard file\n`,
    ]);
    // and so is a folder without shards, as for run's folder without inputs
    mkdirSync(join(dir, "empty"));
    const empty = await assay("inspect", join(dir, "empty"));
    expect([empty.status, empty.stderr]).toEqual([
      1,
      `assay inspect: no .parquet or .jsonl shards in ${join(dir, "empty")}: give an output directory or a shard file\n`,
    ]);
    // a run stopped before its first pass wrote shards says so, and what to do
    mkdirSync(join(dir, "stopped", "stages", "filter"), { recursive: true });
    const stopped = await assay("inspect", join(dir, "stopped"));
    expect([stopped.status, stopped.stderr]).toEqual([
      1,
      `assay inspect: no shards in ${join(dir, "stopped")} yet: an assay command stopped before it finished there; run it again to finish it\n`,
    ]);
    // once its first pass wrote some, they are shown, with a word that they are not the finished run's
    mkdirSync(join(dir, "stopped", "data"));
    writeFileSync(join(dir, "stopped", "data", "part-00000-00000.jsonl"), '{"id":"a","text":"x"}\n');
    const partial = await assay("inspect", join(dir, "stopped"));
    expect([partial.status, partial.stderr]).toEqual([
      0,
      expect.stringMatching(/has no manifest\.json yet: these are/),
    ]);
    writeFileSync(join(dir, "mixed.jsonl"), '{"id":"a","text":"x"}\n{broken\n[1]\n{"id":"b","text":"y"}\n');
    const mixed = await assay("inspect", join(dir, "mixed.jsonl"));
    expect(mixed.stdout).toMatch(/^2 rows in 1 shard\(s\)\n2 line\(s\) not a JSON object, passed over\n/);
    // records compressed, or under another JSON Lines name, read as the run would read them
    writeFileSync(join(dir, "mixed.jsonl.gz"), gzipSync(readFileSync(join(dir, "mixed.jsonl"))));
    writeFileSync(join(dir, "mixed.ndjson"), readFileSync(join(dir, "mixed.jsonl")));
    for (const name of ["mixed.jsonl.gz", "mixed.ndjson"])
      expect((await assay("inspect", join(dir, name))).stdout, name).toBe(mixed.stdout);
    expect(result.stderr).toMatch(/part\.parquet: parquet-wasm failed on this file's data/);
    // More output than a pipe holds, read by a reader that takes one line and goes.
    mkdirSync(join(dir, "many"));
    await duckdbQuery(
      `COPY (SELECT 'doc' || i AS id, repeat('words of a text ', 100) AS text FROM range(3000) t(i))
       TO '${join(dir, "many", "part.parquet")}' (FORMAT parquet)`,
    );
    const piped = await promisify(execFile)("bash", [
      "-c",
      `set -o pipefail; "${process.execPath}" "${join(ROOT, "bin/assay.js")}" inspect "${join(dir, "many")}" --sample 3000 | head -1`,
    ]);
    expect(piped.stdout).toBe("3000 rows in 1 shard(s)\n");
    expect(piped.stderr).toBe("");
  }, 180_000);

  it("inspect --where refuses a column the shards lack and a clause it cannot read; a score they carry selects", async () => {
    const dir = tempDir("assay-cli-");
    const docs = scoredDocs(dir);
    for (const format of ["parquet", "jsonl"]) {
      const out = join(dir, format);
      const ingest = await assay("ingest", docs, "--out", out, "--format", format, "--quiet");
      expect(ingest.status, ingest.stderr).toBe(0);
      const where = (expr: string, target = join(out, "data")) => assay("inspect", target, "--where", expr);

      // Refused before any row is read (a column the shards lack), and while the reader thread's read-ahead is in
      // flight (a word compared with a number column): its reply once let the process end early, status 0 and no
      // word, one run in five (test/src/io/parquet-thread-reader.test.ts makes that race happen every time). The
      // clauses refused and why, and the rows selected, are checked in process in test/src/cli/inspect-where.test.ts.
      for (const [expr, message] of [
        ["density_vs_machin < 1", /no column density_vs_machin in .*; did you mean density_vs_machine\?/],
        ["n_words > many", /n_words holds numbers, not "many"/],
      ] as const) {
        const result = await where(expr);
        expect(result.status, `${format}: ${expr}`).toBe(2);
        expect(result.stdout, `${format}: ${expr}`).toBe("");
        expect(result.stderr.trim().split("\n"), `${format}: ${expr}`).toHaveLength(1);
        expect(result.stderr, `${format}: ${expr}`).toMatch(new RegExp(`^assay inspect: .*${message.source}`));
      }
      // The score column the shards carry, the whole output
      const score = await where("density_vs_machine < 1");
      expect(score.stderr).toBe("");
      expect(score.stdout).toMatch(/^1 rows in 1 shard\(s\)/);
      expect(score.stdout).toMatch(/"id":"low"/);
      const rejects = await where("reject_reason = invalid_record:not_json and density_vs_machine = null", out);
      expect(rejects.stderr).toBe("");
      expect(rejects.stdout).toMatch(/^1 rows in 2 shard\(s\)/);
    }
  }, 180_000);

  it("report and inspect name the shards a manifest lists that are gone or damaged", async () => {
    const dir = tempDir("assay-cli-");
    const out = join(dir, "out");
    expectOk(await assay("ingest", docsFile(dir), "--out", out, "--no-report", "-q"));
    const shard = join(out, "data", "part-00000-00000.parquet");
    const whole = readFileSync(shard);
    // cut short: the footer is gone
    writeFileSync(shard, whole.subarray(0, whole.length / 2));
    const cut = await assay("report", out);
    expect([cut.status, cut.stdout]).toEqual([1, ""]);
    expect(cut.stderr).toMatch(
      new RegExp(`^assay report: ${shard} cannot be read \\(.+\\): run the command that wrote ${out} again\n$`),
    );
    rmSync(shard);
    const gone = await assay("report", out);
    expect([gone.status, gone.stderr]).toEqual([
      1,
      `assay report: ${shard}, listed in ${out}/manifest.json, is missing: run the command that wrote ${out} again\n`,
    ]);
    expect(existsSync(join(out, "report.html"))).toBe(false);
    // inspect counts what is there, and says what is not
    const inspected = await assay("inspect", out);
    expect(inspected.status).toBe(0);
    expect(inspected.stdout).toMatch(/^5 rows in 1 shard\(s\)\n/);
    expect(inspected.stderr).toBe(
      `assay inspect: 1 shard(s) (2 rows) listed in ${out}/manifest.json are missing, ` +
        `e.g. data/part-00000-00000.parquet: run the command that wrote ${out} again\n`,
    );
  }, 180_000);

  it("splits inputs by rank and merges the manifest when the last rank finishes", async () => {
    const dir = tempDir("assay-cli-");
    const files = [0, 1, 2].map((i) => {
      const file = join(dir, `part${i}.jsonl`);
      writeFileSync(file, `${JSON.stringify({ id: `d${i}`, text: `document number ${i}` })}\n`);
      return file;
    });
    const out = join(dir, "out");
    const r0 = await assay("ingest", ...files, "--out", out, "--rank", "0", "--world-size", "2");
    expect(r0.stdout).toMatch(/waiting for other ranks/);
    const r1 = await assay("ingest", ...files, "--out", out, "--rank", "1", "--world-size", "2");
    expect(r1.status, r1.stderr).toBe(0);
    const merged = JSON.parse(readFileSync(join(out, "manifest.json"), "utf8"));
    expect(merged.counts).toEqual({ in: 3, kept: 3, rejected: 0, balanced: true });
    expect(merged.shards.data.map((s: { path: string }) => s.path)).toEqual([
      "data/part-00000-00000.parquet",
      "data/part-00001-00000.parquet",
    ]);
    // Ranks of two world sizes started side by side (rank 1 of 3 finished first): no merge over them, and an error.
    const rank1 = join(out, "ranks", "manifest-00001.json");
    writeFileSync(rank1, JSON.stringify({ ...JSON.parse(readFileSync(rank1, "utf8")), world_size: 3 }));
    rmSync(join(out, "manifest.json"));
    const sideBySide = await assay("ingest", ...files, "--out", out, "--rank", "0", "--world-size", "2");
    expect([sideBySide.status, sideBySide.stderr]).toEqual([
      1,
      `assay ingest: --out ${out}: rank 1 ran with world size 3 and this rank with 2; run every rank with one --world-size\n`,
    ]);
    expect(existsSync(join(out, "manifest.json"))).toBe(false);
  }, 180_000);

  it("refuses to rerun into an --out written with another world size, touching nothing", async () => {
    const dir = tempDir("assay-cli-");
    const files = [0, 1, 2].map((i) => {
      const file = join(dir, `part${i}.jsonl`);
      writeFileSync(file, `${JSON.stringify({ id: `d${i}`, text: `document number ${i}` })}\n`);
      return file;
    });
    const [one] = files as [string];
    const refusal = (command: string, out: string, recorded: number, given: number) =>
      `assay ${command}: --out ${out} holds a run of world size ${recorded}, not ${given}: resume it with ` +
      `--world-size ${recorded}, or choose a new directory or remove it\n`;
    const listing = (out: string) =>
      ["data", "ranks"].flatMap((sub) => readdirSync(join(out, sub)).map((name) => `${sub}/${name}`)).sort();

    // Two ranks over one file, then one rank: its share is rank 0's of before, whose manifest was taken as complete
    // while rank 1's shard was deleted under the merged manifest that listed it.
    const fewer = join(dir, "fewer");
    for (const rank of ["0", "1"])
      expectOk(await assay("ingest", one, "--out", fewer, "--rank", rank, "--world-size", "2"));
    const before = listing(fewer);
    const merged = readFileSync(join(fewer, "manifest.json"), "utf8");
    expect((await assay("ingest", one, "--out", fewer)).stderr).toBe(refusal("ingest", fewer, 2, 1));
    expect(listing(fewer)).toEqual(before);
    expect(readFileSync(join(fewer, "manifest.json"), "utf8")).toBe(merged);

    // One rank, then three: the rank that starts first must not clear rank 0's shards (rank 0 of 3 may be writing
    // them), and keeping them would count rank 1's and 2's documents twice in data/.
    const more = join(dir, "more");
    expectOk(await assay("ingest", ...files, "--out", more));
    const refused = await assay("ingest", ...files, "--out", more, "--rank", "1", "--world-size", "3");
    expect([refused.status, refused.stderr]).toEqual([1, refusal("ingest", more, 1, 3)]);
    expect(listing(more)).toEqual([
      "data/part-00000-00000.parquet",
      "ranks/manifest-00000.json",
      "ranks/stats-00000.json",
    ]);

    // assay run's passes write under OUT/stages: OUT's own world size is checked before the first pass.
    const run = join(dir, "run");
    expectOk(await assay("run", ...files, "--out", run, "--rank", "0", "--world-size", "2"));
    expect((await assay("run", ...files, "--out", run)).stderr).toBe(refusal("run", run, 2, 1));
    expect(existsSync(join(run, "stages"))).toBe(false);

    // Shards of a larger run stopped before any rank finished are recorded nowhere: cleared, as no rank writes them;
    // so is what its ranks saved to resume (their PDFs' extractions), which no rank of this run reads.
    const stopped = join(dir, "stopped");
    mkdirSync(join(stopped, "data"), { recursive: true });
    writeFileSync(
      join(stopped, "data", "part-00002-00000.parquet"),
      readFileSync(join(more, "data", "part-00000-00000.parquet")),
    );
    mkdirSync(join(stopped, "ranks", "resume-00002", "ingest"), { recursive: true });
    writeFileSync(join(stopped, "ranks", "resume-00002", "ingest", "extraction.v8.gz"), "");
    expectOk(await assay("ingest", ...files, "--out", stopped));
    expect(readdirSync(join(stopped, "data"))).toEqual(["part-00000-00000.parquet"]);
    expect(readdirSync(join(stopped, "ranks"))).toEqual(["manifest-00000.json", "stats-00000.json"]);
  }, 180_000);

  it("never takes a rank as complete once a rerun of it began, and refuses to read what it would clear", async () => {
    const dir = tempDir("assay-cli-");
    const [first, second] = ["first", "second"].map((name) => {
      const file = join(dir, `${name}.jsonl`);
      writeFileSync(file, `${JSON.stringify({ id: name, text: `the ${name} document` })}\n`);
      return file;
    }) as [string, string];
    const out = join(dir, "out");
    expectOk(await assay("ingest", first, "--out", out));
    // A rerun over other inputs that fails once it has begun (data/ is a file)...
    rmSync(join(out, "data"), { recursive: true });
    writeFileSync(join(out, "data"), "");
    expect((await assay("ingest", second, "--out", out)).status).toBe(1);
    rmSync(join(out, "data"));
    // ...leaves no manifest that calls the first run's rank complete: it runs again and its shard is back.
    const again = await assay("ingest", first, "--out", out);
    expectOk(again);
    expect(again.stdout).not.toMatch(/already complete/);
    expect(readdirSync(join(out, "data"))).toEqual(["part-00000-00000.parquet"]);
    // Its own shards as input: refused before anything is cleared.
    const own = await assay("ingest", out, "--out", out);
    expect(own.status).toBe(1);
    expect(own.stderr.trim().split("\n")).toHaveLength(1);
    expect(own.stderr).toMatch(/is where input .* lies/);
    expect(readdirSync(join(out, "data"))).toEqual(["part-00000-00000.parquet"]);
  }, 180_000);
});
