// The runner: input files → ingest → steps → data/ shards, with every drop routed to rejects/ and counted,
// per-rank manifest and stats, merged into OUT/manifest.json and OUT/stats.json once every rank has finished.
import { existsSync, realpathSync } from "node:fs";
import { mkdir, readdir, rm, stat } from "node:fs/promises";
import { basename, dirname, join, relative, resolve, sep } from "node:path";
import { type Config, canonicalJson, configFiles, configHash } from "./config.js";
import { writeDatasetCard } from "./dataset-card.js";
import type { Doc } from "./doc.js";
import { isAssayOutput, isUnfinishedOutput, stageWorkOf } from "./io/assay-output.js";
import { OutputError, writeFileAtomic } from "./io/atomic.js";
import { docToRow, type RowContext, scoreColumns, shardSchema } from "./io/columns.js";
import { inputScoreNames } from "./io/input-scores.js";
import type { InputFile } from "./io/inputs.js";
import { readJsonIfAny } from "./io/read-json.js";
import { clearShards, type ShardInfo, ShardWriter } from "./io/shard-writer.js";
import { counts, hashFile, type InputList, inputList, type Manifest, versions } from "./manifest.js";
import { ASSAY_VERSION } from "./project-root.js";
import { isRankManifest, rankManifestPath, rankStatsPath, rankTag } from "./rank-files.js";
import { readStats } from "./read-stats.js";
import { writeReport } from "./report/write-report.js";
import { mergeStepStats, StepStats, type StepStatsJson } from "./stats.js";
import type { RejectOptions, Step, StepContext } from "./step.js";

export interface PipelineOptions {
  command: string;
  /** This rank's share of the inputs. */
  inputs: InputFile[];
  /**
   * Every rank's inputs (default: this rank's), whose score columns the shards declare: a rank whose own files lack
   * a score another rank's carry still writes its column, so the card's glob over data/ reads one schema. Their
   * paths are recorded (the manifest's `input_list`) so that the merge can tell ranks that found other files.
   */
  schemaInputs?: readonly InputFile[];
  outDir: string;
  config: Config;
  rank: number;
  worldSize: number;
  first: Step<InputFile>;
  steps: Step[];
  /** Write report.html with the merged manifest (default true); the passes of a chained `assay run` skip it. */
  report?: boolean;
  /** Called now and then with the first step's stats, for progress display. */
  onProgress?: (ingest: StepStats) => void;
  /**
   * Whether a rank completed on the same config and inputs is taken as done (default true). `assay rank` says no when
   * another rank sketched again since: what this rank was ranked against has changed.
   */
  resume?: boolean;
}

export interface PipelineResult {
  manifest: Manifest;
  /** The merged manifest when this rank was the last to finish, else null. */
  merged: Manifest | null;
  resumed: boolean;
}

/** What this rank's steps save as they go (StepContext.resumeDir), one folder per step, until the rank completes. */
const rankResumeDir = (outDir: string, rank: number) => join(outDir, "ranks", `resume-${rankTag(rank)}`);
/** The folder of one step of this rank (by its name) in its resume folder. */
export const stepResumeDir = (outDir: string, rank: number, step: string) => join(rankResumeDir(outDir, rank), step);

/**
 * This rank's manifest if a run with the same world size, config and step fingerprints already completed it in
 * `outDir` over the same inputs, else null. Inputs are the same when their paths are and each still has its size and
 * was not written after the rank finished: `assay run`'s later passes read an earlier pass's shards, whose paths stay
 * while a rerun rewrites them. The files the config names are held to the same test, and the rank's own shards must
 * all still be there as written.
 */
