// Training across ranks: the ranks' counts merged make the model one process makes, byte for byte, on real text
// (../shared's text-dev, 976 documents, 9.8 MB), however many ranks count it, a rank with no inputs among them.
import { existsSync, readdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { describe, expect, it } from "vitest";
import { type CountedInput, openCountsFile } from "../../../filters/ngram-lm/counts-file.js";
import { NgramModel } from "../../../filters/ngram-lm/model.js";
import {
  countRankNgrams,
  countRankWords,
  type InputText,
  mergeRankCounts,
  partsDir,
  type RankShare,
} from "../../../filters/ngram-lm/rank-training.js";
import { checkedOptions, type LmTrainReport, trainNgramModel } from "../../../filters/ngram-lm/train.js";
import { partition } from "../../../src/io/inputs.js";
import { tempDir } from "../../temp-dir.js";
import { haveShared, TEXT_DEV } from "../density/shared-text.js";

/** text-dev as 7 inputs of every 7th document, as a corpus of shards would be. */
const INPUTS = 7;
const inputTexts = (): string[][] => {
  const docs = readFileSync(TEXT_DEV, "utf8")
    .split("\n")
    .filter((line) => line.trim())
    .map((line) => JSON.parse(line).text as string);
  return Array.from({ length: INPUTS }, (_, i) => docs.filter((_, d) => d % INPUTS === i));
};

/** Input files of these texts in `dir` (the stages check that inputs did not change since they were counted). */
function inputFiles(texts: string[][], dir: string): CountedInput[] {
  return texts.map((docs, index) => {
    const path = join(dir, `input-${index}.txt`);
    writeFileSync(path, docs.join("\n"));
    return { path, bytes: statSync(path).size, index };
  });
}

/** Every stage on every rank, as a Slurm array would run them; returns the merged model and its report. */
async function trainOnRanks(texts: string[][], worldSize: number, model: string, options = {}) {
  const opts = checkedOptions(options);
  const inputs = inputFiles(texts, dirname(model));
  const shares: RankShare[] = Array.from({ length: worldSize }, (_, rank) => ({
    rank,
    worldSize,
    inputs: partition(inputs, rank, worldSize),
  }));
  const docsOf = (share: RankShare) =>
    async function* (): AsyncGenerator<InputText> {
      for (const [input, { index }] of share.inputs.entries())
        for (const text of texts[index] as string[]) yield { input, text };
    };
  for (const share of shares) await countRankWords(model, share, docsOf(share), opts);
  for (const share of shares) await countRankNgrams(model, shares, share.rank, docsOf(share), opts);
  const report = { pruneFloor: 0, counted: 0, vocabularyFloor: 0, words: 0, docsWithText: 0 };
  return { bytes: await mergeRankCounts(model, shares, opts, report), report };
}

describe.skipIf(!haveShared)("lm training across ranks", () => {
  it("merges the counts of 1, 2, 3 and 8 ranks (one with no inputs) into the one-process model, byte for byte", async () => {
    const texts = inputTexts();
    const oneProcess = await trainNgramModel(() => texts.flat());
    const dir = tempDir("assay-lm-ranks-");
    for (const worldSize of [1, 2, 3, 8]) {
      const model = join(dir, `w${worldSize}.lm`);
      const { bytes, report } = await trainOnRanks(texts, worldSize, model);
      expect(Buffer.compare(bytes, oneProcess), `${worldSize} ranks`).toBe(0);
      expect([report.pruneFloor, report.vocabularyFloor]).toEqual([0, 0]);
      expect(report.docsWithText).toBe(976);
      // 16 bytes an n-gram (8 a word) deflate to about 10
      const files = readdirSync(partsDir(model)).map((f) => join(partsDir(model), f));
      expect(files).toHaveLength(2 * worldSize);
      const entries = files.reduce(
        (sum, f) => sum + (openCountsFile(f)?.header.tables ?? []).reduce((n, t) => n + t.entries, 0),
        0,
      );
      const bytesOnDisk = files.reduce((sum, f) => sum + statSync(f).size, 0);
      expect(bytesOnDisk / entries).toBeLessThan(11.5);
    }
    // another order and vocabulary, where the unknown word takes part in the n-grams
    const options = { order: 4, maxVocab: 5_000 };
    const small = await trainOnRanks(texts, 3, join(dir, "o4.lm"), options);
    expect(Buffer.compare(small.bytes, await trainNgramModel(() => texts.flat(), options))).toBe(0);
  }, 240_000);

  it("merges ranks that counted lossily into a valid model whose report says so", async () => {
    const texts = inputTexts();
    const dir = tempDir("assay-lm-ranks-");
    const { bytes, report } = await trainOnRanks(texts, 2, join(dir, "lossy.lm"), { maxCounted: 200_000 });
    expect(report.pruneFloor).toBeGreaterThan(0);
    const model = new NgramModel(bytes);
    expect(model.tables[2]?.entries).toBeGreaterThan(1_000);
    // the one-process model of the same budget is approximate too, of about the same size
    const oneReport: LmTrainReport = { pruneFloor: 0, counted: 0, vocabularyFloor: 0, words: 0 };
    await trainNgramModel(() => texts.flat(), { maxCounted: 200_000 }, oneReport);
    expect(oneReport.pruneFloor).toBeGreaterThan(0);
    expect(report.words).toBe(oneReport.words);
  }, 120_000);

  it("refuses to merge before every rank counted, or counts of other options or inputs, naming the rank to run", async () => {
    const texts = inputTexts().slice(0, 2);
    const dir = tempDir("assay-lm-ranks-");
    const model = join(dir, "m.lm");
    await trainOnRanks(texts, 2, model);
    const opts = checkedOptions({});
    const inputs = inputFiles(texts, dir);
    const shares = (worldSize: number): RankShare[] =>
      Array.from({ length: worldSize }, (_, rank) => ({ rank, worldSize, inputs: partition(inputs, rank, worldSize) }));
    const report = { pruneFloor: 0, counted: 0, vocabularyFloor: 0, words: 0, docsWithText: 0 };
    const merge = (merged: RankShare[], options = opts) => mergeRankCounts(model, merged, options, report);
    await expect(merge(shares(2), { ...opts, order: 2 })).rejects.toThrow(
      /words-00000\.bin was counted with --order 3 --max-vocab 60000 --max-counted 50000000, not --order 2 /,
    );
    await expect(merge(shares(3))).rejects.toThrow(/counted as rank 0 of 2, not of 3: give --world-size 2/);
    const moved = shares(2);
    (moved[1] as RankShare).inputs = [{ path: "elsewhere", bytes: null, index: 1 }];
    await expect(merge(moved)).rejects.toThrow(
      /words-00001\.bin was counted from other inputs than these: run --stage words on rank 1 again with these inputs$/,
    );
    // an input written again since its rank counted it (inputFiles wrote it after, in the same bytes)
    await expect(merge(shares(2))).rejects.toThrow(
      /input-0\.txt changed after \S+words-00000\.bin counted it: run --stage words on rank 0, then --stage ngrams on every rank$/,
    );
    utimesSync(join(dir, "input-0.txt"), 0, 0);
    utimesSync(join(dir, "input-1.txt"), 0, 0);
    expect((await merge(shares(2))).byteLength).toBeGreaterThan(0);
    rmSync(join(partsDir(model), "ngrams-00001.bin"));
    await expect(merge(shares(2))).rejects.toThrow(
      /^no n-gram counts of rank 1 in \S+m\.lm\.parts: run --stage ngrams on rank 1 first$/,
    );
    expect(existsSync(join(partsDir(model), "ngrams-00000.bin"))).toBe(true);
  }, 60_000);
});
