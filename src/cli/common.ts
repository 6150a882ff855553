// What every pipeline command shares: common flags, rank from flags or the scheduler's environment, config,
// input discovery, progress on a terminal, and one-line errors.
import { stat } from "node:fs/promises";
import { availableParallelism } from "node:os";
import { join } from "node:path";
import { type ParseArgsConfig, parseArgs } from "node:util";
import { INPUT_FILES_RESUMED } from "../../ingest/ingest-counters.js";
import type { Config } from "../config.js";
import { ConfigError } from "../config-error.js";
import { isAssayOutput } from "../io/assay-output.js";
import { OutputError } from "../io/atomic.js";
import { discoverInputs, InputError, type InputFile, outputsInside, partition } from "../io/inputs.js";
import { StandardOutputClosed } from "../io/output-sink.js";
import type { Manifest } from "../manifest.js";
import { MIN_SCORE_MISSING, TIERS } from "../rank/tiers.js";
import { manifestPathOf } from "../rank-files.js";
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
                       this process's share of the inputs (default: a Slurm array's task among
                       SLURM_ARRAY_TASK_COUNT, or JOB_COMPLETION_INDEX with --world-size, else 0 of 1)
  --no-report          skip report.html (it costs a pass over the shards; 'assay report DIR' writes it later)
  -q, --quiet          no summary and no warnings (errors still print); progress shows only on a terminal
  -h, --help           this help`;

export function parse<O extends ParseArgsConfig["options"]>(argv: string[], options: O) {
  let parsed: ReturnType<
    typeof parseArgs<{ args: string[]; allowPositionals: true; strict: true; options: O; tokens: true }>
  >;
  try {
    parsed = parseArgs({ args: argv, allowPositionals: true, strict: true, options, tokens: true });
  } catch (error) {
    throw new UsageError(parseErrorLine(error as Error & { code?: string }));
  }
  // An unset shell variable (`--out "$OUT"`) must not mean the current directory, and of two values given for one
  // flag neither is surely the one meant.
  const seen = new Set<string>();
  for (const token of parsed.tokens) {
    if (token.kind !== "option") continue;
    if (token.value === "") throw new UsageError(`${token.rawName} needs a value, not an empty string`);
    const option = options?.[token.name];
    if (seen.has(token.name) && option?.type === "string" && !option.multiple)
      throw new UsageError(`${token.rawName} is given twice: give it once`);
    seen.add(token.name);
  }
  return { values: parsed.values, positionals: parsed.positionals };
}

/** node:util's parse errors in one line: they run to three, with quoting meant for a shell. */
function parseErrorLine(error: Error & { code?: string }): string {
  const option = /'(-[^']*)'/.exec(error.message)?.[1];
  if (error.code === "ERR_PARSE_ARGS_UNKNOWN_OPTION" && option) return `unknown option ${option}`;
  // "--keep-top -1": a value that starts with a dash reads as another option
  if (error.code === "ERR_PARSE_ARGS_INVALID_OPTION_VALUE" && /ambiguous/.test(error.message) && option)
    return `${option} needs a value (one that starts with "-" is written ${option}=-VALUE)`;
  return (error.message.split("\n")[0] as string).trim();
}

/** A flag's whole-number value (digits only), undefined when the flag is absent. */
export function wholeNumber(value: string | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value)) throw new UsageError(`${flag} takes a whole number, not "${value}"`);
  return Number(value);
}

/**
 * --rank/--world-size, else a Slurm array's variables, else a Kubernetes indexed Job's index (with --world-size: a
 * Job does not tell its completions to its pods), else rank 0 of 1.
 */
export function rankAndWorldSize(values: { rank?: string; "world-size"?: string }): {
  rank: number;
  worldSize: number;
} {
  const env = (name: string) => process.env[name] || undefined;
  const flagRank = wholeNumber(values.rank, "--rank");
  const flagWorld = wholeNumber(values["world-size"], "--world-size");
  const slurmTask = env("SLURM_ARRAY_TASK_ID");
  const jobIndex = env("JOB_COMPLETION_INDEX");
  const slurmCount = wholeNumber(env("SLURM_ARRAY_TASK_COUNT"), "SLURM_ARRAY_TASK_COUNT");
  let rank = flagRank ?? 0;
  // Inside a Slurm array, --rank alone keeps the array's size.
  const worldSize = flagWorld ?? (slurmTask !== undefined ? slurmCount : undefined) ?? 1;
  let from = "--rank";
  if (flagRank === undefined && slurmTask !== undefined) {
    // `--array=1-4` numbers tasks from 1 and `--array=0-9:2` steps by 2: the rank is the task's place in the array.
    const min = wholeNumber(env("SLURM_ARRAY_TASK_MIN") ?? "0", "SLURM_ARRAY_TASK_MIN") as number;
    const step = wholeNumber(env("SLURM_ARRAY_TASK_STEP") ?? "1", "SLURM_ARRAY_TASK_STEP") as number;
    rank = ((wholeNumber(slurmTask, "SLURM_ARRAY_TASK_ID") as number) - min) / Math.max(1, step);
    from = "SLURM_ARRAY_TASK_ID";
  } else if (flagRank === undefined && jobIndex !== undefined) {
    if (flagWorld === undefined)
      throw new UsageError("JOB_COMPLETION_INDEX is set: give --world-size, the Job's completions");
    rank = wholeNumber(jobIndex, "JOB_COMPLETION_INDEX") as number;
    from = "JOB_COMPLETION_INDEX";
  }
  if (worldSize < 1) throw new UsageError(`the world size must be at least 1, not ${worldSize}`);
  if (!Number.isInteger(rank) || rank < 0 || rank >= worldSize)
    throw new UsageError(`rank ${rank} (${from}) must be a whole number below the world size ${worldSize}`);
  return { rank, worldSize };
}

/** The flag that sets a config key, for naming a bad flag value as the user typed it. */
const FLAG_OF_KEY: Record<string, string> = {
  format: "--format",
  workers: "--workers",
  profile: "--profile",
  "ingest.ocr": "--ocr",
  "ingest.idPrefix": "--id-prefix",
};

/** Config keys only some commands apply; another command records them in its manifest but does nothing with them. */
const APPLIED_BY: Partial<Record<keyof Config, readonly string[]>> = { lm: ["run"], rights: ["run", "filter"] };

export async function commandConfig(
  values: { config?: string; format?: string; workers?: string; quiet?: boolean },
  extra: Record<string, unknown> = {},
  command?: string,
): Promise<Config> {
  const flags = { format: values.format, workers: wholeNumber(values.workers, "--workers"), ...extra };
  // Loaded here, not with this module: inspect, which has no config, imports this module too.
  const { loadConfig, parseConfig } = await import("../config.js");
  // Flags alone first, so that a bad value is named as the flag it came from (a usage mistake), not as a config key.
  try {
    parseConfig(flags, "flags");
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    const [, key = "", reason = error.message] = /^flags: (?:([\w.]+): )?(.*)$/.exec(error.message) ?? [];
    throw new UsageError(`${FLAG_OF_KEY[key] ?? (key || "a flag")}: ${reason}`);
  }
  const config = await loadConfig(values.config, flags);
  const cores = availableParallelism();
  // Allowed (a shared node may report fewer cores than the job owns), but each thread holds its own pdf.js, OCR
  // engine and models: more threads than cores cost memory and gain nothing.
  if (config.workers > cores && !values.quiet)
    process.stderr.write(`assay: ${config.workers} workers on ${cores} cores: threads will take turns\n`);
  for (const [key, commands = []] of Object.entries(APPLIED_BY))
    if (command && !commands.includes(command) && config[key as keyof Config] !== undefined && !values.quiet)
      process.stderr.write(
        `assay ${command}: the config's ${key} is applied by assay ${commands.join(" and ")}, not here\n`,
      );
  return config;
}