export async function completedRank(
  outDir: string,
  config: Config,
  rank: number,
  worldSize: number,
  inputs: InputFile[],
  steps: readonly Step[] = [],
): Promise<Manifest | null> {
  const previous = await readJsonIfAny<Manifest>(rankManifestPath(outDir, rank));
  if (!previous || previous.world_size !== worldSize || previous.config_hash !== configHash(config)) return null;
  if (!samePaths(previous.inputs, inputs)) return null;
  if (canonicalJson(previous.step_fingerprints ?? {}) !== canonicalJson(stepFingerprints(steps) ?? {})) return null;
  const finished = Date.parse(previous.finished);
  for (const [i, input] of inputs.entries()) {
    const before = previous.inputs[i];
    // An input that could not be read then and still cannot, for the same cause, is unchanged: a dangling link, a
    // file without read permission or a link to a folder must not rerun the rank (the last two still have a stat,
    // which reran it every time). Read again only for them, which are few.
    if (before?.unreadable) {
      const still = input.unreadable?.code ?? (await hashFile(input.path)).unreadable;
      if (still === before.unreadable) continue;
      return null;
    }
    if (!(await unchangedSince(input.path, before?.bytes, finished))) return null;
  }
  // The files the config names (arXiv's metadata, the --lm model) shape the rows as the inputs do, under a path that
  // stays when a new snapshot is downloaded over the old one: a rank resumed on it would keep the old licences.
  for (const path of configFiles(config)) {
    const before = previous.config_files?.find((file) => file.path === path);
    if (!(await unchangedSince(path, before?.bytes, finished))) return null;
  }
  // A shard deleted or cut short since would leave its rows out of data/ or rejects/ while the manifest lists them:
  // the rank runs again, as one given other inputs does, and writes them back.
  if (!(await shardsAsWritten(outDir, previous))) return null;
  return previous;
}

/**
 * Whether every shard a manifest lists is in `outDir` with the bytes it was written with. Sizes, not sha256: hashing
 * would read every shard of every rank on each rerun, and a shard written over with other rows almost never keeps
 * its size.
 */
export async function shardsAsWritten(outDir: string, manifest: Manifest): Promise<boolean> {
  for (const shard of [...manifest.shards.data, ...manifest.shards.rejects]) {
    const now = await stat(join(outDir, shard.path)).catch(() => null);
    if (now?.size !== shard.bytes) return false;
  }
  return true;
}

/** Whether the file at `path` still has `bytes` bytes and was not written after `finished` (epoch ms). */
async function unchangedSince(path: string, bytes: number | undefined, finished: number): Promise<boolean> {
  const now = await stat(path).catch(() => null);
  return now !== null && now.size === bytes && now.mtimeMs <= finished;
}

