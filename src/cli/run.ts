// `assay run`: the whole path. One streaming pass (ingest → filter stack → density), then on one machine the
// barrier stages over its output: dedup, then global ranking. Each pass keeps its own directory under
// OUT/stages/; OUT/data, OUT/rejects, manifest.json and stats.json fold them together.

import { readFile, rm } from "node:fs/promises";
import { join } from "node:path";
import { densityStep } from "../../filters/density/density.js";
import { CorruptModelError, NgramModel } from "../../filters/ngram-lm/model.js";
import { USER_LM_SCORES, userLmStep } from "../../filters/ngram-lm/perplexity.js";
import { filterSteps } from "../../filters/stack.js";
import { composeStages } from "../compose-stages.js";
import { ConfigError } from "../config.js";
import { writeFileAtomic } from "../io/atomic.js";
import { readJsonIfAny } from "../io/read-json.js";
import type { Manifest } from "../manifest.js";
import {
  checkOutDir,
  existingManifest,
  RUN_PASSES,
  refuseOtherCommand,
  refuseOtherWorldSize,
  shardsAsWritten,
} from "../pipeline.js";
import { readStats } from "../read-stats.js";
import {
  COMMON_HELP,
  COMMON_OPTIONS,
  commandConfig,
  errorExit,
  parse,
  printSummary,
  rankAndWorldSize,
  rankInputs,
  UsageError,
} from "./common.js";
import { dedupCommand } from "./dedup.js";
import { runPipelineCommand } from "./pipeline-command.js";
import { rankCommand } from "./rank.js";
import {
  checkMinScoreNames,
  RANK_FLAG_LIST,
  RANK_FLAGS,
  RANK_FLAGS_HELP,
  rankFlagArgs,
  rankOverrides,
} from "./rank-flags.js";
import { RIGHTS_FLAGS, RIGHTS_FLAGS_HELP, rightsOverrides, rightsSteps } from "./rights-flags.js";

export const RUN_USAGE = `usage: assay run <inputs...> --out DIR [--config FILE] [--format parquet|jsonl] [--workers N]
                 [--profile papers|web] [--ocr auto|always|never] [--id-prefix P] [--no-dedup] [--no-rank]
                 [--keep-top P] [--keep-tokens N] [--min-tier A|B|C|D] [--min-score S=V,...] [--cuts A,B,C]
                 [--rank-within run|length] [--lm MODEL] [--arxiv-metadata F] [--licenses L,...]
  PDFs, JSONL or Parquet docs (files, directories or quoted globs) through ingest, the filter stack and density
  scoring, then dedup and global ranking. Kept docs go to OUT/data/ with rank_pct and tier, every dropped one to
  OUT/rejects/ with its stage and reason; each pass's own output stays in OUT/stages/.
  With --world-size > 1 only the streaming pass runs: dedup and rank are barrier stages, run them with
  'assay dedup' and 'assay rank' once every rank has finished.
  --profile P          papers (default): thresholds measured on scientific text; web: datatrove's defaults
  --ocr MODE           auto (default), always or never
  --id-prefix P        put P before the ids made from PDF paths, e.g. the night's name, so that files of one name
                       on different nights keep apart (records keep their own ids; config: ingest.idPrefix)
  --no-dedup           skip dedup        --no-rank    skip global ranking
  --lm MODEL           also score each doc the filters keep against your own LM ('assay lm train'):
                       lm_perplexity, lm_oov
${RANK_FLAGS_HELP}
${RIGHTS_FLAGS_HELP}
${COMMON_HELP}`;

const RUN_OPTIONS = {
  profile: { type: "string" },
  ocr: { type: "string" },
  "id-prefix": { type: "string" },
  "no-dedup": { type: "boolean" },
  "no-rank": { type: "boolean" },
  lm: { type: "string" },
  ...RANK_FLAGS,
  ...RIGHTS_FLAGS,
} as const;

/** The user's LM, or a one-line error that says what to do. */
function loadUserLm(path: string): NgramModel {
  try {
    return NgramModel.load(path);
  } catch (error) {
    // A damaged model's message already says to train it again.
    if (error instanceof CorruptModelError) throw new ConfigError(`lm ${path}: ${error.message}`);
    const reason = (error as NodeJS.ErrnoException).code === "ENOENT" ? "no such file" : (error as Error).message;
    throw new ConfigError(`lm ${path}: ${reason}; make one with 'assay lm train'`);
  }
}

/** The config `run`'s own flags set. */
function runOverrides(values: Record<string, unknown>): Record<string, unknown> {
  return {
    profile: values.profile,
    lm: values.lm,
    ingest: { ocr: values.ocr, idPrefix: values["id-prefix"] },
    ...rankOverrides(values),
    ...rightsOverrides(values),
  };
}

/** The streaming pass: ingest, filters, density, and with --lm the user's LM. */
function streamingPass(argv: string[]): Promise<number> {
  return runPipelineCommand(
    {
      name: "run",
      usage: RUN_USAGE,
      options: RUN_OPTIONS,
      configFrom: runOverrides,
      steps: async (config, values) => [
        ...(await rightsSteps(config, values.quiet === true)),
        ...filterSteps(config.profile),
        densityStep(undefined, { workers: config.workers }),
        ...(config.lm === undefined ? [] : [userLmStep(loadUserLm(config.lm))]),
      ],
    },
    argv,
  );
}

