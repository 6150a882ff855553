// Training across ranks: the ranks' counts merged make the model one process makes, byte for byte, on real text
// (every other document of ../shared's text-dev, 488 documents, 4.9 MB: the whole of it took each training twice as
// long and tested nothing more), however many ranks count it, a rank with no inputs among them, and ids that several
// ranks' inputs hold.
import { existsSync, readdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { describe, expect, it } from "vitest";
import { type CountedInput, openCountsFile } from "../../../filters/ngram-lm/counts-file.js";
import { NgramModel } from "../../../filters/ngram-lm/model.js";
import {
  type CopiesReader,
  countRankNgrams,
  countRankWords,
  type InputText,
  mergeRankCounts,
  partsDir,
  type RankShare,
} from "../../../filters/ngram-lm/rank-training.js";
import { checkedOptions, type LmTrainReport, trainNgramModel } from "../../../filters/ngram-lm/train.js";
import { partition } from "../../../src/io/inputs.js";
import { idHash } from "../../../src/seen-ids.js";
import { tempDir } from "../../temp-dir.js";
import { haveShared, TEXT_DEV } from "../density/shared-text.js";

interface Doc {
  id: string;
  text: string;
}

/** Every other document of text-dev as 7 inputs of every 7th one, as a corpus of shards would be. */
const INPUTS = 7;
const DOCS = 488;
const inputTexts = (): Doc[][] => {
  const docs = readFileSync(TEXT_DEV, "utf8")
    .split("\n")
    .filter((line, i) => line.trim() && i % 2 === 0)
    .map((line) => JSON.parse(line) as Doc);
  return Array.from({ length: INPUTS }, (_, i) => docs.filter((_, d) => d % INPUTS === i));
};

/** Each id's first document, as reading `inputs` in order keeps (ingest's duplicate_id). */
function* firstOfEachId(inputs: Iterable<[number, Doc[]]>): Generator<InputText> {
  const seen = new Set<string>();
  for (const [input, docs] of inputs)
    for (const { id, text } of docs) if (!seen.has(id) && seen.add(id)) yield { input, id, text };
}

/** What one process trains on: every input's documents in order, each id's first. */
const oneProcessTexts = (texts: Doc[][]) => () => [...firstOfEachId(texts.entries())].map((doc) => doc.text);

/** Input files of these texts in `dir` (the stages check that inputs did not change since they were counted). */
function inputFiles(texts: Doc[][], dir: string): CountedInput[] {
  return texts.map((docs, index) => {
    const path = join(dir, `input-${index}.txt`);
    writeFileSync(path, docs.map((doc) => doc.text).join("\n"));
    return { path, bytes: statSync(path).size, index };
  });
}

/** Every stage on every rank, as a Slurm array would run them; returns the merged model and its report. */
async function trainOnRanks(texts: Doc[][], worldSize: number, model: string, options = {}) {
  const opts = checkedOptions(options);
  const inputs = inputFiles(texts, dirname(model));
  const shares: RankShare[] = Array.from({ length: worldSize }, (_, rank) => ({
    rank,
    worldSize,
    inputs: partition(inputs, rank, worldSize),
  }));
  // A rank reads its share as one stream, each id's first document.
  const docsOf = (share: RankShare) =>
    async function* (): AsyncGenerator<InputText> {
      yield* firstOfEachId(share.inputs.map(({ index }, input) => [input, texts[index] as Doc[]]));
    };
  const copiesOf = copiesIn(texts);
  for (const share of shares) await countRankWords(model, share, docsOf(share), opts);
  for (const share of shares) await countRankNgrams(model, shares, share.rank, docsOf(share), copiesOf, opts);
  const report = { pruneFloor: 0, counted: 0, vocabularyFloor: 0, words: 0, docsWithText: 0 };
  return { bytes: await mergeRankCounts(model, shares, copiesOf, opts, report), report };
}

/** The copies of repeated ids in an input, as the CLI reads them (the input alone, each id's first document). */
const copiesIn = (texts: Doc[][]): CopiesReader =>
  async function* (index, ids) {
    for (const { id, text } of firstOfEachId([[index, texts[index] as Doc[]]])) if (ids.has(idHash(id))) yield text;
  };

describe.skipIf(!haveShared)("lm training across ranks", () => {
  it("merges the counts of 1, 2, 3 and 8 ranks (one with no inputs) into the one-process model, byte for byte", async () => {
    const texts = inputTexts();
    const oneProcess = await trainNgramModel(oneProcessTexts(texts));
    const dir = tempDir("assay-lm-ranks-");
    for (const worldSize of [1, 2, 3, 8]) {
      const model = join(dir, `w${worldSize}.lm`);
      const { bytes, report } = await trainOnRanks(texts, worldSize, model);
      expect(Buffer.compare(bytes, oneProcess), `${worldSize} ranks`).toBe(0);
      expect([report.pruneFloor, report.vocabularyFloor]).toEqual([0, 0]);
      expect(report.docsWithText).toBe(DOCS);
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
    expect(Buffer.compare(small.bytes, await trainNgramModel(oneProcessTexts(texts), options))).toBe(0);
  }, 240_000);

  it("counts an id that several ranks' inputs hold once, as one process does: the model is still byte for byte", async () => {
    const texts = inputTexts();
    const doc = (input: number, at: number) => (texts[input] as Doc[])[at] as Doc;
    // Other texts under ids other inputs hold: read later (input 3 after 0), earlier (input 1 before 2: at 2 ranks
    // the higher rank's copy is the one counted), three times (inputs 4, 5, 6), and twice in one rank's share (0, 2).
    const copies: [number, Doc][] = [
      [3, { id: doc(0, 0).id, text: doc(1, 5).text.split(" ").reverse().join(" ") }],
      [1, { id: doc(2, 1).id, text: "Zyxwv quorble frandish mellifluent quorble zyxwv." }],
      [5, { id: doc(4, 2).id, text: doc(6, 3).text.toUpperCase() }],
      [6, { id: doc(4, 2).id, text: "Plimsoll quorble zyxwv frandish." }],
      [2, { id: doc(0, 3).id, text: "Frandish frandish mellifluent." }],
    ];
    for (const [input, copy] of copies) (texts[input] as Doc[]).splice(4, 0, copy);
    const oneProcess = await trainNgramModel(oneProcessTexts(texts), { maxVocab: 3_000 });
    // A rank that counted its own copy too would make another model.
    expect(
      Buffer.compare(oneProcess, await trainNgramModel(() => texts.flat().map((d) => d.text), { maxVocab: 3_000 })),
    ).not.toBe(0);
    const dir = tempDir("assay-lm-ranks-");
    for (const worldSize of [2, 3, 7]) {
      const { bytes, report } = await trainOnRanks(texts, worldSize, join(dir, `w${worldSize}.lm`), {
        maxVocab: 3_000,
      });
      expect(Buffer.compare(bytes, oneProcess), `${worldSize} ranks`).toBe(0);
      expect(report.docsWithText).toBe(DOCS);
    }
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
    await trainNgramModel(oneProcessTexts(texts), { maxCounted: 200_000 }, oneReport);
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
    const merge = (merged: RankShare[], options = opts) =>
      mergeRankCounts(model, merged, copiesIn(texts), options, report);
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