export async function runPipeline(options: PipelineOptions): Promise<PipelineResult> {
  const { outDir, config, rank, worldSize, first, steps, report = true } = options;
  const hash = configHash(config);
  refuseInputsInOutput(outDir, options.inputs);
  await prepareOutDir(outDir, hash, options.command, worldSize);
  await clearRanksBeyond(outDir, worldSize);
  const found = inputList((options.schemaInputs ?? options.inputs).map((input) => input.path));
  const completed =
    options.resume === false ? null : await completedRank(outDir, config, rank, worldSize, options.inputs, steps);
  // A rank that completed while the inputs were other files runs again, though its own share did not change: the
  // other ranks' shares did.
  const previous = completed && sameInputList(completed.input_list, found) ? completed : null;
  if (previous) {
    // Left by a run killed after its rank manifest was written and before it was removed.
    await rm(rankResumeDir(outDir, rank), { recursive: true, force: true });
    return { manifest: previous, merged: await mergedOrMerge(outDir, worldSize, report), resumed: true };
  }
  await clearRank(outDir, rank);

  const started = new Date().toISOString();
  const allSteps: Step<never>[] = [first as Step<never>, ...(steps as Step<never>[])];
  // The steps' own names first: of two names in different cases, theirs is the column (shardSchema)
  const scoreNames = [
    ...allSteps.flatMap((step) => step.scoreNames),
    ...(await inputScoreNames(options.schemaInputs ?? options.inputs)),
  ];
  const { workers: _workers, ...shaping } = config;
  const createdBy = `assay ${ASSAY_VERSION}`;
  const writerBase = { outDir, rank, format: config.format, limits: config.shard, createdBy };
  const dataSchema = shardSchema(scoreNames, false);
  const dataWriter = new ShardWriter({ ...writerBase, kind: "data", schema: dataSchema });
  const rejectWriter = new ShardWriter({ ...writerBase, kind: "rejects", schema: shardSchema(scoreNames, true) });
  const rowContext: RowContext = {
    pipelineVersion: ASSAY_VERSION,
    configHash: hash,
    scoreColumns: scoreColumns(dataSchema),
  };
  const stats = allSteps.map((step) => new StepStats(step.name));

  const contextFor = (index: number): StepContext => ({
    rank,
    worldSize,
    resumeDir: stepResumeDir(outDir, rank, (allSteps[index] as Step<never>).name),
    reject: async (doc: Doc, reason: string, rejectOptions?: RejectOptions) => {
      const stepStats = stats[index] as StepStats;
      stepStats.reject(reason);
      const info = { stage: stepStats.name, reason, duplicateOf: rejectOptions?.duplicateOf ?? null };
      await rejectWriter.write(docToRow(doc, rowContext, info));
    },
    count: (counter: string, by?: number) => (stats[index] as StepStats).count(counter, by),
    pagesInProgress: (by: number) => {
      (stats[index] as StepStats).pagesInProgress += by;
    },
  });

  // Each layer's iterator is timed; a step's own time is its layer's time minus the layer below.
  const layerMs: number[] = [];
  let stream: AsyncIterable<unknown> = timed(sourceFiles(options.inputs, stats[0] as StepStats), layerMs, 0);
  allSteps.forEach((step, index) => {
    const counted = countIn(stream as AsyncIterable<Doc>, stats[index] as StepStats, index === 0);
    const output = step.run(counted as AsyncIterable<never>, contextFor(index));
    stream = timed(countOut(output, stats[index] as StepStats), layerMs, index + 1);
  });

  // On a clock, not per kept document: a stretch of rejects (a folder of broken files, a long OCR) moves it too.
  const onProgress = options.onProgress;
  const progress = onProgress ? setInterval(() => onProgress(stats[0] as StepStats), 500) : null;
  progress?.unref();
  let data: ShardInfo[];
  let rejects: ShardInfo[];
  try {
    for await (const doc of stream as AsyncIterable<Doc>) await dataWriter.write(docToRow(doc, rowContext));
    // Closing writes the last shards, most of a small run's bytes: a full disk is likeliest here.
    data = await dataWriter.close();
    rejects = await rejectWriter.close();
  } catch (error) {
    // The shards being written are dropped, not left as temporary files beside the finished ones.
    await Promise.all([dataWriter.abort(), rejectWriter.abort()]);
    throw error;
  } finally {
    if (progress) clearInterval(progress);
  }
  // The last documents' pages: the clock may not have ticked since.
  onProgress?.(stats[0] as StepStats);
  stats.forEach((s, i) => {
    s.ms = (layerMs[i + 1] ?? 0) - (layerMs[i] ?? 0);
  });
  const ingestStats = stats[0] as StepStats;
  const docsIn = ingestStats.docsOut + [...ingestStats.rejectReasons.values()].reduce((a, b) => a + b, 0);
  // The first step took files (what progress counts); its docs in are the documents they held, as for every step.
  ingestStats.count("input_files", ingestStats.docsIn);
  ingestStats.docsIn = docsIn;
  const manifest: Manifest = {
    assay_version: ASSAY_VERSION,
    command: options.command,
    rank,
    world_size: worldSize,
    inputs: await Promise.all(
      options.inputs.map((input) =>
        input.unreadable
          ? { path: input.path, bytes: 0, sha256: "", unreadable: input.unreadable.code }
          : hashFile(input.path),
      ),
    ),
    input_list: found,
    config_files: await Promise.all(configFiles(config).map(hashFile)),
    config: shaping,
    config_hash: hash,
    step_fingerprints: stepFingerprints(steps),
    versions: versions(),
    shards: { data, rejects },
    counts: counts(docsIn, data, rejects),
    started,
    finished: new Date().toISOString(),
  };
  if (!manifest.counts.balanced) {
    throw new Error(
      `lost documents: ${docsIn} in, ${manifest.counts.kept} kept + ${manifest.counts.rejected} rejected`,
    );
  }
  await mkdir(join(outDir, "ranks"), { recursive: true });
  await writeFileAtomic(rankStatsPath(outDir, rank), json(stats.map((s) => s.toJSON())));
  await writeFileAtomic(rankManifestPath(outDir, rank), json(manifest));
  // A complete rank is resumed whole (completedRank): what its steps saved for a rerun is no longer needed, and its
  // disk is given back.
  await rm(rankResumeDir(outDir, rank), { recursive: true, force: true });
  return { manifest, merged: await mergeIfComplete(outDir, worldSize, report, found), resumed: false };
}

