// `assay dedup <docs> --out DIR`: exact, MinHash and paper-aware dedup as a pipeline command. Stages 1-3
// (signatures, buckets, clusters) write OUT/dedup/; stage 4 is the runner with `dedupApplyStep`, so kept docs go to
// OUT/data/ and duplicates to OUT/rejects/ with the id they duplicate. `--stage` runs one barrier stage for
// `--rank/--world-size` launchers; the default runs all four here.
import { existsSync, readdirSync, statSync } from "node:fs";
import { mkdir, readFile } from "node:fs/promises";
import { dirname, join, relative, resolve, sep } from "node:path";
import { dedupApplyStep } from "../../filters/dedup/apply-step.js";
import type { ClusterEntry } from "../../filters/dedup/cluster-stage.js";
import {
  DATATROVE_COMPATIBLE,
  DEDUP_DEFAULTS,
  type DedupOptions,
  dedupBuckets,
  dedupBucketsAndClusters,
  dedupClusters,
  dedupSignatures,
  rankDir,
  requireSignatures,
  supersessions,
} from "../../filters/dedup/dedup-run.js";
import { sourceCount } from "../../filters/dedup/signature-store.js";
import { DensityScorer } from "../../filters/density/density.js";
import { INGEST_STEP, readDocs } from "../../ingest/ingest-step.js";
import { type Config, canonicalJson, configHash } from "../config.js";
import { changedInput, fileStates, recordedOptions, recordStage, unchangedStage } from "../exec/stage-record.js";
import { OutputError, writeFileAtomic, writeFileAtomicIfChanged } from "../io/atomic.js";
import { InputError, type InputFile } from "../io/inputs.js";
import { forgetCompletedRanks, prepareOutDir, stepResumeDir } from "../pipeline.js";
import {
  COMMON_HELP,
  COMMON_OPTIONS,
  type CommonValues,
  commandConfig,
  errorExit,
  parse,
  rankAndWorldSize,
  rankInputs,
  refuseOverwritingInput,
  showingProgress,
  UsageError,
} from "./common.js";
import { type PipelineCommand, runPipelineCommand } from "./pipeline-command.js";

export const DEDUP_USAGE = `usage: assay dedup <docs...> --out DIR [--index DIR] [--clusters FILE] [--keep best|first] [--datatrove]
                   [--stage signatures|buckets|clusters|apply|all] [--rank R --world-size W]
  <docs>: JSONL (id, text, optional metadata), Parquet, PDFs, or the output directory of an earlier command.
  Exact (sha256 of normalised text and source bytes), MinHash LSH (datatrove defaults: word 5-grams, 14x8, seed 1)
  and paper-aware (arXiv id, paper opening) dedup. Kept docs go to OUT/data/, duplicates to OUT/rejects/ with
  reject_reason "duplicate", duplicate_of and dup_cluster; work files to OUT/dedup/.
  --keep P             best (default): open licence, fewest damaged pages, latest arXiv version, text layer,
                       density (scored where a cluster's docs lack it), length, id;
                       first: the first seen, datatrove's choice (default with --datatrove)
  --datatrove          datatrove's MinHash only (no exact keys, no paper matching)
  --index DIR          dedup against everything published before and add this run's kept docs; with --keep best a
                       copy under an open licence, with fewer damaged pages, a later arXiv version or a text layer
                       replaces the published one: kept, and listed in OUT/superseded.jsonl ({id, superseded_by,
                       generation})
  --clusters FILE      write {"id","cluster_id"} for every doc in a cluster of size > 1
  --stage S            all (default, one process) or one barrier stage for multi-machine runs, in order:
                       signatures (every rank), buckets (every rank), clusters (once), apply (every rank, with
                       the same --world-size as signatures)
  --input-ranks N      how many ranks ran signatures, when buckets run on another number of tasks (default: the
                       --world-size signatures recorded)
${COMMON_HELP}`;

const DEDUP_FLAGS = {
  index: { type: "string" },
  clusters: { type: "string" },
  keep: { type: "string" },
  stage: { type: "string" },
  "input-ranks": { type: "string" },
  datatrove: { type: "boolean" },
} as const;

type DedupValues = CommonValues & {
  index?: string;
  clusters?: string;
  keep?: string;
  stage?: string;
  "input-ranks"?: string;
  datatrove?: boolean;
};

const STAGES = ["signatures", "buckets", "clusters", "apply", "all"] as const;
type Stage = (typeof STAGES)[number];