/** This rank's share of the inputs; `exclude`: directories never read as input (the command's own --out). */
export async function rankInputs(
  args: string[],
  rank: number,
  worldSize: number,
  exclude: readonly string[] = [],
): Promise<InputFile[]> {
  return (await everyRankInputs(args, worldSize, exclude))[rank] as InputFile[];
}

/** Every rank's share of the inputs, discovered once: what a barrier needs to check the other ranks' work. */
export async function everyRankInputs(
  args: string[],
  worldSize: number,
  exclude: readonly string[] = [],
): Promise<InputFile[][]> {
  if (args.length === 0) throw new UsageError("no inputs given");
  const all = await discoverInputs(args, exclude);
  // An earlier command's output that kept nothing is an input of no documents, not a mistake.
  const emptyOutput = async () => (await Promise.all(args.map(isAssayOutput))).some(Boolean);
  if (all.length === 0 && !(await emptyOutput())) {
    // A folder of earlier runs' outputs only: its walk leaves them out by design, which "nothing found" hid.
    const outputs = (await Promise.all(args.map((arg) => outputsInside(arg, exclude)))).flat();
    throw new InputError(
      `no PDF, JSONL or Parquet files found in ${args.join(" ")}` +
        (outputs.length > 0
          ? ` (a folder's assay outputs are not its input: name ${outputs.length === 1 ? "the output" : "each output"} to read it, e.g. ${outputs[0]})`
          : ""),
    );
  }
  // Every rank refuses alike: a rank whose share misses the input would otherwise clear and rewrite the shard.
  const { refuseInputsInOutput } = await import("../pipeline.js");
  for (const out of exclude) refuseInputsInOutput(out, all);
  return Array.from({ length: worldSize }, (_, rank) => partition(all, rank, worldSize));
}

