// One streaming pass over a finished run's shards gathering what report.html shows: kept documents and tokens per
// tier, what set density per tier, reject reasons with an example each, a sample of every numeric column (kept and
// rejected apart) for the distributions, and sample documents per tier. Memory is bounded by the sample sizes.
import { existsSync } from "node:fs";
import { join } from "node:path";
import { countChars } from "../io/columns.js";
import { InputError } from "../io/inputs.js";
import { type ShardRow, shardRows } from "../io/shard-rows.js";
import type { Manifest } from "../manifest.js";
import { countTokens } from "../python-space.js";
import { densitySetBy } from "../rank/density-set-by.js";
import { manifestPathOf } from "../rank-files.js";
import { IdSample, sampleKey } from "./id-sample.js";

export const REPORT_DEFAULTS = {
  /** Sample documents shown per tier. */
  samplesPerTier: 3,
  /** Documents whose numeric columns draw the distributions; counts and tiers use every document. */
  distributionSample: 20_000,
  /** Characters of a sample document's text shown (opening and middle, see preview). */
  previewChars: 1_500,
} as const;
export type ReportOptions = { samplesPerTier: number; distributionSample: number; previewChars: number };

/** The tier key of kept documents of a run that did not rank. */
export const UNRANKED = "unranked";
/** The licence key of documents whose `license` is empty. */
export const UNKNOWN_LICENCE = "unknown";

/** Kept documents listed by the most characters left out as no reader sees them (hidden_chars). */
export const LISTED_HIDDEN = 10;

/** Numeric columns that are labels, not measurements. */
const NOT_MEASURES: ReadonlySet<string> = new Set(["arxiv_version"]);

export interface TextSample {
  id: string;
  title: string | null;
  source: string | null;
  nChars: number;
  density: number | null;
  rankPct: number | null;
  setBy: string | null;
  preview: string;
}

export interface TierFigures {
  docs: number;
  tokens: number;
  density: { min: number; max: number } | null;
  /** Detector kind → documents whose density it set. */
  setBy: Map<string, number>;
  samples: IdSample<TextSample>;
}

export interface ReasonFigures {
  stage: string;
  reason: string;
  docs: number;
  example: IdSample<TextSample>;
}

export interface RunContents {
  kept: number;
  rejected: number;
  tiers: Map<string, TierFigures>;
  /** Kept documents and tokens per `license` (UNKNOWN_LICENCE where it is empty). */
  licences: Map<string, { docs: number; tokens: number }>;
  reasons: Map<string, ReasonFigures>;
  /** Numeric columns of a sample of kept and of rejected documents. */
  measures: { kept: IdSample<Record<string, number>>; rejected: IdSample<Record<string, number>> };
  /**
   * Kept documents whose PDF held text no reader sees (hidden_chars above 0), and the LISTED_HIDDEN with the most, most
   * first: where a planted line would be.
   */
  hidden: { docs: number; most: { id: string; chars: number }[] };
}

export async function readRunContents(
  outDir: string,
  manifest: Manifest,
  options: ReportOptions = REPORT_DEFAULTS,
): Promise<RunContents> {
  const contents: RunContents = {
    kept: 0,
    rejected: 0,
    tiers: new Map(),
    licences: new Map(),
    reasons: new Map(),
    measures: { kept: new IdSample(options.distributionSample), rejected: new IdSample(options.distributionSample) },
    hidden: { docs: 0, most: [] },
  };
  for (const [shards, kept] of [
    [manifest.shards.data, true],
    [manifest.shards.rejects, false],
  ] as const) {
    for (const shard of shards) {
      for await (const row of listedShardRows(outDir, shard.path, manifestPathOf(outDir, manifest))) {
        if (kept) addKept(contents, row, options);
        else addRejected(contents, row, options);
      }
    }
  }
  return contents;
}

/** A shard's rows; one the manifest lists but that is gone or damaged is an error naming it (the output is not whole). */
async function* listedShardRows(outDir: string, shard: string, manifestPath: string): AsyncGenerator<ShardRow> {
  const path = join(outDir, shard);
  const rerun = `run the command that wrote ${outDir} again`;
  if (!existsSync(path)) throw new InputError(`${path}, listed in ${manifestPath}, is missing: ${rerun}`);
  try {
    yield* shardRows(path);
  } catch (error) {
    const reason = String((error as Error)?.message ?? error).split("\n")[0];
    throw new InputError(`${path} cannot be read (${reason}): ${rerun}`);
  }
}