function stageOf(values: DedupValues): Stage {
  const stage = values.stage ?? "all";
  if (!(STAGES as readonly string[]).includes(stage))
    throw new UsageError(`--stage takes ${STAGES.join(", ")}, not "${stage}"`);
  return stage as Stage;
}

function dedupOptions(values: DedupValues): DedupOptions {
  const base = values.datatrove ? DATATROVE_COMPATIBLE : DEDUP_DEFAULTS;
  const keep = values.keep ?? base.keep;
  if (keep !== "best" && keep !== "first") throw new UsageError(`--keep takes best or first, not "${keep}"`);
  return { ...base, keep, indexDir: values.index ?? null };
}

const workDir = (out: string) => join(out, "dedup");

/**
 * The options a dedup run in `out` is pinned to, as canonical JSON; `index`: the --index folder (from the working
 * directory, or absolute). It is pinned as a path from `out`, so a run is the same whichever way the index is named and
 * after a folder holding both is moved (a nightly STATE taken to another disk). An older assay pinned it as given
 * (`index`): read so, it is the same run as long as nothing moved.
 */
function pinnedOptions(out: string, keep: string, datatrove: boolean, index: string | null): string {
  const fromOut = index === null ? null : relative(resolve(out), resolve(index)) || ".";
  return canonicalJson({ keep, datatrove, index_from_out: fromOut });
}

/** Options pinned by this assay or an older one (pinnedOptions), in this one's form. */
function readPinned(out: string, json: string): string {
  const o = JSON.parse(json) as {
    keep: string;
    datatrove: boolean;
    index?: string | null;
    index_from_out?: string | null;
  };
  if (o.index_from_out !== undefined) return canonicalJson(o);
  return pinnedOptions(out, o.keep, o.datatrove, o.index ?? null);
}

/**
 * Checks the out dir like the runner does, then pins the dedup options in OUT/dedup/options.json: the config hash
 * does not cover them, and a resumed stage 4 must not mix clusters of one --keep with shards of another. `worldSize`:
 * of the per-rank stages (signatures, apply), which share one; buckets and clusters may run on another.
 */
async function prepareDedup(
  out: string,
  config: Config,
  values: DedupValues,
  worldSize?: number,
): Promise<DedupOptions> {
  const opts = dedupOptions(values);
  await prepareOutDir(out, configHash(config), "dedup", worldSize);
  const pinned = pinnedOptions(out, opts.keep, values.datatrove ?? false, opts.indexDir);
  const path = join(workDir(out), "options.json");
  const previous = existsSync(path) ? await readFile(path, "utf8") : null;
  if (previous !== null && readPinned(out, previous) !== pinned)
    throw new OutputError(`--out ${out} holds a dedup run with other options (${previous}); choose a new directory`);
  if (previous === null) {
    await mkdir(workDir(out), { recursive: true });
    await writeFileAtomic(path, pinned);
  }
  return opts;
}

/**
 * Stage 1 over the docs ingest keeps; its rejects and counts are recorded when stage 4 reads the inputs again, which
 * takes the PDFs' extractions this pass saves instead of extracting them again. A rank whose signatures were made
 * from these inputs, as they are now, with this config and these options, and are as they were written, is kept.
 */
async function signatures(
  config: Config,
  inputs: InputFile[],
  out: string,
  rank: number,
  worldSize: number,
  opts: DedupOptions,
): Promise<{ count: number; kept: boolean }> {
  const dir = rankDir(workDir(out), rank);
  const record = `${dir}.done.json`;
  // The density model too: a record's density counts only if that model scored it (signature-store.ts), so signatures
  // an earlier assay made kept no text of docs its model had scored, for this one's stage 3 to score again.
  const options = {
    config: configHash(config),
    minhash: opts.minhash,
    keepTexts: opts.keep === "best",
    densityModel: new DensityScorer().modelId,
    worldSize,
  };
  const paths = inputs.map((input) => input.path);
  if (unchangedStage(record, options, paths)) return { count: sourceCount(dir), kept: true };
  const read = fileStates(paths);
  const saveTo = stepResumeDir(out, rank, INGEST_STEP);
  const docs = readDocs(inputs, { config: config.ingest, workers: config.workers }, undefined, saveTo);
  const count = await dedupSignatures(
    showingProgress(`assay dedup: signatures of rank ${rank}`, docs),
    workDir(out),
    rank,
    opts,
    options.densityModel,
  );
  recordStage(
    record,
    options,
    read,
    readdirSync(dir).map((name) => join(dir, name)),
  );
  return { count, kept: false };
}

