// Run configuration: a JSON file and CLI flags, validated by one zod schema. Unknown keys are errors.
import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import { availableParallelism } from "node:os";
import { z } from "zod";
import { BACK_MATTER, type BackMatter } from "../ingest/layout/back-matter.js";
import { ConfigError } from "./config-error.js";
import { RANK_WITHIN } from "./rank/length-classes.js";
import { RANK_DEFAULTS, TIERS } from "./rank/tiers.js";

export const INGEST_DEFAULTS = {
  ocr: "auto" as const,
  /** Documents with more pages are rejected `too_many_pages` before any page is read. */
  maxPages: 5000,
  /**
   * Limit on a document's time without progress (its opening or any one page): the worker is stopped and the
   * document rejected `timeout`. A long scan that advances page by page is never cut off.
   */
  timeoutSeconds: 600,
  /** Per-worker heap limit: a document that exceeds it is rejected `worker_crash`. */
  maxMemoryMb: 4096,
  /** PDFs whose permissions forbid text extraction: rejected `extraction_not_permitted` unless "extract". */
  copyProtected: "reject" as const,
  /** Gzip-compressed PDFs: rejected `not_pdf:gzip` unless true. */
  gunzip: false as boolean,
  /** Back matter cut from the text: any of "references", "acknowledgements", "appendix". */
  dropSections: [] as readonly BackMatter[],
};

export const SHARD_DEFAULTS = { maxRows: 50_000, maxBytes: 256 * 1024 * 1024 } as const;

const IngestSchema = z.strictObject({
  ocr: z.enum(["auto", "always", "never"]).default(INGEST_DEFAULTS.ocr),
  maxPages: z.int().min(1).default(INGEST_DEFAULTS.maxPages),
  timeoutSeconds: z.number().positive().default(INGEST_DEFAULTS.timeoutSeconds),
  maxMemoryMb: z.int().min(64).default(INGEST_DEFAULTS.maxMemoryMb),
  copyProtected: z.enum(["reject", "extract"]).default(INGEST_DEFAULTS.copyProtected),
  gunzip: z.boolean().default(INGEST_DEFAULTS.gunzip),
  /**
   * Put before the id made from a PDF's path (records keep their own): ids that stay unique across runs whose files
   * share names, such as nightly drop folders (scripts/nightly.sh passes the night). Absent: none.
   */
  idPrefix: z.string().min(1).optional(),
  dropSections: z.array(z.enum(BACK_MATTER)).default(() => [...INGEST_DEFAULTS.dropSections]),
});

const ShardSchema = z.strictObject({
  maxRows: z.int().min(1).default(SHARD_DEFAULTS.maxRows),
  maxBytes: z.int().min(1024).default(SHARD_DEFAULTS.maxBytes),
});

const share = z.number().min(0).max(1);
const RankSchema = z.strictObject({
  /** Lowest rank_pct of tiers A, B and C. */
  cuts: z
    .strictObject({ A: share, B: share, C: share })
    .refine((c) => c.A >= c.B && c.B >= c.C, "tier cuts must satisfy A >= B >= C")
    .default(() => ({ ...RANK_DEFAULTS.cuts })),
  /** Keep the top share of the run by density; 1 keeps all. */
  keepTop: z.number().gt(0).max(1).default(RANK_DEFAULTS.keepTop),
  /** Keep the run's best documents up to this many whitespace tokens in all; absent keeps all. */
  keepTokens: z.int().min(1).optional(),
  /** Keep this tier and the ones above it. */
  minTier: z
    .preprocess((t) => (typeof t === "string" ? t.toUpperCase() : t), z.enum(TIERS))
    .default(RANK_DEFAULTS.minTier),
  /** Keep only documents whose named scores reach these values (a document without the score is not held to it). */
  minScores: z.record(z.string().min(1), z.number()).default(() => ({ ...RANK_DEFAULTS.minScores })),
  /** "run" (absent): rank_pct among the whole run; "length": among the run's texts of the same length class. */
  within: z.enum(RANK_WITHIN).optional(),
});

const RightsSchema = z.strictObject({
  /** arXiv's metadata JSON Lines (id, license): fills `license` of papers by their arXiv id. */
  arxivMetadata: z.string().min(1).optional(),
  /** Licences a document must have (SPDX ids or arXiv's licence URLs; "open" for the open ones); others are dropped. */
  licenses: z.array(z.string().min(1)).min(1).optional(),
});