/**
 * Refuses an output file that is one of the inputs, through links and hard links alike: it would be emptied, or
 * replaced, while it is read (`assay score v.jsonl --decisions v.jsonl` scored 0 docs).
 */
export async function refuseOverwritingInput(flag: string, path: string, inputs: readonly InputFile[]): Promise<void> {
  const out = await stat(path).catch(() => null);
  if (out === null) return;
  for (const input of inputs) {
    const info = await stat(input.path).catch(() => null);
    if (info?.dev === out.dev && info.ino === out.ino)
      throw new OutputError(`${flag} ${path} is the input ${input.path}: give the output another path`);
  }
}

/** A one-line progress display on stderr, only when stderr is a terminal. */
export function progressReporter(label: string, total: number): ((ingest: StepStats) => void) | undefined {
  if (!process.stderr.isTTY) return undefined;
  const start = Date.now();
  return (ingest) => {
    const seconds = (Date.now() - start) / 1000;
    let docs = ingest.docsOut;
    for (const n of ingest.rejectReasons.values()) docs += n;
    const pages = (ingest.counters.get("pages") ?? 0) + ingest.pagesInProgress;
    // Pages for PDFs; JSON Lines and Parquet inputs (and the later passes over shards) count documents only. Inputs
    // are counted as opened: ingest reads many PDFs at once, so a document done is the figure that moves with work.
    const rate = pages > 0 ? `, ${pages} pages, ${(pages / Math.max(seconds, 0.001)).toFixed(1)} pages/s` : "";
    // PDFs whose extraction a killed run or a first pass saved: their pages come at once, which the rate does not tell.
    const resumed = ingest.counters.get(INPUT_FILES_RESUMED) ?? 0;
    const saved = resumed > 0 ? ` (${resumed} resumed)` : "";
    process.stderr.write(`\r${label}: ${docs} docs done${rate}; ${ingest.docsIn}/${total} inputs opened${saved}   `);
  };
}

/**
 * Progress of a pass that reads documents outside the pipeline (rank's sketch, dedup's signatures), on a half-second
 * clock and only on a terminal: documents read and their rate. On a raw dump these passes score or sign every
 * document, most of the command's time (of assay rank's 7 CPU minutes on 1 GB of JSON Lines, ~6), and showed nothing.
 */
export async function* showingProgress<T extends { text: string }>(
  label: string,
  docs: AsyncIterable<T>,
): AsyncGenerator<T> {
  if (!process.stderr.isTTY) {
    yield* docs;
    return;
  }
  const start = Date.now();
  let count = 0;
  let chars = 0;
  const show = () => {
    const seconds = Math.max((Date.now() - start) / 1000, 0.001);
    const mb = chars / 1e6;
    process.stderr.write(
      `\r${label}: ${count} docs read, ${mb.toFixed(1)} M chars, ${(count / seconds).toFixed(0)} docs/s, ${(mb / seconds).toFixed(2)} M chars/s   `,
    );
  };
  const clock = setInterval(show, 500);
  clock.unref();
  try {
    for await (const doc of docs) {
      count++;
      chars += doc.text.length;
      yield doc;
    }
    show();
    process.stderr.write("\n");
  } finally {
    clearInterval(clock);
  }
}

