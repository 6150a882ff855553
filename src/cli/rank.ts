// `assay rank <docs> --out DIR`: each document's global percentile of density (rank_pct), its tier, and the
// selection (--keep-top, --keep-tokens, --min-tier), in three barrier stages so a scheduler array runs it like one process:
// sketch (per rank: a density histogram in OUT/rank/), merge (after every rank sketched), apply (per rank: the
// pipeline writes data/ with rank_pct and tier, rejects/ with what the selection drops, per-tier stats).
import { existsSync } from "node:fs";
import { rm, stat, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { DENSITY_SCORES, densityStep } from "../../filters/density/density.js";
import { INGEST_STEP, ingestStep } from "../../ingest/ingest-step.js";
import { type Config, configHash } from "../config.js";
import type { Doc } from "../doc.js";
import { fileStates, recordStage, unchangedStage } from "../exec/stage-record.js";
import type { InputFile } from "../io/inputs.js";
import { completedRank, forgetCompletedRanks, prepareOutDir, runPipeline, stepResumeDir } from "../pipeline.js";
import { DensityHistogram } from "../rank/density-histogram.js";
import {
  BarrierError,
  checkSketchInputs,
  inputsDigest,
  mergeSketches,
  rankStep,
  readSketchHistograms,
  sketchDensity,
  sketchPath,
  sketchRecord,
} from "../rank/global-rank.js";
import { classCount } from "../rank/length-classes.js";
import { RankIds, type RepeatedIds, rankIdsPath, repeatedIdStep, repeatedIds } from "../rank/rank-ids.js";
import {
  cachedScoresStep,
  dropScoreCache,
  earlierScores,
  keepingScores,
  SCORES_FROM_SKETCH,
  scoreCachePath,
} from "../rank/score-cache.js";
import { MIN_SCORE_MISSING } from "../rank/tiers.js";
import { readStats } from "../read-stats.js";
import { idHash } from "../seen-ids.js";
import type { Step, StepContext } from "../step.js";
import {
  COMMON_HELP,
  COMMON_OPTIONS,
  type CommonValues,
  commandConfig,
  errorExit,
  everyRankInputs,
  parse,
  printSummary,
  progressReporter,
  rankAndWorldSize,
  showingProgress,
  UsageError,
} from "./common.js";
import { docsByInput } from "./docs-by-input.js";
import { checkMinScoreNames, RANK_FLAGS, RANK_FLAGS_HELP, rankOverrides } from "./rank-flags.js";

export const RANK_USAGE = `usage: assay rank <docs...> --out DIR [--keep-top P] [--keep-tokens N] [--min-tier A|B|C|D]
                  [--min-score S=V,...] [--cuts A,B,C] [--rank-within run|length] [--stage sketch|merge|apply|all]
                  [--rank R --world-size W]
  Ranks documents by density across the whole run: rank_pct is the share of the run's documents with a lower
  density, ties counted half (all ranks together; from a histogram of 65,536 bins over density -32..32, so
  densities within ~0.001 of each other tie), tier is A/B/C/D by rank_pct. Docs that already carry density from
  the same models (the output of assay run: column density_model) are not scored again. Kept docs go to OUT/data/
  with rank_pct and tier, docs the selection drops to OUT/rejects/ (below_keep_top, below_keep_tokens,
  below_min_tier, below_min_score:S; duplicate_id for a second document under one id); stats.json counts documents
  and whitespace tokens per tier.
${RANK_FLAGS_HELP}
  --stage S            all (default, one process: needs --world-size 1); or per rank: sketch on every rank,
                       then apply on every rank (it merges after checking that all ranks sketched); merge alone
                       checks the barrier and writes OUT/rank/merged-density-histogram.json
${COMMON_HELP}`;

const STAGES = ["sketch", "merge", "apply", "all"] as const;
type Stage = (typeof STAGES)[number];

const RANK_OPTIONS = {
  ...RANK_FLAGS,
  stage: { type: "string", default: "all" },
} as const;

export async function rankCommand(argv: string[]): Promise<number> {
  try {
    const { values, positionals } = parse(argv, { ...COMMON_OPTIONS, ...RANK_OPTIONS });
    const v = values as typeof values & CommonValues;
    if (v.help) {
      process.stdout.write(`${RANK_USAGE}\n`);
      return 0;
    }
    if (!v.out) throw new UsageError("--out DIR is required");
    const stage = v.stage as Stage;
    if (!STAGES.includes(stage)) throw new UsageError(`--stage must be one of ${STAGES.join(", ")}, not "${stage}"`);
    const { rank, worldSize } = rankAndWorldSize(v);
    if (stage === "all" && worldSize > 1) {
      throw new UsageError(`--stage all runs in one process; with ${worldSize} ranks run --stage sketch, then apply`);
    }
    const sketchDir = join(v.out, "rank");
    const config = await commandConfig(v, rankOverrides(v), "rank");
    const shares = stage === "merge" ? [] : await everyRankInputs(positionals, worldSize, [v.out]);
    const inputs = shares[rank] ?? [];

    if (stage !== "merge") await checkMinScoreNames({ rank: config.rank, file: v.config }, v, shares.flat());
    // An --out holding a run with another config or world size is refused before any scoring, not after the sketch.
    if (stage !== "merge") await prepareOutDir(v.out, configHash(config), "rank", worldSize);
    const digest = await inputsDigest(inputs.map((input) => input.path));
    // A rank this config already completed on these inputs is not scored (or merged) again to find nothing to do,
    // unless a rank sketched again since: the histograms it was ranked against have changed.
    const previous = stage === "merge" ? null : await completedRank(v.out, config, rank, worldSize, inputs);
    const complete = previous !== null && !(await sketchedSince(sketchDir, worldSize, Date.parse(previous.finished)));
    const record = sketchRecord(sketchDir, rank);
    const sketchOptions = { config: configHash(config), worldSize };
    const paths = inputs.map((input) => input.path);
    // A sketch made from these inputs as they are now, with this config, and as it was written, is kept: written again,
    // it would also make every rank's apply stage run again (sketchedSince).
    const sketching = stage === "sketch" || (stage === "all" && !complete);
    // (A sketch without its ids file is an older assay's, whose apply stage could not check repeated ids.)
    const sketchKept =
      sketching && unchangedStage(record, sketchOptions, paths) && existsSync(rankIdsPath(sketchDir, rank));
    if (sketchKept && !v.quiet)
      process.stdout.write(
        `rank ${rank}: density histogram of ${total(await readSketchHistograms(sketchDir, rank))} docs in ${sketchDir} kept: its inputs and options are unchanged since it was sketched\n`,
      );
    if (sketching && !sketchKept) {
      const read = fileStates(paths);
      const reused = { scores: 0 };
      // Every rank's apply stage finds the copies of repeated ids in them, on disk, however many documents it reads.
      const ids = new RankIds(sketchDir, rank);
      const inputOf = new WeakMap<Doc, number>();
      const cache = scoreCachePath(sketchDir, rank);
      const saveTo = stepResumeDir(v.out, rank, INGEST_STEP);
      const docs = rankDocs({
        inputs,
        config,
        rank,
        worldSize,
        cachePath: cache,
        earlier: await earlierScores(cache),
        reused,
        inputOf,
        saveTo,
      });
      // Rank r's j-th input is input j * worldSize + r of all (partition's rule): one process reads them in that order.
      const counted = (doc: Doc, cell: number, tokens: number) => {
        const input = inputOf.get(doc);
        if (input === undefined) throw new Error(`${doc.id} was sketched without its input (a bug)`);
        ids.add(doc.id, input * worldSize + rank, cell, tokens);
      };
      // Every rank is ranked against the merged sketches: ranks applied before this one changed must apply again.
      await forgetCompletedRanks(v.out);
      const sketch = await sketchDensity(docs, sketchDir, rank, config.rank, digest, counted);
      await ids.write();
      recordStage(record, sketchOptions, read, [sketchPath(sketchDir, rank), rankIdsPath(sketchDir, rank)]);
      const from = reused.scores > 0 ? ` (${reused.scores} scores kept from an earlier, unfinished run)` : "";
      if (!v.quiet)
        process.stdout.write(`rank ${rank}: density histogram of ${total(sketch)} docs${from} in ${sketchDir}\n`);
    }
    if (stage === "merge") {
      const merged = await mergeSketches(sketchDir, worldSize);
      await repeatedIds(sketchDir, worldSize, 0, merged);
      await writeFile(join(sketchDir, "merged-density-histogram.json"), JSON.stringify(merged));
      if (!v.quiet) process.stdout.write(`${worldSize} ranks sketched: ${total(merged)} docs to rank\n`);
    }
    if (stage === "apply" || stage === "all") {
      // A completed rank resumes without ranking anything: its sketches may be gone.
      const histograms = complete
        ? Array.from({ length: classCount(config.rank.within ?? "run") }, () => new DensityHistogram())
        : await mergeSketches(sketchDir, worldSize);
      // Every rank's sketch must be of its inputs as they are now: one made before another rank's inputs changed
      // would rank this rank's documents against documents no longer in the run. A completed rank whose sketches
      // are gone has nothing left to check.
      if (!complete || shares.every((_, r) => existsSync(sketchPath(sketchDir, r))))
        for (const [r, share] of shares.entries())
          await checkSketchInputs(sketchDir, r, r === rank ? digest : await inputsDigest(share.map((i) => i.path)));
      // Ids that more than one document has, in any rank, each one's copies but the first taken out of the histograms:
      // not read when resuming.
      const sketched = total(histograms);
      const repeated = complete
        ? new Map<bigint, boolean>()
        : await repeatedIds(sketchDir, worldSize, rank, histograms);
      // One process says what it ranks: the documents sketched less the copies of repeated ids.
      const copies = sketched - total(histograms);
      if (stage === "all" && copies > 0 && !v.quiet)
        process.stdout.write(`${copies} copies of ids read before left out: ${total(histograms)} docs to rank\n`);
      await apply(v.out, shares, config, rank, worldSize, histograms, repeated, complete, v);
      await dropScoreCache(scoreCachePath(sketchDir, rank));
      // A one-process run's ids (20 bytes a document) are read by nothing else once it is applied; a staged run's are
      // kept with its sketch, which a rerun of the sketch stage keeps only whole.
      if (stage === "all") await rm(rankIdsPath(sketchDir, rank), { force: true });
    }
    return 0;
  } catch (error) {
    if (error instanceof BarrierError) {
      process.stderr.write(`assay rank: ${error.message}\n`);
      return 1;
    }
    return errorExit("rank", error);
  }
}

/** Whether any rank's sketch was written after `time` (ms): a rank finished before it ranked against older ones. */
async function sketchedSince(dir: string, worldSize: number, time: number): Promise<boolean> {
  for (let r = 0; r < worldSize; r++) {
    const written = (await stat(sketchPath(dir, r)).catch(() => null))?.mtimeMs;
    if (written !== undefined && written > time) return true;
  }
  return false;
}

function total(sketch: readonly DensityHistogram[]): number {
  return sketch.reduce((sum, h) => sum + h.total, 0);
}

/**
 * This rank's documents with density (scored only where missing: the output of `assay run` has it), as the apply
 * stage will see them; ingest's rejects are not ranked. Scores an earlier run of this rank kept and never used (it
 * was stopped before apply finished, or in this pass) are taken from `earlier`, not computed again (`reused` counts
 * them); the scores are kept in `cachePath` for the apply pass. `inputOf` is told each document's input (its index in
 * `inputs`). PDFs' extractions are saved in `saveTo`, where the apply pass takes them back.
 */
interface SketchInputs {
  inputs: InputFile[];
  config: Config;
  rank: number;
  worldSize: number;
  /** This pass's scores file, for the apply pass. */
  cachePath: string;
  /** The file holding scores an earlier, unfinished sketch of this rank wrote (earlierScores). */
  earlier: string;
  reused: { scores: number };
  /** Each doc's position among this rank's inputs, for ids compared across ranks. */
  inputOf: WeakMap<Doc, number>;
  /** Where extractions are saved for the apply pass. */
  saveTo: string;
}

function rankDocs({
  inputs,
  config,
  rank,
  worldSize,
  cachePath,
  earlier,
  reused,
  inputOf,
  saveTo,
}: SketchInputs): AsyncIterable<Doc> {
  const count = (counter: string, by = 1) => {
    if (counter === SCORES_FROM_SKETCH) reused.scores += by;
  };
  const ctx: StepContext = { rank, worldSize, reject: async () => {}, count };
  // The models of each document's density as it came (null: none), to tell the ones this pass scores.
  const modelBefore = new WeakMap<Doc, string | null>();
  const docs = (async function* () {
    const options = { config: config.ingest, workers: config.workers, passRepeatedIds: true };
    for await (const { input, doc } of docsByInput(inputs, options, saveTo)) {
      modelBefore.set(doc, doc.meta.density === null ? null : doc.meta.density_model);
      inputOf.set(doc, input);
      yield doc;
    }
  })();
  const cached = cachedScoresStep(earlier).run(docs, ctx);
  const scored = densityStep(undefined, { onlyMissing: true, workers: config.workers }).run(cached, ctx);
  // What this pass scores is kept for the apply pass, which would otherwise score it all again: documents that came
  // without a density, and those whose density other models computed (they were scored in both passes).
  const kept = keepingScores(
    scored,
    cachePath,
    DENSITY_SCORES,
    (doc) => doc.meta.density_model !== modelBefore.get(doc),
  );
  return showingProgress(`assay rank: sketch of rank ${rank}`, kept);
}

async function apply(
  outDir: string,
  shares: InputFile[][],
  config: Config,
  rank: number,
  worldSize: number,
  histograms: DensityHistogram[],
  repeated: RepeatedIds,
  resume: boolean,
  flags: { quiet?: boolean; "no-report"?: boolean },
): Promise<void> {
  const inputs = shares[rank] as InputFile[];
  const result = await runPipeline({
    command: "rank",
    resume,
    inputs,
    schemaInputs: shares.flat(),
    outDir,
    config,
    rank,
    worldSize,
    // Repeated ids are found from the sketch's files, not in a table of every id read.
    first: ingestStep({ config: config.ingest, workers: config.workers, passRepeatedIds: true }),
    steps: [
      repeatedIdStep(repeated),
      cachedScoresStep(scoreCachePath(join(outDir, "rank"), rank), (id) => repeated.has(idHash(id))),
      densityStep(undefined, { onlyMissing: true, workers: config.workers }),
      rankStep(histograms, config.rank),
    ],
    report: !flags["no-report"],
    onProgress: progressReporter("assay rank", inputs.length),
  });
  if (process.stderr.isTTY) process.stderr.write("\n");
  const stats = await readStats(outDir, result.merged ? null : rank);
  const rankStats = stats.find((step) => step.name === "rank");
  // Judged on the whole run's stats, by the rank that merged them: one rank's documents may all lack a score that
  // others have.
  for (const name of Object.keys(config.rank.minScores))
    if (
      result.merged &&
      rankStats &&
      rankStats.docs_in > 0 &&
      rankStats.counters[`${MIN_SCORE_MISSING}:${name}`] === rankStats.docs_in
    )
      process.stderr.write(
        `assay rank: no document has a score ${name}, so --min-score held none to it; check the name\n`,
      );
  if (flags.quiet) return;
  if (result.resumed) process.stdout.write(`rank ${rank} was already complete in ${outDir}: nothing to do\n`);
  printSummary(result.merged ?? result.manifest, outDir, stats);
  if (!result.merged) process.stdout.write(`waiting for other ranks: ${outDir}/manifest.json is written by the last\n`);
}