/** Whether a manifest's input list is `found` (one an older assay wrote has none: taken as the same). */
function sameInputList(recorded: InputList | undefined, found: InputList): boolean {
  return recorded === undefined || (recorded.files === found.files && recorded.sha256 === found.sha256);
}

function stepFingerprints(steps: readonly Step[]): Record<string, string> | undefined {
  const withOne = steps.filter((step) => step.fingerprint !== undefined);
  return withOne.length
    ? Object.fromEntries(withOne.map((step) => [step.name, step.fingerprint as string]))
    : undefined;
}

/** Shards this run writes cannot also be what it reads: they are cleared before a rank starts. */
export function refuseInputsInOutput(outDir: string, inputs: readonly InputFile[]): void {
  // Symlinks (an input linked into data/, an --out given through a link) resolve to where the files really lie.
  const written = ["data", "rejects"].map((kind) => `${realLocation(join(outDir, kind))}${sep}`);
  const input = inputs.find(({ path }) => written.some((dir) => realLocation(path).startsWith(dir)));
  if (input) throw new OutputError(`--out ${outDir} is where input ${input.path} lies; give the output another --out`);
}

/**
 * Forgets what an earlier, unfinished or other run of this rank left: its manifest (so a rank killed from here on is
 * run again, not taken as complete), the merged manifest (the run is not complete while a rank runs), its stats and
 * its shards.
 */
async function clearRank(outDir: string, rank: number): Promise<void> {
  await rm(rankManifestPath(outDir, rank), { force: true });
  await rm(rankStatsPath(outDir, rank), { force: true });
  await rm(join(outDir, "manifest.json"), { force: true });
  await clearShards(outDir, (other) => other === rank);
}

/**
 * Makes every rank's completed run stale after a barrier stage wrote results that all ranks' rows depend on (rank's
 * sketches, dedup's clusters): their manifests and the merged one are removed, so no rank resumes on the old results
 * and no merge publishes a rank's rows made from them. Each rank's next run replaces its shards.
 */
export async function forgetCompletedRanks(outDir: string): Promise<void> {
  const names = await readdir(join(outDir, "ranks")).catch(() => [] as string[]);
  for (const name of names)
    if (/^manifest-\d{5}\.json$/.test(name)) await rm(join(outDir, "ranks", name), { force: true });
  await rm(join(outDir, "manifest.json"), { force: true });
}

/**
 * Removes the shards and saved work of ranks beyond this run's that no manifest records (a run with more ranks stopped
 * before any of them finished; one that finished a rank is refused by prepareOutDir): no rank of this run writes
 * them, so no rank running beside this one can lose its files, and `data/` holds this run's shards only.
 */
async function clearRanksBeyond(outDir: string, worldSize: number): Promise<void> {
  const names = await readdir(join(outDir, "ranks")).catch(() => [] as string[]);
  for (const name of names) {
    const match = /^(?:(?:manifest|stats)-(\d{5})\.json|resume-(\d{5}))$/.exec(name);
    if (match && Number(match[1] ?? match[2]) >= worldSize)
      await rm(join(outDir, "ranks", name), { recursive: true, force: true });
  }
  await clearShards(outDir, (rank) => rank >= worldSize);
}

/** The passes `assay run` writes under OUT/stages, in order. */
export const RUN_PASSES = ["filter", "dedup", "rank"] as const;

