// Training across ranks, in three barrier stages whose files sit in MODEL.parts/: `words` (every rank) counts the
// words of its share of the inputs; `ngrams` (every rank) chooses the vocabulary from every rank's words, as one
// process would, and counts its share's n-grams; `merge` (once) adds the ranks' n-grams in the order of the inputs of
// all ranks together and builds the model. Without lossy counting that is the order one process counts them in, so
// the model is the one `trainNgramModel` makes, byte for byte (the entry order decides the hash tables' layout and the
// order of floating-point sums; a 32-bit key two n-grams share keeps the first one's context). An id two ranks
// hold is counted once, as one process counts it (repeated-ids.ts).
import { createHash } from "node:crypto";
import { mkdir, stat } from "node:fs/promises";
import { join } from "node:path";
import { InputError } from "../../src/io/inputs.js";
import { idHash } from "../../src/seen-ids.js";
import {
  type CountedInput,
  type CountingOptions,
  type CountsFile,
  type CountsHeader,
  type CountsKind,
  openCountsFile,
  RecordCursor,
  writeCountsFile,
} from "./counts-file.js";
import { NgramCounts } from "./ngram-counts.js";
import { CountedIds, IDS_TABLE, type UncountedCopies, uncountedCopies } from "./repeated-ids.js";
import {
  buildModel,
  type CountedNgrams,
  type CountsOfCounts,
  type LmTrainOptions,
  type LmTrainReport,
  NgramCounter,
  VocabularyOverBudgetError,
  vocabularyOf,
  WordCounter,
} from "./train.js";

export const LM_STAGES = ["words", "ngrams", "merge", "all"] as const;
export type LmStage = (typeof LM_STAGES)[number];

/** One rank's share of the inputs, each with its place among every rank's inputs. */
export interface RankShare {
  rank: number;
  worldSize: number;
  inputs: readonly CountedInput[];
}

/** A document's id and text, and the index (in RankShare.inputs) of the input it came from. */
export interface InputText {
  input: number;
  id: string;
  text: string;
}

/**
 * The texts of the documents of an input (its index among every rank's inputs) whose ids' hashes are in `ids`, each
 * id's first: the copies of repeated ids a rank counted words of and one process would not (repeated-ids.ts).
 */
export type CopiesReader = (input: number, ids: ReadonlySet<bigint>) => AsyncIterable<string>;

/** Where the ranks' counts of the model at `model` go: beside it, so that every rank finds them by the model's path. */
export const partsDir = (model: string) => `${model}.parts`;
const countsPath = (model: string, kind: CountsKind, rank: number) =>
  join(partsDir(model), `${kind}-${String(rank).padStart(5, "0")}.bin`);

/** What a stage on one rank did: counted (or found its counts of an earlier run still good), and how many. */
export interface RankCounted {
  path: string;
  kept: boolean;
  entries: number;
  floor: number;
}

/** Stage `words` on one rank. */
export async function countRankWords(
  model: string,
  share: RankShare,
  docs: () => AsyncIterable<InputText>,
  opts: CountingOptions,
): Promise<RankCounted> {
  const path = countsPath(model, "words", share.rank);
  const done = await unchangedCounts(path, "words", share, opts);
  if (done) return { path, kept: true, entries: done.tables[0]?.entries ?? 0, floor: done.floor };
  const started = Date.now();
  const words = new WordCounter(opts.maxCounted);
  const ids = new CountedIds();
  let docsWithText = 0;
  for await (const { input, id, text } of docs()) {
    if (/\p{L}/u.test(text)) docsWithText++;
    words.add(text);
    ids.add((share.inputs[input] as CountedInput).index, id);
  }
  const idsTable = ids.table();
  const header: CountsHeader = {
    ...headerOf("words", share, opts, started),
    docsWithText,
    floor: words.floor,
    tables: [{ entries: words.counts.length, runs: [] }, idsTable.header],
  };
  await mkdir(partsDir(model), { recursive: true });
  await writeCountsFile(path, header, [words.counts, idsTable.records]);
  return { path, kept: false, entries: words.counts.length, floor: words.floor };
}

