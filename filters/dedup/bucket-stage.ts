// Stage 2: one bucket at a time (so buckets run in parallel on as many machines as there are buckets), sort the
// band values of every doc of every source and write the candidate pairs of docs with equal values (lsh.ts). Memory
// is one band column per doc, for one bucket: bounded by the bucket, not by the corpus.
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { canonicalJson } from "../../src/config.js";
import { type FileState, outputStates, unchangedOutputs } from "../../src/exec/stage-record.js";
import { InputError } from "../../src/io/inputs.js";
import { ASSAY_VERSION } from "../../src/project-root.js";
import { bandPairs } from "./lsh.js";
import {
  BandColumn,
  collectBand,
  EXACT_KEYS,
  HAS_KEY,
  HAS_OPENING_SIG,
  HAS_TEXT_SIG,
  keyOffset,
} from "./signature-store.js";

export interface Bucket {
  /** Position in the plan; stage 3 unites buckets in this order (datatrove's bands first). */
  index: number;
  kind: "text" | "recall" | "exact" | "opening";
  /** Record flag a doc needs to take part (it has that signature or key). */
  flag: number;
  /** First uint32 word of the band in a record, and its width in words. */
  from: number;
  width: number;
  /** Candidate pairs must agree on this share of their signature (text or opening) to join; null = no check. */
  minJaccard: number | null;
  /** A lower share that suffices when either doc's text was read by OCR (record flag OCR_TEXT); null = none. */
  ocrMinJaccard: number | null;
  /** How many earlier signatures of a run of equal band values a doc is paired with (bandPairs): 1 unless verified. */
  reach: number;
}

export interface BucketPlanOptions {
  numBuckets: number;
  hashesPerBucket: number;
  /** Re-banding of the text signature for near-dups datatrove's bands miss; null = datatrove's bands only. */
  recall: { bands: number; rows: number; minJaccard: number; ocrMinJaccard: number } | null;
  /** Exact dedup buckets: normalised text, source bytes, arXiv id (same id = same paper). */
  exactKeys: boolean;
  /** Bands over the paper-opening signature; null = no paper matching. */
  opening: { bands: number; rows: number; minJaccard: number } | null;
  /** The reach of the buckets whose pairs are verified (minJaccard set): see Bucket.reach. */
  verifiedReach: number;
}

/** Every bucket of a run, in union order. */
export function bucketPlan(opts: BucketPlanOptions): Bucket[] {
  const numHashes = opts.numBuckets * opts.hashesPerBucket;
  const plan: Bucket[] = [];
  const add = (
    kind: Bucket["kind"],
    flag: number,
    bands: number,
    rows: number,
    base: number,
    minJaccard: number | null,
    ocrMinJaccard: number | null = null,
  ) => {
    for (let b = 0; b < bands; b++) {
      const from = base + 2 * rows * b;
      const reach = minJaccard === null ? 1 : opts.verifiedReach;
      plan.push({ index: plan.length, kind, flag, from, width: 2 * rows, minJaccard, ocrMinJaccard, reach });
    }
  };
  add("text", HAS_TEXT_SIG, opts.numBuckets, opts.hashesPerBucket, 0, null);
  if (opts.recall) {
    const { bands, rows, minJaccard, ocrMinJaccard } = opts.recall;
    add("recall", HAS_TEXT_SIG, bands, rows, 0, minJaccard, ocrMinJaccard);
  }
  if (opts.exactKeys) {
    EXACT_KEYS.forEach((_, k) => {
      add("exact", HAS_KEY << k, 1, 1, keyOffset(numHashes, k), null);
    });
  }
  if (opts.opening) {
    add("opening", HAS_OPENING_SIG, opts.opening.bands, opts.opening.rows, 2 * numHashes, opts.opening.minJaccard);
  }
  return plan;
}

export function pairsPath(dir: string, bucket: number): string {
  return join(dir, "pairs", `bucket-${String(bucket).padStart(3, "0")}.bin`);
}

/**
 * How a bucket's pairs were made, written after the pairs: the stamps of the sources read, the bucket, and the pairs
 * file as written (absent in files of an older assay), by which assay.
 */
const sourcesPath = (dir: string, bucket: number) => pairsPath(dir, bucket).replace(/\.bin$/, ".sources.json");
interface PairsMade {
  stamps: readonly string[];
  bucket: Bucket;
  pairs?: FileState;
  assay_version?: string;
}

/**
 * Whether the bucket's pairs in `dir` were made by this assay from sources with `stamps` by the rules of `bucket`, and
 * are as they were written: a stage run again over unchanged signatures keeps them.
 */
