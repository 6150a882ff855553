// The shape of `run`, `ingest` and `filter`: inputs → ingest step → command-specific steps → shards.
import type { ParseArgsConfig } from "node:util";
import { ingestStep } from "../../ingest/ingest-step.js";
import type { Config } from "../config.js";
import { OutputError } from "../io/atomic.js";
import type { InputFile } from "../io/inputs.js";
import { runPipeline } from "../pipeline.js";
import { readStats } from "../read-stats.js";
import type { Step } from "../step.js";
import {
  COMMON_OPTIONS,
  type CommonValues,
  commandConfig,
  errorExit,
  everyRankInputs,
  parse,
  printSummary,
  progressReporter,
  rankAndWorldSize,
  UsageError,
} from "./common.js";

export interface RankShare {
  inputs: InputFile[];
  rank: number;
  worldSize: number;
}

export interface PipelineCommand<O extends ParseArgsConfig["options"]> {
  name: string;
  usage: string;
  options: O;
  /** Config overrides from command-specific flags. */
  configFrom?(values: Record<string, unknown>): Record<string, unknown>;
  /** `share` is this rank's part of the run, for steps that need it (dedup runs its earlier stages here). */
  steps(config: Config, values: Record<string, unknown>, share: RankShare): Step[] | Promise<Step[]>;
}

export async function runPipelineCommand<O extends ParseArgsConfig["options"]>(
  command: PipelineCommand<O>,
  argv: string[],
): Promise<number> {
  try {
    const { values, positionals } = parse(argv, { ...COMMON_OPTIONS, ...command.options });
    const v = values as Record<string, unknown> & CommonValues;
    if (v.help) {
      process.stdout.write(`${command.usage}\n`);
      return 0;
    }
    if (!v.out) throw new UsageError("--out DIR is required");
    const { rank, worldSize } = rankAndWorldSize(v);
    const config = await commandConfig(v, command.configFrom?.(v) ?? {}, command.name);
    const shares = await everyRankInputs(positionals, worldSize, [v.out]);
    const inputs = shares[rank] as InputFile[];
    const steps = await command.steps(config, v, { inputs, rank, worldSize });
    const result = await runPipeline({
      command: command.name,
      inputs,
      schemaInputs: shares.flat(),
      outDir: v.out,
      config,
      rank,
      worldSize,
      first: ingestStep({ config: config.ingest, workers: config.workers }),
      steps,
      report: !v["no-report"],
      onProgress: progressReporter(`assay ${command.name}`, inputs.length),
    });
    if (process.stderr.isTTY) process.stderr.write("\n");
    if (!v.quiet) {
      if (result.resumed) process.stdout.write(`rank ${rank} was already complete in ${v.out}: nothing to do\n`);
      printSummary(result.merged ?? result.manifest, v.out, await readStats(v.out, result.merged ? null : rank));
      if (!result.merged)
        process.stdout.write(`waiting for other ranks: ${v.out}/manifest.json is written by the last\n`);
    }
    return 0;
  } catch (error) {
    if (error instanceof OutputError) {
      process.stderr.write(`assay ${command.name}: ${error.message}\n`);
      return 1;
    }
    return errorExit(command.name, error);
  }
}
