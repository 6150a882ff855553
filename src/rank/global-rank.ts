// Global ranking in three stages over the same per-rank files, so one machine and a Slurm/Kubernetes array run
// it the same way: (1) each rank writes the histogram of its documents' density, (2) after the barrier every
// rank merges all histograms (a sum: deterministic), (3) each rank assigns rank_pct and tier, selects, and
// counts documents and tokens per tier for stats.json.
import { createHash } from "node:crypto";
import { mkdir, readdir, readFile, stat } from "node:fs/promises";
import { join, resolve } from "node:path";
import type { Doc } from "../doc.js";
import { writeFileAtomic } from "../io/atomic.js";
import { countTokens } from "../python-space.js";
import { rankTag } from "../rank-files.js";
import type { Step, StepContext } from "../step.js";
import { type Cell, cellOf, DensityHistogram } from "./density-histogram.js";
import { classCount, rankClass } from "./length-classes.js";
import {
  belowMinScore,
  MIN_SCORE_MISSING,
  RANK_DEFAULTS,
  type RankOptions,
  selectionReason,
  TIERS,
  tierOf,
} from "./tiers.js";
import { tokenBudgetCut } from "./token-budget.js";

export const SKETCH_PREFIX = "density-histogram-";
const SKETCH_FILE = /^density-histogram-\d{5}\.json$/;
type HistogramJson = ReturnType<DensityHistogram["toJSON"]>;
/** A rank's sketch: its histograms, and a digest of the input files they were made from. */
interface SketchFile {
  inputs: string;
  histograms: HistogramJson[];
}

export function sketchPath(dir: string, rank: number): string {
  return join(dir, `${SKETCH_PREFIX}${rankTag(rank)}.json`);
}

/** What a rank's sketch stage read and wrote (stage-record.ts): a sketch stage run again over the same is kept. */
export function sketchRecord(dir: string, rank: number): string {
  return sketchPath(dir, rank).replace(/\.json$/, ".done.json");
}

/** A rank's histograms as its sketch stage wrote them. */
export async function readSketchHistograms(dir: string, rank: number): Promise<DensityHistogram[]> {
  return (await readSketch(sketchPath(dir, rank))).histograms.map(DensityHistogram.fromJSON);
}

/**
 * The paths and sizes of a rank's input files, hashed: what its sketch was made from. The apply stage compares it
 * with its own inputs, since a sketch of other documents would rank these against the wrong run.
 */
export async function inputsDigest(paths: readonly string[]): Promise<string> {
  const hash = createHash("sha256");
  for (const path of paths) {
    // Resolved, so that two stages run from different directories agree; the time catches an edit of equal size.
    const info = await stat(path).catch(() => null);
    hash.update(`${resolve(path)}\t${info ? `${info.size}\t${info.mtimeMs}` : "unreadable"}\n`);
  }
  return hash.digest("hex").slice(0, 16);
}

/**
 * Stage 1: the histograms of one rank's documents' density (reads meta.density, falling back to scores.density) and
 * whitespace tokens, one per class they are ranked within (one for the whole run, or one per length class). The
 * tokens are those a token budget can spend: none for a document `selection`'s minScores drop. `counted`: told where
 * each document was counted, and its tokens.
 */
export async function sketchDensity(
  docs: AsyncIterable<Doc>,
  dir: string,
  rank: number,
  selection: Pick<RankOptions, "within" | "minScores"> = RANK_DEFAULTS,
  inputs = "",
  counted?: (doc: Doc, cell: Cell, tokens: number) => void,
): Promise<DensityHistogram[]> {
  const within = selection.within ?? "run";
  const sketch = Array.from({ length: classCount(within) }, () => new DensityHistogram());
  for await (const doc of docs) {
    const c = rankClass(within, doc.text.length);
    const dropped = belowMinScore(selection.minScores, selectionScores(doc, selection)) !== null;
    const tokens = dropped ? 0 : countTokens(doc.text);
    const density = densityOf(doc);
    sketch[c]?.add(density, tokens);
    counted?.(doc, cellOf(sketch, c, density), tokens);
  }
  await mkdir(dir, { recursive: true });
  // Atomic: the merge never reads a half-written histogram.
  const file: SketchFile = { inputs, histograms: sketch.map((h) => h.toJSON()) };
  await writeFileAtomic(sketchPath(dir, rank), JSON.stringify(file));
  return sketch;
}

/** Not every rank has written its histogram yet. */
export class BarrierError extends Error {}