function addKept(contents: RunContents, row: ShardRow, options: ReportOptions): void {
  contents.kept++;
  const key = sampleKey(String(row.id));
  const tier = typeof row.tier === "string" ? row.tier : UNRANKED;
  let figures = contents.tiers.get(tier);
  if (!figures) {
    figures = { docs: 0, tokens: 0, density: null, setBy: new Map(), samples: new IdSample(options.samplesPerTier) };
    contents.tiers.set(tier, figures);
  }
  const tokens = countTokens(String(row.text ?? ""));
  figures.docs++;
  figures.tokens += tokens;
  const licence = typeof row.license === "string" && row.license !== "" ? row.license : UNKNOWN_LICENCE;
  const held = contents.licences.get(licence) ?? { docs: 0, tokens: 0 };
  contents.licences.set(licence, { docs: held.docs + 1, tokens: held.tokens + tokens });
  const density = numberOr(row.density, null);
  if (density !== null)
    figures.density = figures.density
      ? { min: Math.min(figures.density.min, density), max: Math.max(figures.density.max, density) }
      : { min: density, max: density };
  const setBy = densitySetBy(row);
  if (setBy) figures.setBy.set(setBy, (figures.setBy.get(setBy) ?? 0) + 1);
  figures.samples.offer(key, () => textSample(row, options.previewChars));
  contents.measures.kept.offer(key, () => measuresOf(row));
  const hidden = numberOr(row.hidden_chars, 0);
  if (hidden > 0) addHidden(contents.hidden, String(row.id), hidden);
}

/** Counts a document with hidden text and keeps the LISTED_HIDDEN with the most (ties by id: any shard order). */
function addHidden(hidden: RunContents["hidden"], id: string, chars: number): void {
  hidden.docs++;
  hidden.most.push({ id, chars });
  hidden.most.sort((a, b) => b.chars - a.chars || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  hidden.most.length = Math.min(hidden.most.length, LISTED_HIDDEN);
}

function addRejected(contents: RunContents, row: ShardRow, options: ReportOptions): void {
  contents.rejected++;
  const key = sampleKey(String(row.id));
  const stage = String(row.stage ?? "");
  const reason = String(row.reject_reason ?? "");
  const name = `${stage}\t${reason}`;
  let figures = contents.reasons.get(name);
  if (!figures) {
    figures = { stage, reason, docs: 0, example: new IdSample(1) };
    contents.reasons.set(name, figures);
  }
  figures.docs++;
  figures.example.offer(key, () => textSample(row, options.previewChars));
  contents.measures.rejected.offer(key, () => measuresOf(row));
}

function textSample(row: ShardRow, previewChars: number): TextSample {
  const text = String(row.text ?? "");
  return {
    id: String(row.id),
    title: typeof row.title === "string" ? row.title : null,
    source: typeof row.source === "string" ? row.source : null,
    nChars: countChars(text),
    density: numberOr(row.density, null),
    rankPct: numberOr(row.rank_pct, null),
    setBy: densitySetBy(row),
    preview: preview(text, previewChars),
  };
}

/**
 * The text when it fits, else its opening (a third of the room: title, authors, abstract) and a passage from the
 * middle (the rest, from a paragraph start): the body's prose is what shows whether a text deserves its tier.
 */
export function preview(text: string, chars: number): string {
  if (text.length <= chars) return text;
  const opening = whole(text, Math.floor(chars / 3));
  const middle = whole(text, Math.floor(text.length / 2));
  const paragraph = text.indexOf("\n\n", middle);
  const from = paragraph >= 0 && paragraph < middle + chars ? paragraph + 2 : middle;
  const to = whole(text, from + chars - opening);
  return `${text.slice(0, opening)}\n[…]\n${text.slice(from, to)}${to < text.length ? "\n[…]" : ""}`;
}

/** `at`, or one unit earlier where it would split a surrogate pair (half a character shows as U+FFFD). */
function whole(text: string, at: number): number {
  const c = text.charCodeAt(at - 1);
  return c >= 0xd800 && c <= 0xdbff ? at - 1 : at;
}

function measuresOf(row: ShardRow): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [column, value] of Object.entries(row))
    if (typeof value === "number" && Number.isFinite(value) && !NOT_MEASURES.has(column)) out[column] = value;
  return out;
}

function numberOr<T>(value: unknown, fallback: T): number | T {
  return typeof value === "number" && Number.isFinite(value) ? value : fallback;
}