/** What an output directory of assay holds; anything else in --out means it is someone else's directory. */
const OUTPUT_ENTRIES = new Set([
  "data",
  "rejects",
  "ranks",
  "manifest.json",
  "stats.json",
  "README.md",
  "report.html",
  "superseded.jsonl",
  "dedup",
  "rank",
  "stages",
]);

/**
 * Refuses an --out under /proc or /sys, one that is a file, a directory that holds anything but an assay run (the
 * inputs, a data/), or one inside another assay output (OUT/data/x: a rerun of OUT would clear its data/).
 */
export async function checkOutDir(outDir: string): Promise<void> {
  // Node's recursive mkdir retries ENOENT under /proc and /sys for ever: a spinning process, not an error.
  if (/^\/(proc|sys)(\/|$)/.test(resolve(outDir)))
    throw new OutputError(`--out ${outDir} is under a kernel file system; choose a directory on a disk`);
  const holder = await enclosingOutput(givenOut(outDir));
  if (holder !== null)
    throw new OutputError(
      `--out ${givenOut(outDir)} is inside the assay output ${holder}, whose files a rerun there would replace; choose a directory outside it`,
    );
  if (!existsSync(outDir)) return;
  if (!(await stat(outDir)).isDirectory()) throw new OutputError(`--out ${outDir} is a file; give a directory`);
  const entries = (await readdir(outDir)).filter((name) => !name.startsWith("."));
  if (!entries.every((name) => OUTPUT_ENTRIES.has(name)))
    throw new OutputError(`--out ${outDir} is not empty and holds no assay run; choose an empty or new directory`);
}

/** Where `path` really lies: the real path of its nearest existing ancestor (links followed), the rest appended. */
function realLocation(path: string): string {
  const absolute = resolve(path);
  let existing = absolute;
  while (!existsSync(existing)) existing = dirname(existing);
  return join(realpathSync(existing), relative(existing, absolute));
}

/** The nearest directory above `dir` that holds an assay output, finished or not; null for none. */
async function enclosingOutput(dir: string): Promise<string | null> {
  // From where the directory really is: a link to OUT/data, or into it, is inside OUT.
  for (let up = dirname(realLocation(dir)); ; up = dirname(up)) {
    if ((await isAssayOutput(up)) || (await isUnfinishedOutput(up))) return up;
    if (dirname(up) === up) return null;
  }
}

/**
 * Refuses a file, a foreign non-empty dir, or the output of another command or config; creates the dir. Idempotent.
 * `worldSize` is given by the stages that write per-rank outputs of one partitioning (not by dedup's buckets and
 * clusters, which may run on another number of tasks): a run of another world size is refused too.
 */
export async function prepareOutDir(outDir: string, hash: string, command: string, worldSize?: number): Promise<void> {
  await checkOutDir(outDir);
  const other = await existingManifest(outDir);
  refuseOtherCommand(outDir, other, command);
  if (worldSize !== undefined) refuseOtherWorldSize(outDir, other, worldSize);
  if (other && other.config_hash !== hash) {
    throw new OutputError(
      `--out ${givenOut(outDir)} holds a run with another config (hash ${other.config_hash}); choose a new directory or remove it`,
    );
  }
  await mkdir(outDir, { recursive: true });
}

/**
 * The manifest of the run already in `outDir`, merged or the lowest rank's, or null. One is enough: every rank of an
 * --out shares the command, config and world size (checked as each starts, and again when they merge).
 */
export async function existingManifest(outDir: string): Promise<Manifest | null> {
  if (!existsSync(outDir)) return null;
  const merged = await readJsonIfAny<Manifest>(join(outDir, "manifest.json"));
  if (merged) return merged;
  const anyRank = (await readdir(join(outDir, "ranks")).catch(() => [] as string[]))
    .sort()
    .find((n) => n.startsWith("manifest-"));
  return anyRank ? readJsonIfAny<Manifest>(join(outDir, "ranks", anyRank)) : null;
}

/**
 * Another command's output is not this command's to replace: `assay filter --out` over a finished `assay run` would
 * replace its shards and leave its stages beside them.
 */
