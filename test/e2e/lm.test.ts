// `assay lm train` through the real binary: a model trained on some text finds that text more probable than
// unrelated text, and bad input gets a clean reject or a one-line error.
import {
  appendFileSync,
  copyFileSync,
  existsSync,
  mkdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { join } from "node:path";
import { expect, it } from "vitest";
import { NgramModel } from "../../filters/ngram-lm/model.js";
import { perplexity } from "../../filters/ngram-lm/perplexity.js";
import { tokenize } from "../../filters/ngram-lm/tokens.js";
import { duckdbQuery } from "../duckdb.js";
import { haveShared, PAPERS, TEXT_DEV } from "../filters/density/shared-text.js";
import { tempDir } from "../temp-dir.js";
import { assay, assayOnTerminal, assayWithEnv, CORPUS, haveTerminal } from "./cli.js";

const BORN_DIGITAL = join(CORPUS, "born-digital");

const TRAINING = [
  "The gradient of the loss with respect to the weights is computed by backpropagation through the network.",
  "We train the network with stochastic gradient descent and a learning rate that decays over the epochs.",
  "The validation loss stops improving after twenty epochs, so we keep the weights of that epoch.",
];
const UNRELATED = "Preheat the oven, whisk the eggs with sugar and fold in the flour before baking the cake.";

it("assay lm train builds a model that prefers the text it was trained on", async () => {
  const dir = tempDir("assay-lm-");
  const docs = join(dir, "docs.jsonl");
  const lines = Array.from({ length: 30 }, (_, i) => JSON.stringify({ id: `d${i}`, text: TRAINING.join(" ") }));
  writeFileSync(docs, `${lines.join("\n")}\n{not json\n`);
  const model = join(dir, "model.bin");
  const result = await assay("lm", "train", docs, "--out", model, "--order", "3");
  expect(result.status, result.stderr).toBe(0);
  const lm = NgramModel.load(model);
  expect(lm.order).toBe(3);
  const seen = perplexity(lm, tokenize(TRAINING[1] as string)).perplexity;
  const unseen = perplexity(lm, tokenize(UNRELATED)).perplexity;
  expect(seen).toBeLessThan(unseen / 5);

  const bad = await assay("lm", "train", docs, "--out", model, "--order", "three");
  expect(bad.status).toBe(2);
  expect(bad.stderr.trim().split("\n")).toHaveLength(1);
  expect((await assay("lm", "fit", docs, "--out", model)).status).toBe(2);
  expect(result.stdout).toMatch(/exact counts/);
  // Three sentences make a model of a few dozen words, which warns, as the line that is not JSON does; progress shows
  // only on a terminal.
  expect(result.stderr.split("\n")).toEqual([
    "assay lm: warning: not trained on what could not be read: 1 invalid_record:not_json",
    expect.stringMatching(
      /^assay lm: warning: the model knows too few words to score text usefully \(\d\d, under 1000\); train it on more text$/,
    ),
    "",
  ]);
  const quiet = await assay("lm", "train", docs, "--out", model, "--quiet");
  expect([quiet.status, quiet.stdout, quiet.stderr]).toEqual([0, "", ""]);

  // A counting budget the text exceeds: the model is still written, and the summary says its counts are approximate.
  const varied = Array.from({ length: 40 }, (_, i) =>
    JSON.stringify({ id: `v${i}`, text: `${TRAINING[i % 3]} Run ${i} used seed ${i * 7} and batch ${i % 5}.` }),
  );
  writeFileSync(docs, `${varied.join("\n")}\n`);
  const lossy = await assay("lm", "train", docs, "--out", model, "--max-counted", "30");
  expect(lossy.status, lossy.stderr).toBe(0);
  expect(lossy.stdout).toMatch(
    /approximate counts: words seen (once|up to \d+ times) and n-grams seen (once|up to \d+ times) were dropped/,
  );
  expect(NgramModel.load(model).tables[2]?.entries).toBeGreaterThan(0);
  // Its few words are the budget's doing, and the warning says so.
  expect(lossy.stderr).toMatch(/too few words .*; raise --max-counted, which dropped the rarer words\n$/);
  const zero = await assay("lm", "train", docs, "--out", model, "--max-counted", "0");
  expect(zero.status).toBe(2);
  expect(zero.stderr.trim().split("\n")).toHaveLength(1);
}, 60_000);

it.skipIf(!haveShared)("assay lm train reads PDFs as --ocr says, in one process only", async () => {
  const model = join(tempDir("assay-lm-ocr-"), "model.bin");
  // A scan read without OCR has no text to train on.
  const scan = join(CORPUS, "scanned", "realscan-01_neco1995_helmholtz-machine_image-only.pdf");
  const unread = await assay("lm", "train", scan, "--out", model, "--ocr", "never");
  expect([unread.status, unread.stderr]).toEqual([
    1,
    `assay lm: no text to train on in ${scan} (not read: 1 no_text)\n`,
  ]);
  // A staged rank's counts do not record how PDFs were read: the flag is refused there, as a bad mode is.
  for (const flags of [
    ["--ocr", "sometimes"],
    ["--stage", "words", "--ocr", "never"],
  ]) {
    const refused = await assay("lm", "train", scan, "--out", model, ...flags);
    expect([refused.status, refused.stderr.trim().split("\n").length], flags.join(" ")).toEqual([2, 1]);
  }
});

it.skipIf(!haveTerminal)(
  "assay lm train on a terminal shows each pass's progress up to its last document",
  async () => {
    const dir = tempDir("assay-lm-");
    const docs = join(dir, "docs.jsonl");
    const lines = Array.from({ length: 40 }, (_, i) => JSON.stringify({ id: `d${i}`, text: TRAINING[i % 3] }));
    writeFileSync(docs, `${lines.join("\n")}\n`);
    const { status, output } = await assayOnTerminal("lm", "train", docs, "--out", join(dir, "model.bin"), "-q");
    expect(status, output).toBe(0);
    // Both passes read in well under the half second between updates: only their ends show all 40 documents.
    const shown = output.split("\r").map((line) => line.trim());
    expect(shown).toContainEqual(expect.stringMatching(/^assay lm train: pass 1\/2 \(vocabulary\), 40 docs, /));
    expect(shown).toContainEqual(expect.stringMatching(/^assay lm train: pass 2\/2 \(n-grams\), 40 docs, /));
    expect(output).toMatch(/\n$/);
  },
);

it("assay lm alone prints its usage as an error; the help says what inputs it takes and how a model is used", async () => {
  const bare = await assay("lm");
  expect([bare.status, bare.stdout]).toEqual([2, ""]);
  expect(bare.stderr).toMatch(/^usage: assay lm train /);
  const help = await assay("lm", "--help");
  expect(help.stdout).toBe(bare.stderr);
  expect(help.stdout).toMatch(/<docs> is PDF, JSONL, Parquet/);
  expect(help.stdout).toMatch(/'assay run --lm MODEL'/);
  expect(help.stdout).toMatch(/--stage S +all \(default, one process\)/);
});

it("assay lm train refuses budgets it cannot meet or that leave no words, instead of pruning forever", async () => {
  const dir = tempDir("assay-lm-");
  const docs = join(dir, "docs.jsonl");
  writeFileSync(docs, `${JSON.stringify({ id: "d", text: TRAINING.join(" ") })}\n`);
  const model = join(dir, "model.bin");
  for (const [budget, problem] of [
    [["--max-entries", "0"], /--max-entries must be at least 1/],
    [["--max-vocab", "0"], /--max-vocab must be at least 1/],
    [
      ["--max-entries", "5"],
      /--max-entries 5 is below the \d+ words the model stores.*raise it to at least \d+ or lower --max-vocab/,
    ],
  ] as const) {
    const refused = await assay("lm", "train", docs, "--out", model, ...budget);
    expect(refused.status, refused.stderr).toBe(2);
    expect(refused.stderr).toMatch(new RegExp(`^assay lm: ${problem.source}[^\n]*\n$`));
  }
  expect(existsSync(model)).toBe(false);
}, 30_000);

it("assay lm train refuses an --out that is one of its inputs, a file that is not a model or no file's path, and replaces a model", async () => {
  const dir = tempDir("assay-lm-");
  const corpus = join(dir, "corpus");
  mkdirSync(corpus);
  const docs = join(corpus, "docs.jsonl");
  const text = `${JSON.stringify({ id: "d", text: TRAINING.join(" ") })}\n`;
  writeFileSync(docs, text);
  symlinkSync(docs, join(dir, "link.jsonl"));
  const manifest = join(dir, "manifest.json");
  writeFileSync(manifest, "{}\n");
  for (const [input, out, problem] of [
    [docs, docs, /is the input/],
    [corpus, join(dir, "link.jsonl"), /is the input/],
    [corpus, join(corpus, "..", "corpus", "docs.jsonl"), /is the input/],
    [corpus, manifest, /exists and is not an assay n-gram model/],
    // output problems, as for every command's --out: status 1, not a usage mistake
    [corpus, join(dir, "no", "model.bin"), /its directory does not exist/],
    [corpus, dir, /is a directory/],
  ] as const) {
    const refused = await assay("lm", "train", input, "--out", out, "--quiet");
    expect(refused.status, out).toBe(1);
    expect(refused.stderr, out).toMatch(new RegExp(`^assay lm: --out \\S+ ${problem.source}[^\\n]*\\n$`));
  }
  expect(readFileSync(docs, "utf8")).toBe(text);
  expect(readFileSync(manifest, "utf8")).toBe("{}\n");
  const model = join(dir, "model.bin");
  for (let run = 0; run < 2; run++) expect((await assay("lm", "train", corpus, "--out", model, "-q")).status).toBe(0);
}, 30_000);

it.skipIf(!haveShared)(
  "assay run --lm scores every kept doc against the user's LM, lower on the text it was trained on",
  async () => {
    const dir = tempDir("assay-run-lm-");
    const papers = readFileSync(PAPERS, "utf8")
      .split("\n")
      .filter((l) => l.trim());
    const training = join(dir, "training.jsonl");
    writeFileSync(training, `${papers.slice(0, 12).join("\n")}\n`);
    const model = join(dir, "model.bin");
    const trained = await assay("lm", "train", training, "--out", model);
    expect([trained.status, trained.stderr], "12 papers hold words enough not to warn").toEqual([0, ""]);
    // Three papers the LM saw and three it did not.
    const docs = join(dir, "docs.jsonl");
    writeFileSync(docs, `${[...papers.slice(0, 3), ...papers.slice(30, 33)].join("\n")}\n`);
    const out = join(dir, "out");
    const result = await assay("run", docs, "--out", out, "--lm", model, "--no-dedup", "--no-rank", "--workers", "1");
    expect(result.status, result.stderr).toBe(0);
    const rows = await duckdbQuery(
      `SELECT id, lm_perplexity, lm_oov FROM read_parquet('${out}/data/*.parquet') ORDER BY id`,
    );
    expect(rows).toHaveLength(6);
    const seenIds = new Set(papers.slice(0, 3).map((l) => JSON.parse(l).id as string));
    const seen = rows.filter((r) => seenIds.has(r.id as string)).map((r) => r.lm_perplexity as number);
    const unseen = rows.filter((r) => !seenIds.has(r.id as string)).map((r) => r.lm_perplexity as number);
    for (const r of rows) expect(r.lm_oov as number).toBeGreaterThanOrEqual(0);
    expect(Math.max(...seen)).toBeLessThan(Math.min(...unseen));
    // the model is part of the run's provenance
    const manifest = JSON.parse(readFileSync(join(out, "manifest.json"), "utf8"));
    expect(manifest.config_files.map((f: { path: string }) => f.path)).toEqual([model]);

    const missing = await assay("run", docs, "--out", join(dir, "out2"), "--lm", join(dir, "nope.lm"));
    expect(missing.status).toBe(1);
    expect(missing.stderr.trim().split("\n")).toHaveLength(1);
    expect(missing.stderr).toMatch(/assay lm train/);
    const cut = join(dir, "cut.lm");
    writeFileSync(cut, readFileSync(model).subarray(0, 5000));
    const truncated = await assay("run", docs, "--out", join(dir, "out3"), "--lm", cut);
    expect(truncated.status).toBe(1);
    expect(truncated.stderr).toMatch(
      /^assay run: lm \S+cut\.lm: the n-gram model file is truncated[^\n]*; retrain it with 'assay lm train'\n$/,
    );
  },
  120_000,
);

it.skipIf(!haveShared || !existsSync(BORN_DIGITAL))(
  "assay lm train across ranks (--stage words, ngrams, merge) makes the one-process model, byte for byte",
  async () => {
    // 120 text-dev documents (1 MB) in two JSON Lines inputs and a paper between them: rank 0 reads a and c, rank 1
    // the PDF, so the merge puts the ranks' inputs back in turn. That the merge makes the one-process model on 4.9 MB of
    // text-dev, for 1, 2, 3 and 8 ranks and a rank with no inputs, test/filters/ngram-lm/rank-training.test.ts shows.
    const dir = tempDir("assay-lm-ranks-");
    const corpus = join(dir, "corpus");
    mkdirSync(corpus);
    const lines = readFileSync(TEXT_DEV, "utf8")
      .split("\n")
      .filter((line) => line.trim())
      .slice(0, 120);
    // a.jsonl ends with a line that is not JSON: what training could not read is said by the stage that reads first.
    writeFileSync(join(corpus, "a.jsonl"), `${lines.filter((_, i) => i % 2 === 0).join("\n")}\n{not json\n`);
    writeFileSync(join(corpus, "c.jsonl"), `${lines.filter((_, i) => i % 2 === 1).join("\n")}\n`);
    copyFileSync(join(BORN_DIGITAL, "arxiv-1503.02531v1_distillation.pdf"), join(corpus, "b.pdf"));
    const one = join(dir, "one.lm");
    const single = await assay("lm", "train", corpus, "--out", one);
    expect(single.status, single.stderr).toBe(0);

    // Two Slurm array tasks, numbered from 1: the ranks come from the scheduler's variables.
    const two = join(dir, "two.lm");
    const task = (id: number) => ({
      SLURM_ARRAY_TASK_ID: String(id),
      SLURM_ARRAY_TASK_COUNT: "2",
      SLURM_ARRAY_TASK_MIN: "1",
    });
    for (const stage of ["words", "ngrams"])
      for (const id of [1, 2]) {
        const counted = await assayWithEnv(task(id), "lm", "train", corpus, "--out", two, "--stage", stage);
        expect(counted.status, counted.stderr).toBe(0);
        expect(counted.stdout).toMatch(
          new RegExp(`^${two}\\.parts/${stage}-0000${id - 1}\\.bin: rank ${id - 1} of 2, \\d+ .* counted\\n$`),
        );
        const warned = stage === "words" && id === 1;
        expect(counted.stderr, `${stage} ${id}`).toBe(
          warned ? "assay lm: warning: not trained on what could not be read: 1 invalid_record:not_json\n" : "",
        );
      }
    expect(single.stderr).toBe("assay lm: warning: not trained on what could not be read: 1 invalid_record:not_json\n");
    const merged = await assay("lm", "train", corpus, "--out", two, "--stage", "merge", "--world-size", "2");
    expect(merged.status, merged.stderr).toBe(0);
    expect(merged.stdout).toBe(single.stdout.replace(one, two));
    expect(readFileSync(two).equals(readFileSync(one))).toBe(true);

    // A rank with no input (the fourth of four, for three files) counts nothing, and says so.
    const fourth = ["--stage", "words", "--rank", "3", "--world-size", "4"];
    const empty = await assay("lm", "train", corpus, "--out", join(dir, "four.lm"), ...fourth);
    expect([empty.status, empty.stderr]).toEqual([0, ""]);
    expect(empty.stdout).toMatch(/words-00003\.bin: rank 3 of 4, 0 distinct words counted\n$/);

    // A rank run again on unchanged inputs keeps its counts; one whose input changed is counted again, words first.
    const again = (stage: string) =>
      assay("lm", "train", corpus, "--out", two, "--stage", stage, "--rank", "0", "--world-size", "2");
    expect((await again("ngrams")).stdout).toMatch(/rank 0 of 2, \d+ .* kept: its inputs and options are unchanged/);
    appendFileSync(join(corpus, "c.jsonl"), `${JSON.stringify({ id: "new", text: "One more line of text." })}\n`);
    const stale = await again("ngrams");
    expect([stale.status, stale.stderr]).toEqual([
      1,
      `assay lm: ${corpus}/c.jsonl changed after ${two}.parts/words-00000.bin counted it: run --stage words on rank 0, then --stage ngrams on every rank\n`,
    ]);
    for (const stage of ["words", "ngrams"])
      expect((await again(stage)).stdout).toMatch(/rank 0 of 2, \d+ .* counted\n$/);

    // The merge refuses, in one line naming what to run, counts of another world size or a rank not counted.
    const merge = (...flags: string[]) => assay("lm", "train", corpus, "--out", two, "--stage", "merge", ...flags);
    const wrongSize = await merge("--world-size", "3");
    expect(wrongSize.status).toBe(1);
    expect(wrongSize.stderr).toMatch(
      /^assay lm: \S+words-00000\.bin was counted as rank 0 of 2, not of 3: give --world-size 2,[^\n]*\n$/,
    );
    rmSync(join(`${two}.parts`, "ngrams-00001.bin"));
    const missing = await merge("--world-size", "2");
    expect([missing.status, missing.stderr]).toEqual([
      1,
      `assay lm: no n-gram counts of rank 1 in ${two}.parts: run --stage ngrams on rank 1 first\n`,
    ]);
    const all = await assay("lm", "train", corpus, "--out", two, "--world-size", "2");
    expect(all.status).toBe(2);
    expect(all.stderr).toMatch(/^assay lm: --stage all runs in one process; across ranks run --stage words[^\n]*\n$/);
  },
  300_000,
);

it.skipIf(!haveShared)(
  "assay lm train across ranks counts an id that two ranks' inputs hold once, as one process does",
  async () => {
    // Three JSON Lines inputs, two ranks (a and c on rank 0, b on rank 1). Id r1 is in b and c: one process keeps b's
    // (read first), rank 0 its own. Id r2 is in a and b: rank 0's copy is the one kept.
    const dir = tempDir("assay-lm-ids-");
    const corpus = join(dir, "corpus");
    mkdirSync(corpus);
    const docs = readFileSync(TEXT_DEV, "utf8")
      .split("\n")
      .filter((line) => line.trim())
      .slice(0, 60)
      .map((line) => JSON.parse(line) as { id: string; text: string });
    const jsonl = (rows: { id: string; text: string }[]) => `${rows.map((row) => JSON.stringify(row)).join("\n")}\n`;
    const text = (i: number) => (docs[i] as { text: string }).text;
    writeFileSync(join(corpus, "a.jsonl"), jsonl([...docs.slice(0, 20), { id: "r2", text: text(40) }]));
    writeFileSync(
      join(corpus, "b.jsonl"),
      jsonl([
        { id: "r1", text: text(41) },
        { id: "r2", text: text(42) },
      ]),
    );
    writeFileSync(join(corpus, "c.jsonl"), jsonl([...docs.slice(20, 40), { id: "r1", text: text(43) }]));
    const one = join(dir, "one.lm");
    const single = await assay("lm", "train", corpus, "--out", one, "-q");
    expect(single.status, single.stderr).toBe(0);
    const two = join(dir, "two.lm");
    for (const stage of ["words", "ngrams"])
      for (const rank of ["0", "1"]) {
        const counted = await assay(
          "lm",
          "train",
          corpus,
          "--out",
          two,
          "--stage",
          stage,
          "--rank",
          rank,
          "--world-size",
          "2",
          "-q",
        );
        expect(counted.status, counted.stderr).toBe(0);
      }
    const merged = await assay("lm", "train", corpus, "--out", two, "--stage", "merge", "--world-size", "2", "-q");
    expect(merged.status, merged.stderr).toBe(0);
    expect(readFileSync(two).equals(readFileSync(one))).toBe(true);
  },
  120_000,
);