/**
 * Writes --clusters and, with --index, OUT/superseded.jsonl (the published docs this run's kept docs replace, one
 * {id, superseded_by, generation} a line; empty when none), each only when it does not hold that already, and says
 * what dedup found (`kept`: found before, from the same signatures and options).
 */
async function reportClusters(
  { entries, kept }: { entries: readonly ClusterEntry[]; kept: boolean },
  values: DedupValues,
) {
  const clustered = entries.filter((e) => !e.repeated_id);
  if (values.clusters) {
    const lines = clustered.map((e) => `${JSON.stringify({ id: e.id, cluster_id: e.cluster_id })}\n`).join("");
    await writeFileAtomicIfChanged(values.clusters, lines);
  }
  const replaced = supersessions(entries);
  if (values.index)
    await writeFileAtomicIfChanged(
      join(values.out as string, SUPERSEDED_FILE),
      replaced.map((s) => `${JSON.stringify(s)}\n`).join(""),
    );
  const removed = clustered.filter((e) => e.duplicate_of !== null).length;
  const superseded = values.index ? `, ${replaced.length} published docs superseded` : "";
  const repeated = entries.length - clustered.length;
  const ids = repeated > 0 ? `, ${repeated} docs whose id a lower rank's or a published doc has` : "";
  const done = kept ? "; kept: the signatures, pairs and options are unchanged since they were clustered" : "";
  if (!values.quiet)
    process.stdout.write(
      `dedup: ${clustered.length} docs in clusters of size > 1, ${removed} duplicates to remove${superseded}${ids}${done}\n`,
    );
}

/** With --index: the published docs this run replaces, in OUT. */
export const SUPERSEDED_FILE = "superseded.jsonl";

/**
 * How many ranks ran signatures: --input-ranks, else the world size rank 0's signatures recorded (clusters runs as
 * one task after signatures and buckets ran on many), else this command's.
 */
function inputRanksOf(values: DedupValues, worldSize: number, work: string): number {
  const options = recordedOptions(`${rankDir(work, 0)}.done.json`) as { worldSize?: unknown } | null;
  const recorded = typeof options?.worldSize === "number" ? options.worldSize : null;
  const given = values["input-ranks"];
  if (given === undefined) return recorded ?? worldSize;
  if (!/^[1-9]\d*$/.test(given)) throw new UsageError(`--input-ranks takes a positive whole number, not "${given}"`);
  // Fewer would leave the last ranks' docs out of every cluster, and their apply would fail
  if (recorded !== null && Number(given) !== recorded)
    throw new UsageError(
      `--input-ranks ${given}: signatures ran on ${recorded} ranks; give ${recorded}, or leave it out`,
    );
  return Number(given);
}

/** `all` and `apply`: the runner over this rank's inputs, ending in stage 4. */
const PIPELINE: PipelineCommand<typeof DEDUP_FLAGS> = {
  name: "dedup",
  usage: DEDUP_USAGE,
  options: DEDUP_FLAGS,
  async steps(config, rawValues, { inputs, rank, worldSize }) {
    const values = rawValues as DedupValues;
    const out = values.out as string;
    const work = workDir(out);
    const opts = await prepareDedup(out, config, values, worldSize);
    if (stageOf(values) === "all") {
      await signatures(config, inputs, out, 0, 1, opts);
      // One process applies what it clustered: its rank's decisions (the apply step's fingerprint) say whether to rerun
      await reportClusters(dedupBucketsAndClusters(work, opts), values);
    }
    // Apply matches docs to stage 1's by id and order only: a file written since with the same ids would take
    // another doc's decisions (a new text rejected as a duplicate).
    const changed = changedInput(
      `${rankDir(work, rank)}.done.json`,
      inputs.map((input) => input.path),
    );
    if (changed !== null)
      throw new InputError(`${changed} changed after rank ${rank}'s signatures were made: run every stage again`);
    return [dedupApplyStep(work, rank)];
  },
};

/**
 * The clusters file is checked before any work: inside --out it would make the directory someone else's at the next
 * pass (--out holds only what assay writes), and a missing parent directory would fail only once every stage ran.
 */
function checkClustersPath(values: DedupValues): void {
  if (!values.clusters || !values.out) return;
  const file = resolve(values.clusters);
  const out = resolve(values.out);
  if (file === out || file.startsWith(`${out}${sep}`))
    throw new UsageError(
      `--clusters ${values.clusters} is inside --out ${values.out}: write it beside the run instead`,
    );
  if (!existsSync(dirname(file)))
    throw new OutputError(`--clusters ${values.clusters}: directory ${dirname(values.clusters)} does not exist`);
}