export function refuseOtherCommand(outDir: string, existing: Manifest | null, command: string): void {
  if (existing && existing.command !== command)
    throw new OutputError(
      `--out ${givenOut(outDir)} holds the output of assay ${existing.command}; choose a new directory, or remove it first`,
    );
  // Nor is an unfinished one's (Ctrl-C during `assay run`): written over, that run could not be resumed there.
  const unfinished = existing ? null : stageWorkOf(outDir);
  if (unfinished !== null && unfinished !== command)
    throw new OutputError(
      `--out ${givenOut(outDir)} holds an unfinished assay ${unfinished}; run it again to finish it, or choose a new directory`,
    );
}

/**
 * Ranks of another world size took other shares of the inputs, so nothing of their run can be resumed, and their
 * shards (part-RRRRR-* like this run's) cannot be told from a live rank's of this run while both may be running:
 * clearing them is not safe, keeping them would put documents in data/ twice.
 */
export function refuseOtherWorldSize(outDir: string, existing: Manifest | null, worldSize: number): void {
  if (existing && existing.world_size !== worldSize)
    throw new OutputError(
      `--out ${givenOut(outDir)} holds a run of world size ${existing.world_size}, not ${worldSize}: resume it with --world-size ${existing.world_size}, or choose a new directory or remove it`,
    );
}

/** The directory the user named: a pass of `assay run` writes OUT/stages/<pass>, and the user gave OUT. */
function givenOut(outDir: string): string {
  const pass = basename(dirname(outDir)) === "stages" && (RUN_PASSES as readonly string[]).includes(basename(outDir));
  return pass ? dirname(dirname(outDir)) : outDir;
}

async function* sourceFiles(inputs: InputFile[], ingest: StepStats): AsyncGenerator<InputFile> {
  for (const input of inputs) {
    // An input that cannot be read counts no bytes; the first step turns it into a reject.
    ingest.bytesIn += (await stat(input.path).catch(() => null))?.size ?? 0;
    yield input;
  }
}

async function* countIn<T>(items: AsyncIterable<T>, stats: StepStats, isFirst: boolean): AsyncGenerator<T> {
  for await (const item of items) {
    stats.docsIn++;
    if (!isFirst) stats.bytesIn += Buffer.byteLength((item as Doc).text);
    yield item;
  }
}

async function* countOut(docs: AsyncIterable<Doc>, stats: StepStats): AsyncGenerator<Doc> {
  for await (const doc of docs) {
    stats.docsOut++;
    stats.bytesOut += Buffer.byteLength(doc.text);
    yield doc;
  }
}

async function* timed<T>(items: AsyncIterable<T>, layerMs: number[], layer: number): AsyncGenerator<T> {
  const iterator = items[Symbol.asyncIterator]();
  layerMs[layer] = 0;
  while (true) {
    const start = performance.now();
    const next = await iterator.next();
    layerMs[layer] = (layerMs[layer] ?? 0) + performance.now() - start;
    if (next.done) return;
    yield next.value;
  }
}

function samePaths(records: { path: string }[], inputs: InputFile[]): boolean {
  return records.length === inputs.length && records.every((record, i) => record.path === inputs[i]?.path);
}

function json(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}

/**
 * For a rank that had nothing to do: the run's merged manifest as it stands, or a merge if there is none yet. Merging
 * again would read shards that a rank rerunning beside this one may be deleting; a rank that reruns deletes the
 * merged manifest first, and the last to finish merges.
 */
async function mergedOrMerge(outDir: string, worldSize: number, report: boolean): Promise<Manifest | null> {
  const merged = await readJsonIfAny<Manifest>(join(outDir, "manifest.json"));
  if (merged?.world_size !== worldSize) return mergeIfComplete(outDir, worldSize, report);
  // A run made with --no-report gets its page when run again without it: the card points readers to it.
  if (report && !existsSync(join(outDir, "report.html")))
    await writeReport(outDir, merged, await readStats(outDir, null));
  return merged;
}

/**
 * Whichever rank finishes last sees every rank's manifest and writes the merged files; merging is idempotent.
 * `found`: the input list of the rank that just ran, which refuses ranks that found other inputs; a rank with nothing
 * to do passes none, and waits instead for the rank that found other inputs, which runs again.
 */