/** argv with `--out` pointed elsewhere, the chain's own switches removed, the pass quiet and without a report of its own. */
function withOut(argv: string[], out: string): string[] {
  const result: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg === "--no-dedup" || arg === "--no-rank" || arg.startsWith("--out=")) continue;
    if (arg === "--out") {
      i++;
      continue;
    }
    result.push(arg);
  }
  return [...result, "--out", out, "--quiet", "--no-report"];
}

/**
 * The flags of the passes after the first: the run's whole config, as the first pass's manifest records it, in
 * OUT/stages/config.json, so that every pass hashes the config OUT/manifest.json names and every row of the output
 * carries that config_hash (flags only the first pass applies, --ocr, --profile, --licenses, --lm, shape the run
 * too). A later pass an older assay wrote under a config hashed without them is done again, not refused.
 */
async function laterPassFlags(stages: string, workers: number): Promise<string[]> {
  const first = JSON.parse(await readFile(join(stages, "filter", "manifest.json"), "utf8")) as Manifest;
  for (const pass of RUN_PASSES.slice(1)) {
    const previous = await existingManifest(join(stages, pass));
    if (previous && previous.config_hash !== first.config_hash)
      await rm(join(stages, pass), { recursive: true, force: true });
  }
  const path = join(stages, "config.json");
  await writeFileAtomic(path, `${JSON.stringify({ ...first.config, workers }, null, 2)}\n`);
  return ["--config", path];
}

export async function runCommand(argv: string[]): Promise<number> {
  let values: Record<string, unknown>;
  let worldSize: number;
  let workers: number;
  try {
    const parsed = parse(argv, { ...COMMON_OPTIONS, ...RUN_OPTIONS });
    values = parsed.values;
    if (values.help) {
      process.stdout.write(`${RUN_USAGE}\n`);
      return 0;
    }
    if (typeof values.out !== "string") throw new UsageError("--out DIR is required");
    if (values["no-rank"] && rankFlagArgs(values).length > 0) {
      throw new UsageError(`${RANK_FLAG_LIST} shape ranking: drop --no-rank or them`);
    }
    // The passes write under OUT/stages: OUT itself must be checked here, or a run would write into any directory.
    await checkOutDir(values.out);
    const existing = await existingManifest(values.out);
    refuseOtherCommand(values.out, existing, "run");
    worldSize = rankAndWorldSize(values).worldSize;
    // Rank is a later stage of its own there: flags shaping it here would be recorded and never applied.
    if (worldSize > 1 && rankFlagArgs(values).length > 0)
      throw new UsageError(`with --world-size > 1, rank runs later as 'assay rank': give it ${RANK_FLAG_LIST}`);
    refuseOtherWorldSize(values.out, existing, worldSize);
    // The passes are quiet: the config is read here once to say what they would (more workers than cores), and a
    // bad flag value (--ocr sometimes) or a misspelt --min-score is refused before the inputs are looked for or any
    // pass runs.
    const config = await commandConfig(values, runOverrides(values));
    workers = config.workers;
    // The passes write under OUT/stages, so their own check does not see OUT/data, which the run clears at the end.
    const inputs = await rankInputs(parsed.positionals, 0, 1, [values.out]);
    const stepScores = [
      ...filterSteps(config.profile).flatMap((step) => step.scoreNames),
      ...(config.lm === undefined ? [] : USER_LM_SCORES),
    ];
    if (!values["no-rank"])
      await checkMinScoreNames(
        { rank: config.rank, file: values.config as string | undefined },
        values,
        inputs,
        stepScores,
      );
  } catch (error) {
    return errorExit("run", error);
  }
  const out = values.out as string;
  const chained = worldSize === 1 && !(values["no-dedup"] && values["no-rank"]);
  if (!chained) return streamingPass(argv.filter((a) => a !== "--no-dedup" && a !== "--no-rank"));

  const stages = join(out, "stages");
  // Each pass resumes on its own and quietly: a chain whose passes' manifests all stay as they were did nothing.
  const passManifests = () =>
    RUN_PASSES.map((pass) => readFile(join(stages, pass, "manifest.json"), "utf8").catch(() => null));
  const before = await Promise.all(passManifests());
  const passes = [join(stages, "filter")];
  let status = await streamingPass(withOut(argv, passes[0] as string));
  // Later passes read the previous pass's shards, under the run's config.
  const shared = status === 0 ? await laterPassFlags(stages, workers) : [];
  if (status === 0 && !values["no-dedup"]) {
    const dedupOut = join(stages, "dedup");
    status = await dedupCommand([passes.at(-1) as string, ...shared, "--out", dedupOut, "--quiet", "--no-report"]);
    passes.push(dedupOut);
  }
  if (status === 0 && !values["no-rank"]) {
    const rankOut = join(stages, "rank");
    const selection = rankFlagArgs(values);
    status = await rankCommand([
      passes.at(-1) as string,
      ...shared,
      ...selection,
      "--out",
      rankOut,
      "--quiet",
      "--no-report",
    ]);
    passes.push(rankOut);
  }
  if (status !== 0) return status;
  // A shard of OUT deleted or cut short is placed again from the passes below: work done, though no pass ran.
  const composed = await readJsonIfAny<Manifest>(join(out, "manifest.json"));
  const resumed =
    before.some((m) => m !== null) &&
    (await Promise.all(passManifests())).every((m, i) => m === before[i]) &&
    composed !== null &&
    (await shardsAsWritten(out, composed));
  const manifest = await composeStages(out, passes, "run", !values["no-report"]);
  if (values.quiet) return 0;
  if (resumed) process.stdout.write(`${out} was already complete: nothing to do\n`);
  printSummary(manifest, out, await readStats(out, null));
  return 0;
}
