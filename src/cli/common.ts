// What every pipeline command shares: common flags, rank from flags or the scheduler's environment, config,
// input discovery, progress on a terminal, and one-line errors.
import { type ParseArgsConfig, parseArgs } from "node:util";
import { type Config, ConfigError, loadConfig } from "../config.js";
import { discoverInputs, InputError, type InputFile, isAssayOutput, partition } from "../io/inputs.js";
import type { Manifest } from "../manifest.js";
import type { StepStats } from "../stats.js";

export class UsageError extends Error {}

export const COMMON_OPTIONS = {
  out: { type: "string" },
  config: { type: "string" },
  format: { type: "string" },
  workers: { type: "string" },
  rank: { type: "string" },
  "world-size": { type: "string" },
  quiet: { type: "boolean", short: "q" },
  "no-report": { type: "boolean" },
  help: { type: "boolean", short: "h" },
} as const satisfies ParseArgsConfig["options"];

export interface CommonValues {
  out?: string;
  config?: string;
  format?: string;
  workers?: string;
  rank?: string;
  "world-size"?: string;
  quiet?: boolean;
  "no-report"?: boolean;
  help?: boolean;
}

export const COMMON_HELP = `  --out DIR            output directory (data/, rejects/, manifest.json, stats.json, README.md
                       dataset card, report.html)
  --config FILE        JSON config (see README); flags override it
  --format F           parquet (default) or jsonl
  --workers N          worker threads for CPU-heavy steps (default: cores, up to 8)
  --rank R --world-size W
                       this process's share of the inputs (default: SLURM_ARRAY_TASK_ID/COUNT or
                       JOB_COMPLETION_INDEX, else 0 of 1)
  --no-report          skip report.html (it costs a pass over the shards; 'assay report DIR' writes it later)
  -q, --quiet          no summary; progress is shown only on a terminal anyway
  -h, --help           this help`;

export function parse<O extends ParseArgsConfig["options"]>(argv: string[], options: O) {
  try {
    return parseArgs({ args: argv, allowPositionals: true, strict: true, options });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

/** A flag's whole-number value (digits only), undefined when the flag is absent. */
export function wholeNumber(value: string | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value)) throw new UsageError(`${flag} takes a whole number, not "${value}"`);
  return Number(value);
}

/** --rank/--world-size, else Slurm array or Kubernetes indexed-job variables, else rank 0 of 1. */
export function rankAndWorldSize(values: { rank?: string; "world-size"?: string }): {
  rank: number;
  worldSize: number;
} {
  const env = (name: string) => process.env[name] || undefined;
  const rank = wholeNumber(values.rank ?? env("SLURM_ARRAY_TASK_ID") ?? env("JOB_COMPLETION_INDEX"), "--rank") ?? 0;
  const worldSize =
    wholeNumber(values["world-size"] ?? env("SLURM_ARRAY_TASK_COUNT") ?? env("JOB_COMPLETION_COUNT"), "--world-size") ??
    1;
  if (worldSize < 1 || rank >= worldSize)
    throw new UsageError(`--rank ${rank} must be below --world-size ${worldSize}`);
  return { rank, worldSize };
}

export async function commandConfig(
  values: { config?: string; format?: string; workers?: string },
  extra: Record<string, unknown> = {},
): Promise<Config> {
  return loadConfig(values.config, {
    format: values.format,
    workers: wholeNumber(values.workers, "--workers"),
    ...extra,
  });
}

/** This rank's share of the inputs; `exclude`: directories never read as input (the command's own --out). */
export async function rankInputs(
  args: string[],
  rank: number,
  worldSize: number,
  exclude: readonly string[] = [],
): Promise<InputFile[]> {
  if (args.length === 0) throw new UsageError("no inputs given");
  const all = await discoverInputs(args, exclude);
  // An earlier command's output that kept nothing is an input of no documents, not a mistake.
  const emptyOutput = async () => (await Promise.all(args.map(isAssayOutput))).some(Boolean);
  if (all.length === 0 && !(await emptyOutput()))
    throw new InputError(`no PDF, JSONL or Parquet files found in ${args.join(" ")}`);
  return partition(all, rank, worldSize);
}

/** A one-line progress display on stderr, only when stderr is a terminal. */
export function progressReporter(label: string, total: number): ((ingest: StepStats) => void) | undefined {
  if (!process.stderr.isTTY) return undefined;
  const start = Date.now();
  return (ingest) => {
    const seconds = (Date.now() - start) / 1000;
    const done = ingest.docsIn;
    const pages = ingest.counters.get("pages") ?? 0;
    process.stderr.write(
      `\r${label}: ${done}/${total} inputs, ${pages} pages, ${(pages / Math.max(seconds, 0.001)).toFixed(1)} pages/s   `,
    );
  };
}

export function printSummary(
  manifest: Manifest,
  outDir: string,
  stats: { reject_reasons: Record<string, number> }[],
): void {
  const { counts } = manifest;
  const reasons = new Map<string, number>();
  for (const step of stats)
    for (const [r, n] of Object.entries(step.reject_reasons)) reasons.set(r, (reasons.get(r) ?? 0) + n);
  const lines = [`${counts.in} docs in: ${counts.kept} kept, ${counts.rejected} rejected`];
  for (const [reason, n] of [...reasons.entries()].sort((a, b) => b[1] - a[1]))
    lines.push(`  ${String(n).padStart(6)}  ${reason}`);
  const shards = manifest.shards.data.length + manifest.shards.rejects.length;
  lines.push(`${shards} shards in ${outDir}/data and ${outDir}/rejects; manifest: ${outDir}/manifest.json`);
  process.stdout.write(`${lines.join("\n")}\n`);
}

/** Maps an error to a one-line message and exit status: 2 for usage, 1 for config, input and output problems. */
export function errorExit(command: string, error: unknown): number {
  const message = (error as Error)?.message ?? String(error);
  if (error instanceof UsageError) {
    process.stderr.write(`assay ${command}: ${message} (see 'assay ${command} --help')\n`);
    return 2;
  }
  if (error instanceof ConfigError || error instanceof InputError) {
    process.stderr.write(`assay ${command}: ${message}\n`);
    return 1;
  }
  throw error;
}