export const ConfigSchema = z.strictObject({
  format: z.enum(["parquet", "jsonl"]).default("parquet"),
  /** Worker threads for CPU-heavy steps; does not change the output, so it is left out of config_hash. */
  workers: z.int().min(1).max(256).default(Math.min(availableParallelism(), 8)),
  /** Filter profile: `papers` (thresholds measured on scientific text) or `web` (datatrove's defaults). */
  profile: z.enum(["papers", "web"]).default("papers"),
  shard: ShardSchema.prefault({}),
  ingest: IngestSchema.prefault({}),
  rank: RankSchema.prefault({}),
  /**
   * A word LM from `assay lm train` (e.g. on a past run's tier A): `assay run` adds each document's perplexity
   * against it (lm_perplexity) and its unknown-word share (lm_oov). Density keeps the shipped LM it was fitted with.
   */
  lm: z.string().min(1).optional(),
  /** Licences: joined from arXiv's metadata, and a selection by licence (filters/rights/). Absent: neither. */
  rights: RightsSchema.optional(),
});

export type Config = z.infer<typeof ConfigSchema>;
export type IngestConfig = Config["ingest"];

export { ConfigError };

/** Reads an optional JSON config file, lays CLI overrides on top, and validates the result. */
export async function loadConfig(file: string | undefined, overrides: Record<string, unknown>): Promise<Config> {
  let base: Record<string, unknown> = {};
  if (file !== undefined) {
    let text: string;
    try {
      text = await readFile(file, "utf8");
    } catch (error) {
      throw new ConfigError(`cannot read config file ${file}: ${(error as NodeJS.ErrnoException).code ?? error}`);
    }
    try {
      base = JSON.parse(text);
    } catch (error) {
      // V8 quotes the text near the error, line breaks and all: one line, as every error is.
      const problem = (error as Error).message.replace(/\r?\n/g, "\\n");
      throw new ConfigError(`config file ${file} is not valid JSON: ${problem}`);
    }
    if (base === null || typeof base !== "object" || Array.isArray(base)) {
      throw new ConfigError(`config file ${file} must hold a JSON object`);
    }
  }
  return parseConfig(deepMerge(base, overrides), file ?? "flags");
}

export function parseConfig(value: unknown, origin = "config"): Config {
  const result = ConfigSchema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  if (!issue) throw new ConfigError(`${origin}: invalid config`);
  const path = issue.path.join(".");
  const where = path === "" ? "" : `${path}: `;
  const known = issue.code === "unrecognized_keys" ? keysAt(issue.path) : [];
  const hint = known.length > 0 ? `; the keys here are ${known.join(", ")}` : "";
  throw new ConfigError(`${origin}: ${where}${issue.message}${hint}`);
}

/** The keys the config schema allows at `path` (defaults and optionals looked through), to name after a typo. */
function keysAt(path: readonly PropertyKey[]): string[] {
  let schema: unknown = ConfigSchema;
  for (const key of [...path, null]) {
    while (schema && typeof schema === "object" && !("shape" in schema) && "unwrap" in schema)
      schema = (schema as { unwrap(): unknown }).unwrap();
    const shape = (schema as { shape?: Record<string, unknown> } | undefined)?.shape;
    if (!shape) return [];
    if (key === null) return Object.keys(shape);
    schema = shape[String(key)];
  }
  return [];
}

function deepMerge(base: Record<string, unknown>, over: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(over)) {
    if (value === undefined) continue;
    const current = out[key];
    // An override object merges into an empty one when the base has none, so its unset flags (undefined) are left
    // out at every depth: a key present as undefined would hash differently from the manifest's JSON of the config.
    out[key] = isPlainObject(value)
      ? deepMerge(isPlainObject(current) ? (current as Record<string, unknown>) : {}, value as Record<string, unknown>)
      : value;
  }
  return out;
}

function isPlainObject(value: unknown): boolean {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

/** Paths of the files the config names whose content shapes the output. */
export function configFiles(config: Config): string[] {
  return [config.lm, config.rights?.arxivMetadata].filter((path): path is string => path !== undefined);
}

/** Stable hash of everything that shapes the output (key order does not matter; `workers` is excluded). */
export function configHash(config: Config): string {
  const { workers: _workers, ...shaping } = config;
  return createHash("sha256").update(canonicalJson(shaping)).digest("hex").slice(0, 16);
}

export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (value !== null && typeof value === "object") {
    const entries = Object.keys(value as object)
      .sort()
      .map((key) => `${JSON.stringify(key)}:${canonicalJson((value as Record<string, unknown>)[key])}`);
    return `{${entries.join(",")}}`;
  }
  return JSON.stringify(value);
}