/**
 * A new index is made in an existing directory only: a misspelt path would otherwise start an empty index, and the
 * run would dedup against nothing and publish everything as new.
 */
function checkIndexPath(values: DedupValues): void {
  if (values.index && !existsSync(values.index) && !existsSync(dirname(resolve(values.index))))
    throw new OutputError(
      `--index ${values.index}: directory ${dirname(values.index)} does not exist; check the path, or create it for a new index`,
    );
  if (values.index && existsSync(values.index) && !statSync(values.index).isDirectory())
    throw new OutputError(`--index ${values.index} is a file: give an index directory, or a new one's path`);
  // Nor in a directory of other files (a run's output, a folder of papers): the index would be mixed into it.
  const other = values.index && existsSync(values.index) ? readdirSync(values.index).find(isNotIndexEntry) : undefined;
  if (other !== undefined)
    throw new OutputError(
      `--index ${values.index} holds ${other}, which is not part of an index: give an existing index, or an empty or new directory`,
    );
}

/** An index holds its generations (gen-NNNNN) and, after a killed run, their temp directories (gen-NNNNN.tmp-...). */
const isNotIndexEntry = (name: string) => !/^gen-\d{5}(\.tmp-.+)?$/.test(name);

/** Returns the exit status (2: usage error, 1: config, input or output problem). */
export async function dedupCommand(argv: string[]): Promise<number> {
  try {
    const { values: parsed, positionals } = parse(argv, { ...COMMON_OPTIONS, ...DEDUP_FLAGS });
    const values = parsed as DedupValues;
    const stage = values.help ? "all" : stageOf(values);
    if (values.clusters && stage !== "all" && stage !== "clusters")
      throw new UsageError(`--clusters is written by --stage clusters (or all), not by --stage ${stage}`);
    if (stage === "all" || stage === "clusters") checkClustersPath(values);
    checkIndexPath(values);
    if (stage === "all" && values.clusters && values.out)
      await refuseOverwritingInput("--clusters", values.clusters, await rankInputs(positionals, 0, 1, [values.out]));
    // Refused before the runner opens --out: a usage error leaves nothing behind (an options file pinned by it
    // made the directory refuse the corrected command).
    if (stage === "all" && !values.help && rankAndWorldSize(values).worldSize > 1)
      throw new UsageError(
        "--stage all runs in one process; across ranks run --stage signatures, buckets, clusters, then apply",
      );
    if (stage === "all" || stage === "apply") return await runPipelineCommand(PIPELINE, argv);
    if (!values.out) throw new UsageError("--out DIR is required");
    const { rank, worldSize } = rankAndWorldSize(values);
    const config = await commandConfig(values, {}, "dedup");
    const work = workDir(values.out);
    const inputRanks = inputRanksOf(values, worldSize, work);
    // inputs and earlier stages are checked before anything is written
    const inputs = stage === "signatures" ? await rankInputs(positionals, rank, worldSize, [values.out]) : [];
    if (stage !== "signatures")
      requireSignatures(
        work,
        Array.from({ length: inputRanks }, (_, r) => r),
      );
    const opts = await prepareDedup(values.out, config, values, stage === "signatures" ? worldSize : undefined);
    if (stage === "signatures") {
      const { count, kept } = await signatures(config, inputs, values.out, rank, worldSize, opts);
      const done = kept ? " kept: its inputs and options are unchanged since they were computed" : "";
      if (!values.quiet) process.stdout.write(`dedup: rank ${rank} of ${worldSize}: ${count} signatures${done}\n`);
      return 0;
    }
    if (stage === "buckets") {
      const { buckets, kept } = dedupBuckets(work, inputRanks, rank, worldSize, opts);
      if (kept > 0 && !values.quiet)
        process.stdout.write(
          `dedup: rank ${rank} of ${worldSize}: ${kept} of ${buckets} buckets kept: their signatures and options are unchanged since they were paired\n`,
        );
    } else {
      const clusters = dedupClusters(work, inputRanks, opts);
      // New clusters decide every rank's rows: ranks that applied the old ones must apply again before a merge (one
      // rank alone is told by its apply step's fingerprint, its own decisions)
      if (!clusters.kept && inputRanks > 1) await forgetCompletedRanks(values.out);
      await reportClusters(clusters, values);
    }
    return 0;
  } catch (error) {
    if (error instanceof OutputError) {
      process.stderr.write(`assay dedup: ${error.message}\n`);
      return 1;
    }
    return errorExit("dedup", error);
  }
}