async function mergeIfComplete(
  outDir: string,
  worldSize: number,
  report: boolean,
  found?: InputList,
): Promise<Manifest | null> {
  const manifests: Manifest[] = [];
  const stats: StepStatsJson[][] = [];
  for (let rank = 0; rank < worldSize; rank++) {
    const manifest = await readJsonIfAny<Manifest>(rankManifestPath(outDir, rank));
    const rankStats = await readJsonIfAny<StepStatsJson[]>(rankStatsPath(outDir, rank));
    if (!manifest || !rankStats) return null;
    // Ranks of two world sizes were started side by side (an earlier run's world size is refused when a rank starts):
    // their shares of the inputs overlap, and no merge can come of them.
    if (manifest.world_size !== worldSize)
      throw new OutputError(
        `--out ${outDir}: rank ${manifest.rank} ran with world size ${manifest.world_size} and this rank with ${worldSize}; run every rank with one --world-size`,
      );
    // Ranks of one world size with two configs were started side by side (an earlier run's config is refused when a
    // rank starts): no merge can come of them, and waiting would be for ever.
    const first = manifests[0];
    if (first && manifest.config_hash !== first.config_hash)
      throw new OutputError(
        `--out ${outDir}: rank ${manifest.rank} ran with config ${manifest.config_hash} and rank ${first.rank} with ${first.config_hash}; run every rank with one config`,
      );
    const reference = found ?? manifests[0]?.input_list;
    if (reference !== undefined && !sameInputList(manifest.input_list, reference)) {
      if (found === undefined) return null;
      const other = manifest.input_list as InputList;
      throw new OutputError(
        `--out ${outDir}: rank ${manifest.rank} found ${other.files} input files and this rank ${found.files}${other.files === found.files ? ", other ones" : ""}: the inputs changed while the ranks started (files still arriving?), so their shares overlap and miss files; run every rank again once the inputs stop changing`,
      );
    }
    manifests.push(manifest);
    stats.push(rankStats);
  }
  const base = manifests[0] as Manifest;
  const data = manifests.flatMap((m) => m.shards.data);
  const rejects = manifests.flatMap((m) => m.shards.rejects);
  const docsIn = manifests.reduce((sum, m) => sum + m.counts.in, 0);
  const merged: Manifest = {
    ...base,
    rank: 0,
    world_size: worldSize,
    ranks: manifests.map((m) => m.rank),
    step_fingerprints: undefined,
    inputs: manifests.flatMap((m) => m.inputs).sort((a, b) => (a.path < b.path ? -1 : 1)),
    shards: { data, rejects },
    counts: counts(docsIn, data, rejects),
    started: manifests.map((m) => m.started).sort()[0] as string,
    finished: manifests
      .map((m) => m.finished)
      .sort()
      .at(-1) as string,
  };
  const steps = mergeStepStats(stats);
  // A rank rerunning beside this one deletes its manifest, then its shards: the run is then no longer complete, and
  // that rank merges when it finishes. The report reads every shard, so it goes first, and the manifests are read
  // again before the merged files are written. Shards gone while the manifests stand are damage, and an error.
  if (report) {
    try {
      await writeReport(outDir, merged, steps);
    } catch (error) {
      if (await sameManifests(outDir, manifests)) throw error;
      return null;
    }
  }
  if (!(await sameManifests(outDir, manifests))) return null;
  await writeFileAtomic(join(outDir, "stats.json"), json({ steps, counts: merged.counts }));
  await writeDatasetCard(outDir, merged, steps);
  await writeFileAtomic(join(outDir, "manifest.json"), json(merged));
  return merged;
}

/** Whether every rank's manifest on disk is still the one read. */
async function sameManifests(outDir: string, manifests: readonly Manifest[]): Promise<boolean> {
  for (const manifest of manifests) {
    const now = await readJsonIfAny<Manifest>(rankManifestPath(outDir, manifest.rank));
    if (JSON.stringify(now) !== JSON.stringify(manifest)) return false;
  }
  return true;
}
