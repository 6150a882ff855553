// The four stages wired for one machine or many. Each function is one barrier stage; `--rank/--world-size`
// launchers call them on their share, `dedupLocal` calls them all in sequence.
import { randomUUID } from "node:crypto";
import { existsSync, readdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { basename, join } from "node:path";
import type { Doc } from "../../src/doc.js";
import { fileStates, recordStage, unchangedStage } from "../../src/exec/stage-record.js";
import { InputError } from "../../src/io/inputs.js";
import { type BucketPlanOptions, bucketPlan, pairsPath, runBucket, StaleBucketsError } from "./bucket-stage.js";
import { type ClusterEntry, clusteredPath, clustersPath, readClusters, runClusters } from "./cluster-stage.js";
import {
  generationPublishedBy,
  IndexChangedError,
  indexGenerations,
  type Publisher,
  publishGeneration,
  type Supersession,
  workIdentity,
} from "./dedup-index.js";
import type { KeepPolicy } from "./keep-policy.js";
import { MINHASH_DEFAULTS, type MinhashConfig, MinhashSigner } from "./minhash.js";
import { sourceStamp, writeSignatures } from "./signature-store.js";

export interface DedupOptions {
  minhash: MinhashConfig;
  keep: KeepPolicy;
  /** Second-chance banding of the text signature (see BucketPlanOptions); null = datatrove's bands only. */
  recall: BucketPlanOptions["recall"];
  /** Paper matching by opening (title, authors, abstract); null = off. */
  opening: BucketPlanOptions["opening"];
  /** Exact dedup by sha256 of normalised text and of source bytes, and same arXiv id = same paper. */
  exactKeys: boolean;
  /** How many earlier signatures of a run of equal band values a doc's verified pairs reach (Bucket.reach). */
  verifiedReach: number;
  /** Persistent index of everything published before; null = none. */
  indexDir: string | null;
}

export const DEDUP_DEFAULTS: Readonly<DedupOptions> = {
  minhash: MINHASH_DEFAULTS,
  keep: "best",
  // 28 x 4 finds pairs from ~0.5 Jaccard; the signature check keeps those >= 0.75 (the planted near-dup target).
  // Text read by OCR differs from the same pages' text layer, or another OCR reading, word by word wherever either
  // misread: assay's OCR of the corpus's 8 scans against pdftotext of the original pages agrees 0.55-0.84 (median
  // 0.74), the real 1995 scan against its vendor's OCR layer 0.64, so a pair with OCR'd text needs only 0.5. Of the
  // shared papers, different ones agree <= 0.29 (two papers by the same authors that share passages).
  recall: { bands: 28, rows: 4, minJaccard: 0.75, ocrMinJaccard: 0.5 },
  // On the shared papers, openings of the same paper agree >= 0.44 (5-gram Jaccard over 400 words), different
  // papers <= 0.16 (two papers by the same authors).
  opening: { bands: 56, rows: 2, minJaccard: 0.3 },
  exactKeys: true,
  // A verified pair that fails keeps apart the near-duplicates on either side of it in a run of equal band values.
  // 8: on text-dev 1,523 of the 1,524 pairs all pairs would make (the same clusters at any reach); on 23,778 docs,
  // 16,630 of them templated gcloud man pages, reach 2 to 32 cluster the same docs (1: one fewer; 64: a 3-doc
  // cluster more joins the gcloud one) at 3.6x the verified pairs of neighbours only (3.1 million at 64), and stage 3
  // takes as much CPU as it did with neighbours before it kept signatures' files open.
  verifiedReach: 8,
  indexDir: null,
};

/** datatrove 0.10's MinHash dedup, nothing more: for comparisons. */
export const DATATROVE_COMPATIBLE: Readonly<DedupOptions> = {
  ...DEDUP_DEFAULTS,
  keep: "first",
  recall: null,
  opening: null,
  exactKeys: false,
};

export function rankDir(workDir: string, rank: number): string {
  return join(workDir, "signatures", `rank-${String(rank).padStart(5, "0")}`);
}

/** Refuses a later stage before stage 1 wrote the signatures of each of `ranks`. */
export function requireSignatures(workDir: string, ranks: Iterable<number>): void {
  for (const rank of ranks)
    if (!existsSync(rankDir(workDir, rank)))
      throw new InputError(`no signatures of rank ${rank} in ${workDir}: run --stage signatures on every rank first`);
}

function planOf(opts: DedupOptions) {
  const { recall, exactKeys, opening, verifiedReach } = opts;
  return bucketPlan({ ...opts.minhash, recall, exactKeys, opening, verifiedReach });
}

// Which index generation this run published, so a re-run (resume after a crash in stage 4) neither dedups the
// run against its own generation nor publishes it twice. The note is written after the generation; a run stopped
// between the two finds its generation by the token it wrote before publishing, which the generation records (without
// it, the run removed every doc it had published as a duplicate of itself). A work directory cleared and used again
// is a new run, with a new token: a scratch --out emptied every night publishes a generation a night.
const publishedMarker = (workDir: string) => join(workDir, "published-generation.txt");
const tokenPath = (workDir: string) => join(workDir, "publisher-token.txt");
function ownGeneration(workDir: string, indexDir: string): string | null {
  if (existsSync(publishedMarker(workDir))) return readFileSync(publishedMarker(workDir), "utf8").trim();
  if (!existsSync(tokenPath(workDir))) return null;
  return generationPublishedBy(indexDir, readFileSync(tokenPath(workDir), "utf8").trim());
}

/** This run's publisher, its token written to the work directory before anything is published with it. */
function publisherOf(workDir: string): Publisher {
  if (!existsSync(tokenPath(workDir))) {
    writeFileSync(`${tokenPath(workDir)}.tmp`, `${randomUUID()}\n`);
    renameSync(`${tokenPath(workDir)}.tmp`, tokenPath(workDir));
  }
  return { token: readFileSync(tokenPath(workDir), "utf8").trim(), work: workIdentity(workDir) };
}

function sourcesOf(workDir: string, stage1Ranks: number, opts: DedupOptions): string[] {
  const ranks = Array.from({ length: stage1Ranks }, (_, r) => rankDir(workDir, r));
  if (!opts.indexDir) return ranks;
  const own = ownGeneration(workDir, opts.indexDir);
  const generations = indexGenerations(opts.indexDir).filter((g) => basename(g) !== own);
  return [...generations, ...ranks];
}

/** Stage 1 on one rank; `densityModel`: the density model's id, when the caller has it (signature-store.ts). */
export function dedupSignatures(
  docs: AsyncIterable<Doc>,
  workDir: string,
  rank: number,
  opts: DedupOptions,
  densityModel?: string,
) {
  const signer = new MinhashSigner(opts.minhash);
  return writeSignatures(docs, rankDir(workDir, rank), signer, opts.keep === "best", densityModel);
}

/**
 * Stage 2: the buckets whose number is `rank` modulo `worldSize`. Returns how many there are, and how many of them
 * were kept: paired before from the same signatures by the same rules.
 */
export function dedupBuckets(
  workDir: string,
  stage1Ranks: number,
  rank: number,
  worldSize: number,
  opts: DedupOptions,
): { buckets: number; kept: number } {
  const sources = sourcesOf(workDir, stage1Ranks, opts);
  const stamps = sources.map(sourceStamp);
  const numHashes = opts.minhash.numBuckets * opts.minhash.hashesPerBucket;
  const mine = planOf(opts).filter((bucket) => bucket.index % worldSize === rank);
  const paired = mine.filter((bucket) => runBucket(sources, stamps, numHashes, bucket, workDir)).length;
  return { buckets: mine.length, kept: mine.length - paired };
}

/** The published docs this run's keepers replace (`--keep best` with `--index`), in the order of the clusters file. */
export function supersessions(entries: readonly ClusterEntry[]): Supersession[] {
  return entries.flatMap((e) =>
    e.superseded_by === undefined
      ? []
      : [{ id: e.id, superseded_by: e.superseded_by, generation: e.generation as string }],
  );
}

/** Stage 3's record of what it read and wrote (stage-record.ts). */
const clustersRecord = (workDir: string) => join(workDir, "clusters.done.json");

/**
 * Stage 3 (one process): clusters, keepers, then this run's kept docs published to the index (or republished). Kept
 * (the clusters read back, nothing written) when the signatures of every source, the pairs, the options, the clusters
 * and the generation published are as they were when it last ran.
 */
export function dedupClusters(
  workDir: string,
  stage1Ranks: number,
  opts: DedupOptions,
): { entries: ClusterEntry[]; kept: boolean } {
  const sources = sourcesOf(workDir, stage1Ranks, opts);
  const indexSources = sources.length - stage1Ranks;
  const numHashes = opts.minhash.numBuckets * opts.minhash.hashesPerBucket;
  const plan = planOf(opts);
  // Not the run's own generation: the first run had none yet, and what it reads of it (later runs' supersessions)
  // is in the other generations' stamps.
  const options = { stamps: sources.map(sourceStamp), plan, keep: opts.keep, stage1Ranks, index: opts.indexDir };
  const pairs = plan.map((bucket) => pairsPath(workDir, bucket.index));
  if (unchangedStage(clustersRecord(workDir), options, pairs)) return { entries: readClusters(workDir), kept: true };
  const read = fileStates(pairs);
  const entries = runClusters(sources, plan, workDir, {
    numHashes,
    keep: opts.keep,
    indexSources,
    ownGeneration: opts.indexDir ? ownGeneration(workDir, opts.indexDir) : null,
  });
  const written = [clustersPath(workDir), clusteredPath(workDir)];
  if (opts.indexDir) {
    // A run published before is run again on changed inputs: its generation is replaced (unchanged, it is kept).
    const own = ownGeneration(workDir, opts.indexDir);
    const removed = new Set(entries.filter((e) => e.duplicate_of !== null).map((e) => `${e.rank}:${e.doc}`));
    const seen = sources.slice(0, indexSources);
    const mine = sources.slice(indexSources);
    const publisher = publisherOf(workDir);
    const generation = publishGeneration(
      opts.indexDir,
      mine,
      removed,
      numHashes,
      own,
      seen,
      publisher,
      supersessions(entries),
    );
    if (!existsSync(publishedMarker(workDir))) writeFileSync(publishedMarker(workDir), basename(generation));
    written.push(publishedMarker(workDir), ...readdirSync(generation).map((name) => join(generation, name)));
  }
  recordStage(clustersRecord(workDir), options, read, written);
  return { entries, kept: false };
}

/**
 * Stages 2-3 on one machine, one rank. Another run publishing to the index in between (two nights side by side)
 * makes them be done again, with its generation: this run then takes its turn after it.
 */
export function dedupBucketsAndClusters(
  workDir: string,
  opts: DedupOptions,
): { entries: ClusterEntry[]; kept: boolean } {
  for (let attempt = 1; ; attempt++) {
    dedupBuckets(workDir, 1, 0, 1, opts);
    try {
      return dedupClusters(workDir, 1, opts);
    } catch (error) {
      const indexChanged = error instanceof IndexChangedError || error instanceof StaleBucketsError;
      if (!opts.indexDir || !indexChanged || attempt === 10) throw error;
    }
  }
}

/** Stages 1-3 on one machine, one rank. Stage 4 is `dedupApplyStep(workDir, 0)` in the pipeline. */
export async function dedupLocal(docs: AsyncIterable<Doc>, workDir: string, opts: DedupOptions = DEDUP_DEFAULTS) {
  await dedupSignatures(docs, workDir, 0, opts);
  return dedupBucketsAndClusters(workDir, opts).entries;
}