/**
 * Stage `ngrams` on rank `rank` of `shares`: refuses before counting when a rank's words are missing or were counted
 * with other options, from other inputs, or from this rank's inputs as they were before they were written again.
 */
export async function countRankNgrams(
  model: string,
  shares: readonly RankShare[],
  rank: number,
  texts: () => AsyncIterable<InputText>,
  copiesOf: CopiesReader,
  opts: CountingOptions & Pick<LmTrainOptions, "maxEntries">,
): Promise<RankCounted> {
  const share = shares[rank] as RankShare;
  const path = countsPath(model, "ngrams", rank);
  const wordFiles = shares.map((s) => countsOf(model, "words", s, opts));
  await refuseChangedInputs(wordFiles[rank] as CountsFile);
  const copies = uncountedCopies(wordFiles);
  const vocabulary = await everyRankVocabulary(wordFiles, copies, copiesOf, opts);
  const skipped = copies.byRank[rank] as Set<bigint>;
  // Refused before counting, as one process refuses it before its n-gram pass.
  if (vocabulary.words.size > opts.maxEntries)
    throw new VocabularyOverBudgetError(vocabulary.words.size, opts.maxEntries);
  const digest = vocabularyDigest(vocabulary, skipped, opts);
  const done = await unchangedCounts(path, "ngrams", share, opts, digest);
  if (done) return { path, kept: true, entries: sum(done.tables.slice(1).map((t) => t.entries)), floor: done.floor };
  const started = Date.now();
  const counter = new NgramCounter(vocabulary.words, opts);
  // Each input's first-seen entries, per order, until lossy counting drops some of orders 2 and up: then all those
  // kept are filed under the input it was reading (the order of a lossy count need not be one process's).
  const runs: [number, number][][] = counter.counts.map(() => []);
  const filed = counter.counts.map(() => 0);
  const file = (input: number) => {
    counter.counts.forEach((c, k) => {
      if (c.length > (filed[k] as number)) runs[k]?.push([input, c.length - (filed[k] as number)]);
      filed[k] = c.length;
    });
  };
  let docsWithText = 0;
  let reading = -1;
  for await (const { input, id, text } of texts()) {
    if (skipped.size > 0 && skipped.has(idHash(id))) continue;
    if (input !== reading && reading >= 0) file((share.inputs[reading] as CountedInput).index);
    reading = input;
    if (/\p{L}/u.test(text)) docsWithText++;
    const floor = counter.pruneFloor;
    counter.add(text);
    if (counter.pruneFloor !== floor) for (let k = 1; k < runs.length; k++) [runs[k], filed[k]] = [[], 0];
  }
  if (reading >= 0) file((share.inputs[reading] as CountedInput).index);
  const header: CountsHeader = {
    ...headerOf("ngrams", share, opts, started),
    docsWithText,
    floor: counter.pruneFloor,
    vocabulary: { digest, floor: vocabulary.floor },
    countsOfCounts: counter.countsOfCounts(),
    tables: counter.counts.map((c, k) => ({ entries: c.length, runs: runs[k] as [number, number][] })),
  };
  await writeCountsFile(path, header, counter.counts);
  return { path, kept: false, entries: counter.counted(), floor: counter.pruneFloor };
}

/**
 * Stage `merge`: the model of every rank's n-grams. `shares`: what each rank must have counted (the same inputs and
 * world size). Memory: the merged tables and a 128 KB buffer per rank.
 */
