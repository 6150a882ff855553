import { execFileSync } from "node:child_process";
import { mkdirSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { everyRankInputs } from "../../../src/cli/common.js";
import { isAssayOutput } from "../../../src/io/assay-output.js";
import { jsonlScoreNames } from "../../../src/io/input-scores.js";
import { discoverInputs } from "../../../src/io/inputs.js";
import { tempDir } from "../../temp-dir.js";

describe("discoverInputs", () => {
  it("gives two PDFs that would share an id their paths instead, and keeps the other ids", async () => {
    const dir = tempDir("assay-inputs-");
    for (const path of ["a/paper.pdf", "b/paper.pdf", "a/sub/other.pdf", "b/notes.jsonl"]) {
      mkdirSync(join(dir, path, ".."), { recursive: true });
      writeFileSync(join(dir, path), "");
    }
    const files = await discoverInputs([join(dir, "a"), join(dir, "b")]);
    expect(files.map((f) => [f.path.slice(dir.length + 1), f.id])).toEqual([
      ["a/paper.pdf", join(dir, "a/paper")],
      ["a/sub/other.pdf", "sub/other"],
      ["b/notes.jsonl", "notes.jsonl"],
      ["b/paper.pdf", join(dir, "b/paper")],
    ]);
  });

  it("refuses a run whose ranks have not all finished, and skips one inside a directory it walks", async () => {
    const dir = tempDir("assay-inputs-");
    const manifest = JSON.stringify({ assay_version: "0.1.0", shards: { data: [], rejects: [] }, counts: {} });
    for (const [path, text] of [
      ["half/ranks/manifest-00001.json", manifest],
      ["half/data/part-00001-00000.jsonl", ""],
      ["half/rejects/part-00001-00000.jsonl", ""],
      ["mine.jsonl", ""],
    ]) {
      mkdirSync(join(dir, path as string, ".."), { recursive: true });
      writeFileSync(join(dir, path as string), text as string);
    }
    await expect(discoverInputs([join(dir, "half")])).rejects.toThrow(/ranks have not all finished/);
    // nor its data/ folder, which holds the finished ranks' shards only
    await expect(discoverInputs([join(dir, "half/data")])).rejects.toThrow(/data\/ of an assay output that has not/);
    expect((await discoverInputs([dir])).map((f) => f.path)).toEqual([join(dir, "mine.jsonl")]);
  });

  it("says which outputs a folder of earlier runs' outputs only left out, when it finds nothing else", async () => {
    const dir = tempDir("assay-inputs-");
    const manifest = JSON.stringify({ assay_version: "0.1.0", shards: { data: [], rejects: [] }, counts: {} });
    for (const name of ["night-1", "night-2"]) {
      mkdirSync(join(dir, "nights", name, "data"), { recursive: true });
      writeFileSync(join(dir, "nights", name, "manifest.json"), manifest);
      writeFileSync(join(dir, "nights", name, "data", "part-00000-00000.jsonl"), '{"text":"a"}\n');
    }
    mkdirSync(join(dir, "empty"));
    await expect(everyRankInputs([join(dir, "nights")], 1)).rejects.toThrow(
      `no PDF, JSONL or Parquet files found in ${join(dir, "nights")} (a folder's assay outputs are not its input: name each output to read it, e.g. ${join(dir, "nights", "night-1")})`,
    );
    await expect(everyRankInputs([join(dir, "empty")], 1)).rejects.toThrow(/found in \S+empty$/);
    // A glob of the outputs, or of their shards, finds none of them (its walk leaves outputs out too): said the same way.
    for (const glob of [join(dir, "nights", "*"), join(dir, "nights", "*", "data", "*.jsonl")])
      await expect(everyRankInputs([glob], 1), glob).rejects.toThrow(
        `no PDF, JSONL or Parquet files found in ${glob} (a folder's assay outputs are not its input: name each output to read it, e.g. ${join(dir, "nights", "night-1")})`,
      );
    // One the outputs do not match says nothing of them.
    await expect(everyRankInputs([join(dir, "nights", "*.pdf")], 1)).rejects.toThrow(/found in \S+\*\.pdf$/);
    // Not the command's own --out, nor a hidden folder: the walk leaves those out for other reasons.
    mkdirSync(join(dir, "nights", ".old"));
    writeFileSync(join(dir, "nights", ".old", "manifest.json"), manifest);
    await expect(everyRankInputs([join(dir, "nights")], 1, [join(dir, "nights", "night-1")])).rejects.toThrow(
      `name the output to read it, e.g. ${join(dir, "nights", "night-2")})`,
    );
  });

  it("refuses a staged dedup, rank or run whose first stages alone ran, and skips one inside a walked directory", async () => {
    const dir = tempDir("assay-inputs-");
    // what `assay dedup --stage signatures` and `assay rank --stage sketch` leave before any rank applies
    for (const path of [
      "deduping/dedup/options.json",
      "deduping/dedup/signatures/rank-00000/docs.jsonl",
      "deduping/dedup/pairs/bucket-000.sources.json",
      "ranking/rank/density-histogram-00000.json",
      "ranking/rank/density-scores-00000.jsonl",
      // `assay run` stopped in its dedup pass: the first pass finished, its config written for the others
      "running/stages/filter/manifest.json",
      "running/stages/filter/data/part-00000-00000.jsonl",
      "running/stages/config.json",
      "running/stages/dedup/dedup/options.json",
      "mine.jsonl",
    ]) {
      mkdirSync(join(dir, path, ".."), { recursive: true });
      writeFileSync(join(dir, path), "{}\n");
    }
    for (const unfinished of ["deduping", "ranking", "running"])
      await expect(discoverInputs([join(dir, unfinished)])).rejects.toThrow(/stages have not all run/);
    expect((await discoverInputs([dir])).map((f) => f.path)).toEqual([join(dir, "mine.jsonl")]);
  });

  it("walks into a directory whose name is not UTF-8, and marks the files whose path is not", async () => {
    const dir = tempDir("assay-inputs-");
    // Latin-1 names, as an old zip or a Windows share leaves them: "Ergebnisse f\xfcr 2019/r\xe9sum\xe9.pdf".
    const latin1 = (name: string) => Buffer.from(name, "latin1");
    const folder = Buffer.concat([Buffer.from(`${dir}/`), latin1("Ergebnisse f\u00fcr 2019")]);
    mkdirSync(folder);
    for (const name of ["a.pdf", "r\u00e9sum\u00e9.pdf", "r\u00e8sum\u00e9.pdf"])
      writeFileSync(Buffer.concat([folder, Buffer.from("/"), latin1(name)]), "");
    writeFileSync(Buffer.concat([Buffer.from(`${dir}/`), latin1("d\u00fcmp.jsonl")]), "");
    writeFileSync(join(dir, "ok.pdf"), "");
    const files = await discoverInputs([dir]);
    // Each byte that is not UTF-8 is written %XX: two names that would decode alike stay two inputs, each with an id
    // and a path that say which file it is.
    expect(files.map((f) => [f.path.slice(dir.length + 1), f.id, f.unreadable?.code ?? null])).toEqual([
      ["Ergebnisse f%FCr 2019/a.pdf", "Ergebnisse f%FCr 2019/a", "EILSEQ"],
      ["Ergebnisse f%FCr 2019/r%E8sum%E9.pdf", "Ergebnisse f%FCr 2019/r%E8sum%E9", "EILSEQ"],
      ["Ergebnisse f%FCr 2019/r%E9sum%E9.pdf", "Ergebnisse f%FCr 2019/r%E9sum%E9", "EILSEQ"],
      ["d%FCmp.jsonl", "d%FCmp.jsonl", "EILSEQ"],
      ["ok.pdf", "ok", null],
    ]);
  });

  it("marks named pipes and devices, and links to them, unreadable; refuses one named as input", async () => {
    const dir = tempDir("assay-inputs-");
    execFileSync("mkfifo", [join(dir, "pipe.pdf")]);
    symlinkSync(join(dir, "pipe.pdf"), join(dir, "link-to-pipe.pdf"));
    symlinkSync("/dev/zero", join(dir, "zero.jsonl"));
    symlinkSync(join(dir, "gone.pdf"), join(dir, "dangling.pdf"));
    writeFileSync(join(dir, "ok.pdf"), "");
    const files = await discoverInputs([dir]);
    expect(files.map((f) => [f.path.slice(dir.length + 1), f.unreadable?.code ?? null])).toEqual([
      // A dangling link is left to its read, which names its cause (ENOENT).
      ["dangling.pdf", null],
      ["link-to-pipe.pdf", "special_file"],
      ["ok.pdf", null],
      ["pipe.pdf", "special_file"],
      ["zero.jsonl", "special_file"],
    ]);
    await expect(discoverInputs([join(dir, "pipe.pdf")])).rejects.toThrow(/is a named pipe, socket or device/);
  });

  it("makes a link to a folder outside the walk one reject naming its target; links inside it add nothing", async () => {
    const dir = tempDir("assay-inputs-");
    const dump = join(dir, "dump");
    mkdirSync(join(dump, "2019"), { recursive: true });
    writeFileSync(join(dump, "2019", "a.pdf"), "");
    mkdirSync(join(dir, "disk2", "2020"), { recursive: true });
    writeFileSync(join(dir, "disk2", "2020", "b.pdf"), "");
    // Another disk's papers, which were dropped without a word; a link back into the dump; a loop.
    symlinkSync(join(dir, "disk2", "2020"), join(dump, "2020"));
    symlinkSync(join(dump, "2019"), join(dump, "latest"));
    symlinkSync("..", join(dump, "2019", "up"));
    // Named like a PDF, a link to a folder is a folder all the same (it was read as a file: EISDIR).
    symlinkSync(join(dir, "disk2", "2020"), join(dump, "disk2.pdf"));
    symlinkSync(join(dump, "2019"), join(dump, "latest.pdf"));
    // An assay output beside the dump, linked into it, is not input (as the output itself inside it is not).
    mkdirSync(join(dir, "out"));
    const manifest = JSON.stringify({ assay_version: "0.1.0", shards: { data: [], rejects: [] }, counts: {} });
    writeFileSync(join(dir, "out", "manifest.json"), manifest);
    symlinkSync(join(dir, "out"), join(dump, "last-night"));
    const files = await discoverInputs([dump]);
    expect(files.map((f) => [f.path.slice(dump.length + 1), f.id, f.unreadable?.code ?? null])).toEqual([
      ["2019/a.pdf", "2019/a", null],
      ["2020", "2020", "folder_link"],
      ["disk2.pdf", "disk2", "folder_link"],
    ]);
    expect(files[1]?.unreadable?.message).toContain(`link to the folder ${join(dir, "disk2", "2020")}`);
    expect(files[2]?.unreadable?.message).toContain(`'${join(dump, "disk2.pdf")}' is a link to the folder`);
    // The folder given as an input too: its papers are read, and the link is no reject.
    const both = await discoverInputs([dump, join(dir, "disk2")]);
    expect(both.map((f) => [f.path.slice(dir.length + 1), f.unreadable?.code ?? null])).toEqual([
      ["disk2/2020/b.pdf", null],
      ["dump/2019/a.pdf", null],
    ]);
  });

  it("takes one file named two ways, or named and found in its directory, once", async () => {
    const dir = tempDir("assay-inputs-");
    mkdirSync(join(dir, "d"));
    writeFileSync(join(dir, "d", "paper.pdf"), "");
    const named = [join(dir, "d", "paper.pdf"), `${dir}/./d/paper.pdf`, `${dir}/d//paper.pdf`, join(dir, "d")];
    const files = await discoverInputs(named);
    expect(files.map((f) => [f.path, f.id])).toEqual([[join(dir, "d", "paper.pdf"), "paper"]]);
  });

  it("reads an assay output as its data/ shards, and one that kept nothing as no documents, never its rejects", async () => {
    const dir = tempDir("assay-inputs-");
    const manifest = JSON.stringify({ assay_version: "0.1.0", shards: { data: [], rejects: [] }, counts: {} });
    const write = (path: string, text = "") => {
      mkdirSync(join(dir, path, ".."), { recursive: true });
      writeFileSync(join(dir, path), text);
    };
    for (const out of ["kept", "empty"]) {
      write(`${out}/manifest.json`, manifest);
      write(`${out}/stats.json`, "{}");
      write(`${out}/rejects/part-00000-00000.parquet`);
    }
    write("kept/data/part-00000-00000.parquet");
    // Not assay's manifest: the directory is read like any other.
    write("mine/manifest.json", JSON.stringify({ name: "my dataset" }));
    write("mine/docs.jsonl");
    const paths = async (arg: string) =>
      (await discoverInputs([join(dir, arg)])).map((f) => f.path.slice(dir.length + 1));
    expect(await paths("kept")).toEqual(["kept/data/part-00000-00000.parquet"]);
    expect(await paths("empty")).toEqual([]);
    expect(await paths("mine")).toEqual(["mine/docs.jsonl"]);
    expect(await isAssayOutput(join(dir, "empty"))).toBe(true);
    expect(await isAssayOutput(join(dir, "mine"))).toBe(false);
  });

  it("takes gzipped and zstd JSON Lines for JSON Lines, gzipped PDFs for PDFs, and no other compressed file", async () => {
    const dir = tempDir("assay-inputs-");
    for (const name of [
      "a.jsonl.gz",
      "b.JSON.GZ",
      "c.ndjson.gz",
      "d.tar.gz",
      "e.parquet.gz",
      "f.jsonl.zst",
      "g.tar.zst",
      "h.pdf.gz",
    ])
      writeFileSync(join(dir, name), "");
    const files = await discoverInputs([dir]);
    // A gzipped PDF is read with ingest.gunzip or rejected as not_pdf:gzip, never passed over; its id drops .pdf.gz.
    expect(files.map((f) => [f.path.slice(dir.length + 1), f.kind, f.id])).toEqual([
      ["a.jsonl.gz", "jsonl", "a.jsonl.gz"],
      ["b.JSON.GZ", "jsonl", "b.JSON.GZ"],
      ["c.ndjson.gz", "jsonl", "c.ndjson.gz"],
      ["f.jsonl.zst", "jsonl", "f.jsonl.zst"],
      ["h.pdf.gz", "pdf", "h"],
    ]);
    // Only .pdf and .pdf.gz leave an id: a named file of another kind, read as a PDF to be sniffed, keeps its name.
    writeFileSync(join(dir, "i.pdfa"), "");
    expect((await discoverInputs([join(dir, "i.pdfa")])).map((f) => [f.kind, f.id])).toEqual([["pdf", "i.pdfa"]]);
  });

  it("leaves a walked folder's plain .json files (sidecars, manifests) out, and reads one named or globbed", async () => {
    const dir = tempDir("assay-inputs-");
    for (const name of ["paper.pdf", "paper.json", "docs.jsonl", "more.ndjson", "dolma.json.gz"])
      writeFileSync(join(dir, name), "");
    const names = (files: Awaited<ReturnType<typeof discoverInputs>>) =>
      files.map((f) => [f.path.slice(dir.length + 1), f.kind]);
    expect(names(await discoverInputs([dir]))).toEqual([
      ["docs.jsonl", "jsonl"],
      ["dolma.json.gz", "jsonl"],
      ["more.ndjson", "jsonl"],
      ["paper.pdf", "pdf"],
    ]);
    expect(names(await discoverInputs([join(dir, "paper.json")]))).toEqual([["paper.json", "jsonl"]]);
    expect(names(await discoverInputs([join(dir, "*.json")]))).toEqual([["paper.json", "jsonl"]]);
  });

  it("walks past the assay outputs inside an input directory and the directories it is told to leave out", async () => {
    const dir = tempDir("assay-inputs-");
    const write = (path: string, text = "") => {
      mkdirSync(join(dir, path, ".."), { recursive: true });
      writeFileSync(join(dir, path), text);
    };
    write("papers/a.pdf");
    write("papers/batch/b.jsonl");
    // Last night's output beside the papers, and tonight's, half written (no manifest yet).
    write("papers/out-1/manifest.json", JSON.stringify({ assay_version: "0.1.0", shards: {}, counts: {} }));
    write("papers/out-1/data/part-00000-00000.parquet");
    write("papers/out-1/rejects/part-00000-00000.parquet");
    write("papers/out-2/data/part-00000-00000.parquet");
    const found = async (exclude: string[]) =>
      (await discoverInputs([join(dir, "papers")], exclude)).map((f) => f.path.slice(dir.length + 1));
    expect(await found([join(dir, "papers/out-2")])).toEqual(["papers/a.pdf", "papers/batch/b.jsonl"]);
    expect(await found([])).toEqual([
      "papers/a.pdf",
      "papers/batch/b.jsonl",
      "papers/out-2/data/part-00000-00000.parquet",
    ]);
    const globbed = await discoverInputs([join(dir, "papers/**/*.parquet")], [join(dir, "papers/out-2")]);
    expect(globbed).toEqual([]);
  });
});

describe("jsonlScoreNames", () => {
  it("reads the scores of a first record behind a byte-order mark", async () => {
    const file = join(tempDir("assay-inputs-"), "scored.jsonl");
    writeFileSync(file, `\ufeff${JSON.stringify({ id: "a", text: "x", density: 1.5, url: "u" })}\n`);
    expect(await jsonlScoreNames(file)).toEqual(["density"]);
  });

  it("takes a dump's floats as scores and leaves its integers (years, counts) to metadata", async () => {
    const file = join(tempDir("assay-inputs-"), "dump.jsonl");
    // As Python's json.dumps writes them: 1.0 stays a float, though JavaScript reads it as 1.
    writeFileSync(
      file,
      '{"id": "a", "text": "x", "year": 2020, "n_citations": 12, "quality": 1.0, "ratio": 2e-3, "note": "0.5", ' +
        '"meta": {"p": 0.9}, "missing": null}\n{"id": "b", "text": "y", "later": 0.5}\n',
    );
    expect(await jsonlScoreNames(file)).toEqual(["quality", "ratio"]);
  });

  it("takes every number and null of assay's own output as a score, integer-valued ones too", async () => {
    const file = join(tempDir("assay-inputs-"), "part-00000-00000.jsonl");
    const row = { id: "a", text: "x", damaged_pages: 0, density_vs_machine: null, c4: 1, pipeline_version: "0.1.0" };
    writeFileSync(file, `${JSON.stringify({ ...row, config_hash: "abc" })}\n`);
    expect(await jsonlScoreNames(file)).toEqual(["damaged_pages", "density_vs_machine", "c4"]);
  });

  it("leaves to metadata a name that differs from a document column or an earlier score only in case, or is blank", async () => {
    // DuckDB reads names in any case: `Density` beside assay's `density` was read in its place
    const file = join(tempDir("assay-inputs-"), "cased.jsonl");
    writeFileSync(
      file,
      '{"id": "a", "text": "x", "Density": 0.25, "Stage": 1.5, "quality": 0.5, "Quality": 0.7, "": 0.1}\n',
    );
    expect(await jsonlScoreNames(file)).toEqual(["quality"]);
  });
});