function unchangedPairs(stamps: readonly string[], dir: string, bucket: Bucket): boolean {
  let made: PairsMade;
  try {
    made = JSON.parse(readFileSync(sourcesPath(dir, bucket.index), "utf8")) as PairsMade;
  } catch {
    return false;
  }
  return (
    made.assay_version === ASSAY_VERSION &&
    made.pairs !== undefined &&
    canonicalJson(made.bucket) === canonicalJson(bucket) &&
    canonicalJson(made.stamps) === canonicalJson(stamps) &&
    unchangedOutputs(sourcesPath(dir, bucket.index), [made.pairs])
  );
}

/** The parts of a bucket that decide its pairs, in words for a refusal. */
const PAIRING_RULES: readonly [keyof Bucket, string][] = [
  ["kind", "kind"],
  ["flag", "record flag"],
  ["from", "band start"],
  ["width", "band width"],
  ["minJaccard", "minimum Jaccard"],
  ["ocrMinJaccard", "minimum Jaccard with OCR"],
  ["reach", "verified reach"],
];

/** Stage 2's pairs were made from other sources than there are now. */
export class StaleBucketsError extends InputError {}

/**
 * Stage 2's pairs of one bucket, refused unless they were made by the rules of `bucket` (stage 3's plan: its band,
 * minimum Jaccard, reach) and the sources they were read from had `stamps` (the sources' stamps now, in order): a rank's
 * signatures written again since (its inputs changed), or an index generation published in between.
 */
export function readPairs(stamps: readonly string[], dir: string, bucket: Bucket): Uint32Array {
  const path = pairsPath(dir, bucket.index);
  const recorded = sourcesPath(dir, bucket.index);
  if (!existsSync(path) || !existsSync(recorded)) throw new InputError(`no stage 2 output ${path}`);
  const again = "run --stage buckets again on every rank, then clusters";
  const made = JSON.parse(readFileSync(recorded, "utf8")) as PairsMade | string[];
  // Stage 2 of an assay before buckets recorded their rules wrote the stamps alone.
  if (Array.isArray(made))
    throw new InputError(`bucket ${bucket.index} in ${dir} was made by an older assay: ${again}`);
  // Pairs made by another build or with other options would mix two rules in one clustering, silently.
  const differ = PAIRING_RULES.filter(([key]) => made.bucket[key] !== bucket[key]);
  if (differ.length > 0) {
    const what = differ.map(([key, name]) => `${name} ${made.bucket[key]}, not ${bucket[key]}`).join(", ");
    throw new InputError(
      `bucket ${bucket.index} in ${dir} was paired with ${what} (stage 2 ran another assay build or other options): ${again}`,
    );
  }
  if (JSON.stringify(made.stamps) !== JSON.stringify(stamps))
    throw new StaleBucketsError(
      `bucket ${bucket.index} in ${dir} was made from other signatures than the ranks hold now: ${again}`,
    );
  const buf = readFileSync(path);
  return new Uint32Array(buf.buffer, buf.byteOffset, buf.byteLength / 4);
}

/**
 * Pairs [a, b] of global doc numbers (sources numbered in order, docs within each) for one bucket, written to
 * `dir/pairs/bucket-NNN.bin` as little-endian uint32, then `stamps`, the sources' stamps (read once for every bucket),
 * and the bucket whose rules made them. Returns false, writing nothing, when the pairs there were made from the same
 * signatures by the same rules and are as written.
 */
export function runBucket(
  sources: readonly string[],
  stamps: readonly string[],
  numHashes: number,
  bucket: Bucket,
  dir: string,
): boolean {
  if (unchangedPairs(stamps, dir, bucket)) return false;
  const column = new BandColumn(bucket.width);
  // Which pairs stage 3 checks depends on the order of equal rows: by their signature, not their doc numbers, which
  // depend on the number of ranks (1 and 2 ranks clustered one doc of a 30,000-doc dump differently).
  const verifiedFrom = bucket.minJaccard === null ? null : bucket.kind === "opening" ? 2 * numHashes : 0;
  let firstDoc = 0;
  for (const source of sources)
    firstDoc += collectBand(source, numHashes, bucket.from, bucket.flag, firstDoc, column, verifiedFrom);
  const { values, docs, ties, rows } = column;
  const out = bandPairs(values, bucket.width, rows, ties, bucket.reach);
  for (let k = 0; k < out.length; k++) out[k] = docs[out[k] as number] as number;
  const path = pairsPath(dir, bucket.index);
  mkdirSync(join(dir, "pairs"), { recursive: true });
  writeFileSync(`${path}.tmp`, out);
  renameSync(`${path}.tmp`, path);
  const [pairs] = outputStates(sourcesPath(dir, bucket.index), [path]) as [FileState];
  const made: PairsMade = { stamps, bucket, pairs, assay_version: ASSAY_VERSION };
  writeFileSync(sourcesPath(dir, bucket.index), JSON.stringify(made));
  return true;
}