export async function mergeRankCounts(
  model: string,
  shares: readonly RankShare[],
  copiesOf: CopiesReader,
  opts: CountingOptions & Pick<LmTrainOptions, "maxEntries" | "loadFactor">,
  report: LmTrainReport & { docsWithText: number },
): Promise<Uint8Array> {
  const wordFiles = shares.map((share) => countsOf(model, "words", share, opts));
  for (const file of wordFiles) await refuseChangedInputs(file);
  const copies = uncountedCopies(wordFiles);
  const vocabulary = await everyRankVocabulary(wordFiles, copies, copiesOf, opts);
  const files = shares.map((share) => {
    const file = countsOf(model, "ngrams", share, opts);
    const digest = vocabularyDigest(vocabulary, copies.byRank[share.rank] as Set<bigint>, opts);
    if (file.header.vocabulary?.digest !== digest)
      throw new InputError(
        `rank ${share.rank}'s n-grams were counted with another vocabulary or other repeated ids than the ranks' words give now: run --stage ngrams on rank ${share.rank} again`,
      );
    return file;
  });
  const counts = Array.from({ length: opts.order }, () => new NgramCounts());
  for (let k = 0; k < opts.order; k++) {
    const table = counts[k] as NgramCounts;
    const lower = counts[k - 1];
    const cursors = files.map((file) => new RecordCursor(file, k));
    const runs = files
      .flatMap((file, r) => (file.header.tables[k]?.runs ?? []).map(([input, entries]) => ({ input, entries, r })))
      .sort((a, b) => a.input - b.input);
    for (const { entries, r } of runs) {
      const cursor = cursors[r] as RecordCursor;
      const b = cursor.buffer;
      for (let i = 0; i < entries; i++) {
        const o = cursor.take();
        // An n-gram new here is a new left extension of its suffix, as it is when one process first sees it.
        if (table.add(b[o] as number, b[o + 1] as number, b[o + 2] as number, b[o + 3] as number) && lower)
          lower.addExtension(b[o + 2] as number);
      }
    }
    files.forEach((file, r) => {
      if ((cursors[r] as RecordCursor).remaining() !== 0)
        throw new InputError(`${file.path}: its runs do not add up to its entries; count rank ${r} again`);
    });
  }
  const counted: CountedNgrams = { counts, pruneFloor: Math.max(...files.map((f) => f.header.floor)) };
  // Discounts from the counts before lossy counting dropped any: the ranks' sum stands for the whole's.
  if (counted.pruneFloor > 0)
    counted.exactCountsOfCounts = counts.map((_, k) => {
      const total: CountsOfCounts = [0, 0, 0, 0];
      for (const { header } of files)
        header.countsOfCounts?.[k]?.forEach((n, i) => {
          total[i] = (total[i] as number) + n;
        });
      return total;
    });
  report.vocabularyFloor = vocabulary.floor;
  report.docsWithText = sum(files.map((f) => f.header.docsWithText));
  return buildModel(counted, opts, report);
}

/**
 * The vocabulary one process would choose: every rank's word counts added (one file read at a time, within the
 * maxCounted budget), less the words of the copies of repeated ids one process would not count (read again by
 * `copiesOf`, input by input).
 */
async function everyRankVocabulary(
  files: readonly CountsFile[],
  copies: UncountedCopies,
  copiesOf: CopiesReader,
  opts: CountingOptions,
): Promise<{ words: Set<number>; floor: number }> {
  const words = new WordCounter(opts.maxCounted);
  let floor = 0;
  for (const file of files) {
    floor = Math.max(floor, file.header.floor);
    const cursor = new RecordCursor(file, 0);
    while (cursor.remaining() > 0) {
      const o = cursor.take();
      words.addCount(cursor.buffer[o] as number, cursor.buffer[o + 1] as number);
    }
    words.keepWithinBudget();
  }
  for (const [input, ids] of [...copies.byInput].sort(([a], [b]) => a - b))
    for await (const text of copiesOf(input, ids)) words.remove(text);
  return { words: vocabularyOf(words.counts, opts.maxVocab), floor: Math.max(floor, words.floor) };
}

/**
 * What a rank's n-grams were counted with: the vocabulary and the ids whose documents the rank skipped. The n-gram
 * counts carry it, so that the merge finds ranks counted with other ones.
 */
function vocabularyDigest(vocabulary: { words: Set<number> }, skipped: ReadonlySet<bigint>, opts: CountingOptions) {
  const hash = createHash("sha256").update(Uint32Array.from(vocabulary.words).sort()).update(String(opts.maxVocab));
  if (skipped.size > 0) hash.update(BigUint64Array.from(skipped).sort());
  return hash.digest("hex").slice(0, 16);
}