/** Stage 2: the sum of every rank's histograms; `worldSize` checks that all ranks reached the barrier. */
export async function mergeSketches(dir: string, worldSize?: number): Promise<DensityHistogram[]> {
  // Exactly a rank's file: a copy ("...-00000.old.json") or a half-written ".tmp" is not a sketch.
  const files = (await readdir(dir).catch(() => [] as string[])).filter((f) => SKETCH_FILE.test(f)).sort();
  if (files.length === 0)
    throw new BarrierError(`${dir}: no density histograms; run the sketch stage on every rank first`);
  if (worldSize !== undefined) {
    const rankOf = (f: string) => Number.parseInt(f.slice(SKETCH_PREFIX.length), 10);
    const stale = files.filter((f) => !(rankOf(f) < worldSize));
    if (stale.length > 0) {
      const ranks = Math.max(...files.map(rankOf)) + 1;
      throw new BarrierError(
        `${dir}: ${stale.join(", ")} sketched by a run of ${ranks} ranks: give --world-size ${ranks}, or delete ${stale.length > 1 ? "them" : "it"}`,
      );
    }
    const sketched = new Set(files.map(rankOf));
    const missing = Array.from({ length: worldSize }, (_, r) => r).filter((r) => !sketched.has(r));
    if (missing.length > 0)
      throw new BarrierError(
        `${dir}: ${files.length} density histograms for ${worldSize} ranks; run the sketch stage on rank ${missing.join(", ")} first`,
      );
  }
  let merged: DensityHistogram[] | null = null;
  for (const f of files) {
    const sketch = (await readSketch(join(dir, f))).histograms.map(DensityHistogram.fromJSON);
    if (merged && merged.length !== sketch.length)
      throw new BarrierError(`${dir}: ranks sketched with different rank.within; sketch every rank again`);
    merged ??= sketch.map((h) => new DensityHistogram(h.shape));
    sketch.forEach((h, i) => merged?.[i]?.merge(h));
  }
  return merged as DensityHistogram[];
}

/** Refuses to apply a sketch that this rank made from other input files (the directory changed since). */
export async function checkSketchInputs(dir: string, rank: number, inputs: string): Promise<void> {
  const path = sketchPath(dir, rank);
  if ((await readSketch(path)).inputs !== inputs)
    throw new BarrierError(
      `${path} was sketched from other input files than rank ${rank}'s; run the sketch stage again`,
    );
}

async function readSketch(path: string): Promise<SketchFile> {
  const file = JSON.parse(await readFile(path, "utf8")) as SketchFile;
  if (!Array.isArray(file.histograms))
    throw new BarrierError(`${path} was written by an older assay; run the sketch stage again`);
  return file;
}

/**
 * Stage 3 as a pipeline step: sets meta.rank_pct and meta.tier, rejects what the selection drops, and counts
 * `tier:X` documents and `tier_tokens:X` whitespace tokens of kept documents in the step's stats, and
 * `min_score_missing:S` documents without a score the selection names (not held to it).
 */
export function rankStep(histograms: readonly DensityHistogram[], options: RankOptions = RANK_DEFAULTS): Step {
  const within = options.within ?? "run";
  if (histograms.length !== classCount(within))
    throw new BarrierError(
      `rank.within is "${within}" but the sketches hold ${histograms.length} histogram(s): run the sketch stage again`,
    );
  const cums = histograms.map((h) => h.cumulative());
  let budgetCut = 0;
  if (options.keepTokens !== undefined) {
    if (!histograms.every((h) => h.tokensCounted))
      throw new BarrierError(
        "the density histograms were sketched by an older assay, without tokens: run the sketch stage again",
      );
    budgetCut = tokenBudgetCut(histograms, cums, options.keepTokens);
  }
  return {
    name: "rank",
    scoreNames: [],
    async *run(docs: AsyncIterable<Doc>, ctx: StepContext) {
      // Every tier is counted, none kept included: a dashboard reads counters["tier:C"] as 0, not as missing.
      for (const tier of TIERS) {
        ctx.count(`tier:${tier}`, 0);
        ctx.count(`tier_tokens:${tier}`, 0);
      }
      for await (const doc of docs) {
        const c = rankClass(within, doc.text.length);
        const pct = (histograms[c] as DensityHistogram).percentile(densityOf(doc), cums[c] as Float64Array);
        const tier = tierOf(pct, options.cuts);
        doc.meta.rank_pct = pct;
        doc.meta.tier = tier;
        const scores = selectionScores(doc, options);
        for (const name of Object.keys(options.minScores))
          if (scores[name] === undefined) ctx.count(`${MIN_SCORE_MISSING}:${name}`);
        const reason = selectionReason(pct, tier, options, scores, budgetCut);
        if (reason) {
          await ctx.reject(doc, reason);
          continue;
        }
        ctx.count(`tier:${tier}`);
        ctx.count(`tier_tokens:${tier}`, countTokens(doc.text));
        yield doc;
      }
    },
  };
}

/** Density is a column of its own in the shards, so a document read back from a run has it in meta only. */
function densityValue(doc: Doc): number | null {
  return doc.meta.density ?? doc.scores.density ?? null;
}

function densityOf(doc: Doc): number {
  return densityValue(doc) ?? Number.NEGATIVE_INFINITY;
}

/** The scores a selection holds a document to: `--min-score density=V` must see density wherever it is. */
function selectionScores(doc: Doc, selection: Pick<RankOptions, "minScores">): Readonly<Record<string, number>> {
  const density = densityValue(doc);
  if (density === null || !("density" in selection.minScores) || doc.scores.density === density) return doc.scores;
  return { ...doc.scores, density };
}