export function printSummary(
  manifest: Manifest,
  outDir: string,
  stats: { name: string; reject_reasons: Record<string, number>; counters?: Record<string, number> }[],
): void {
  const { counts } = manifest;
  const reasons = new Map<string, number>();
  for (const step of stats)
    for (const [r, n] of Object.entries(step.reject_reasons)) reasons.set(r, (reasons.get(r) ?? 0) + n);
  const lines = [`${counts.in} docs in: ${counts.kept} kept, ${counts.rejected} rejected`];
  const resumed = stats.reduce((sum, step) => sum + (step.counters?.[INPUT_FILES_RESUMED] ?? 0), 0);
  if (resumed > 0)
    lines.push(
      `${resumed} PDFs taken from the extractions an interrupted run or this command's first pass saved, not read again`,
    );
  for (const [reason, n] of [...reasons.entries()].sort((a, b) => b[1] - a[1]))
    lines.push(`  ${String(n).padStart(6)}  ${reason}`);
  const { data, rejects } = manifest.shards;
  const where = [...(data.length > 0 ? [`${outDir}/data`] : []), ...(rejects.length > 0 ? [`${outDir}/rejects`] : [])];
  const shards = `${data.length + rejects.length} shards${where.length > 0 ? ` in ${where.join(" and ")}` : ""}`;
  lines.push(`${shards}; manifest: ${manifestPathOf(outDir, manifest)}`);
  // A ranked output answers "how many tokens of tier A": rank's counters, under whichever pass ran it
  const ranked = stats.find((step) => step.name === "rank");
  let kept = 0;
  for (const tier of ranked ? TIERS : []) {
    const docs = ranked?.counters?.[`tier:${tier}`] ?? 0;
    const tokens = ranked?.counters?.[`tier_tokens:${tier}`] ?? 0;
    kept += tokens;
    lines.push(`  tier ${tier}: ${docs} docs kept, ${tokens} whitespace tokens`);
  }
  const budget = manifest.config?.rank?.keepTokens;
  if (ranked && budget !== undefined) lines.push(`  --keep-tokens ${budget}: ${kept} whitespace tokens kept`);
  // A document without the score a --min-score names is not held to it: say how many, or the selection looks stricter
  // than it was (an older output's shards without a newer score, a score only OCR'd pages carry)
  for (const [counter, n] of Object.entries(ranked?.counters ?? {}))
    if (counter.startsWith(`${MIN_SCORE_MISSING}:`) && n > 0)
      lines.push(`  --min-score ${counter.slice(MIN_SCORE_MISSING.length + 1)}: ${n} docs without it, not held to it`);
  process.stdout.write(`${lines.join("\n")}\n`);
}

/**
 * Maps an error to a one-line message and exit status: 2 for usage, 1 for config, input and output problems. A reader
 * that closed standard output early (`assay score docs --decisions - | head -1`) took what it wanted: the command
 * ends quietly with 0, as `assay inspect OUT | head -1` does (src/cli.ts), so `set -o pipefail` scripts go on.
 */
export function errorExit(command: string, error: unknown): number {
  if (error instanceof StandardOutputClosed) return 0;
  const message = (error as Error)?.message ?? String(error);
  if (error instanceof UsageError) {
    process.stderr.write(`assay ${command}: ${message} (see 'assay ${command} --help')\n`);
    return 2;
  }
  if (error instanceof ConfigError || error instanceof InputError || error instanceof OutputError) {
    process.stderr.write(`assay ${command}: ${message}\n`);
    return 1;
  }
  const system = systemErrorLine(error);
  if (system) {
    process.stderr.write(`assay ${command}: ${system}\n`);
    return 1;
  }
  throw error;
}

/** What to do about a file system error, by its code. */
const SYSTEM_ERROR_HINTS: Record<string, string> = {
  EACCES: "permission denied: choose a path you can write, or fix its permissions",
  EPERM: "not permitted: choose a path you can write, or fix its permissions",
  EROFS: "read-only file system: choose another path",
  ENOSPC: "no space left on the device: free some or choose another path",
  EDQUOT: "disk quota exceeded: free some or choose another path",
  ENOTDIR: "a part of the path is a file, not a directory",
  EISDIR: "is a directory: give a file's path",
  ENOENT: "no such file or directory: check the path, or create its parent directory first",
  EEXIST: "already exists",
  EMFILE: "too many open files: raise the limit (ulimit -n)",
};

/** One line for a file system error (EACCES writing --out, a full disk), or null for any other error. */
function systemErrorLine(error: unknown): string | null {
  const e = error as NodeJS.ErrnoException;
  const hint = typeof e?.code === "string" ? SYSTEM_ERROR_HINTS[e.code] : undefined;
  if (hint === undefined) return null;
  const where = e.path === undefined ? "" : `${e.syscall ?? "access"} ${e.path}: `;
  return `${where}${hint} (${e.code})`;
}