/**
 * A rank's counts file, refused in one line when it is missing or was made with other options, another world size or
 * from other inputs than `share`'s.
 */
function countsOf(model: string, kind: CountsKind, share: RankShare, opts: CountingOptions): CountsFile {
  const { rank, worldSize } = share;
  const path = countsPath(model, kind, rank);
  const file = openCountsFile(path);
  const rerun = `run --stage ${kind} on rank ${rank}`;
  const what = kind === "words" ? "word" : "n-gram";
  if (!file) throw new InputError(`no ${what} counts of rank ${rank} in ${partsDir(model)}: ${rerun} first`);
  const { header } = file;
  if (header.worldSize !== worldSize)
    throw new InputError(
      `${path} was counted as rank ${rank} of ${header.worldSize}, not of ${worldSize}: give --world-size ${header.worldSize}, or ${rerun} with --world-size ${worldSize}`,
    );
  if (!sameOptions(header.options, opts))
    throw new InputError(
      `${path} was counted with ${flagsOf(header.options)}, not ${flagsOf(opts)}: give those, or count again with these (--stage words, then ngrams, on every rank)`,
    );
  if (!sameInputs(header.inputs, share.inputs))
    throw new InputError(`${path} was counted from other inputs than these: ${rerun} again with these inputs`);
  if (kind === "words" && header.tables.length <= IDS_TABLE)
    throw new InputError(`${path} was counted by an older assay, without its ids: ${rerun} again`);
  return file;
}

/**
 * Refuses word counts of inputs written since (the n-grams, counted after them, were counted from the same text or
 * later text): the vocabulary they give may not be the one of the text as it is now.
 */
async function refuseChangedInputs({ path, header }: CountsFile): Promise<void> {
  for (const input of header.inputs)
    if (!(await unchangedSince(input, header.started)))
      throw new InputError(
        `${input.path} changed after ${path} counted it: run --stage words on rank ${header.rank}, then --stage ngrams on every rank`,
      );
}

/** Whether the input still has the size it had when counted, and was not written since `started` (epoch ms). */
async function unchangedSince(input: CountedInput, started: number): Promise<boolean> {
  const now = await stat(input.path).catch(() => null);
  return now !== null && now.size === input.bytes && now.mtimeMs <= started;
}

/** This rank's counts of an earlier run when its options, inputs and vocabulary are still the same, else null. */
async function unchangedCounts(
  path: string,
  kind: CountsKind,
  share: RankShare,
  opts: CountingOptions,
  vocabulary?: string,
): Promise<CountsHeader | null> {
  const header = openCountsFile(path)?.header;
  if (!header || header.kind !== kind || header.rank !== share.rank || header.worldSize !== share.worldSize)
    return null;
  if (!sameOptions(header.options, opts) || header.vocabulary?.digest !== vocabulary) return null;
  if (!sameInputs(header.inputs, share.inputs)) return null;
  if (kind === "words" && header.tables.length <= IDS_TABLE) return null;
  for (const input of header.inputs) if (!(await unchangedSince(input, header.started))) return null;
  return header;
}

function headerOf(kind: CountsKind, share: RankShare, opts: CountingOptions, started: number) {
  const options = { order: opts.order, maxVocab: opts.maxVocab, maxCounted: opts.maxCounted };
  return { kind, rank: share.rank, worldSize: share.worldSize, options, inputs: [...share.inputs], started };
}

const sameOptions = (a: CountingOptions, b: CountingOptions) =>
  a.order === b.order && a.maxVocab === b.maxVocab && a.maxCounted === b.maxCounted;

const sameInputs = (a: readonly CountedInput[], b: readonly CountedInput[]) =>
  a.length === b.length && a.every((input, i) => input.path === b[i]?.path && input.index === b[i]?.index);

const flagsOf = (o: CountingOptions) => `--order ${o.order} --max-vocab ${o.maxVocab} --max-counted ${o.maxCounted}`;

const sum = (values: number[]) => values.reduce((s, v) => s + v, 0);
