// The selection flags of `assay rank` and `assay run`: overrides of the config's `rank` section, so the choice is in
// config_hash and a re-run with another selection into the same --out is refused like any other config change.
import { DENSITY_SCORES } from "../../filters/density/density.js";
import { INGEST_SCORE_NAMES } from "../../ingest/ingest-step.js";
import { ConfigError } from "../config-error.js";
import { inputScoreNames } from "../io/input-scores.js";
import type { InputFile } from "../io/inputs.js";
import { RANK_WITHIN, type RankWithin } from "../rank/length-classes.js";
import { parseTier, type TierCuts } from "../rank/tiers.js";
import { UsageError } from "./common.js";

export const RANK_FLAGS = {
  "keep-top": { type: "string" },
  "keep-tokens": { type: "string" },
  "min-tier": { type: "string" },
  cuts: { type: "string" },
  "min-score": { type: "string" },
  "rank-within": { type: "string" },
} as const;

export const RANK_FLAGS_HELP = `  --keep-top P         keep the top share P of the run by density (of each length class with --rank-within
                       length), 0 < P <= 1 (default 1: keep all)
  --keep-tokens N      keep the run's best documents up to N whitespace tokens in all, e.g. 2.5B, 400M, 10k
                       (their rank_pct at or above a cut found over all ranks; config: rank.keepTokens)
  --min-tier T         keep tiers T and above (default D: keep all)
  --cuts A,B,C         lowest rank_pct of tiers A, B and C (default 0.75,0.5,0.25; config: rank.cuts)
  --min-score S=V,...  keep only documents whose score S is at least V, e.g. density_vs_machine=1 (a document
                       without S is not held to it; config: rank.minScores)
  --rank-within W      run (default): rank_pct among the whole run; length: among the run's texts of the same
                       length class (up to 5,000 chars, up to 20,000, longer), since longer texts score higher
                       (config: rank.within)`;

interface RankFlagValues {
  "keep-top"?: unknown;
  "keep-tokens"?: unknown;
  "min-tier"?: unknown;
  cuts?: unknown;
  "min-score"?: unknown;
  "rank-within"?: unknown;
}

/** `{ rank: {...} }` for commandConfig, holding only the flags given; a malformed flag is a usage error. */
export function rankOverrides(values: RankFlagValues): { rank: Record<string, unknown> } {
  const rank: Record<string, unknown> = {};
  if (typeof values["keep-top"] === "string") rank.keepTop = keepTop(values["keep-top"]);
  if (typeof values["keep-tokens"] === "string") rank.keepTokens = keepTokens(values["keep-tokens"]);
  if (typeof values["min-tier"] === "string") {
    try {
      rank.minTier = parseTier(values["min-tier"]);
    } catch (error) {
      throw new UsageError(`--min-tier: ${(error as Error).message}`);
    }
  }
  if (typeof values.cuts === "string") rank.cuts = cuts(values.cuts);
  if (typeof values["min-score"] === "string") rank.minScores = minScores(values["min-score"]);
  if (typeof values["rank-within"] === "string") {
    if (!RANK_WITHIN.includes(values["rank-within"] as RankWithin))
      throw new UsageError(`--rank-within takes ${RANK_WITHIN.join(" or ")}, not "${values["rank-within"]}"`);
    rank.within = values["rank-within"];
  }
  return { rank };
}

/** The selection flags, named for a message: "--keep-top, ... and --rank-within". */
export const RANK_FLAG_LIST = Object.keys(RANK_FLAGS)
  .map((flag) => `--${flag}`)
  .join(", ")
  .replace(/, (?=[^,]*$)/, " and ");

/** The selection flags as given, to pass on to a later pass of `assay run`. */
export function rankFlagArgs(values: RankFlagValues): string[] {
  return (Object.keys(RANK_FLAGS) as (keyof RankFlagValues)[]).flatMap((flag) =>
    typeof values[flag] === "string" ? [`--${flag}`, values[flag] as string] : [],
  );
}

/** A number as written in decimal ("0.75", "-1", ".5", "1e-3"); NaN for "", " ", "0x1" and the like, which Number() reads. */
function decimal(text: string): number {
  return /^\s*[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?\s*$/.test(text) ? Number(text) : Number.NaN;
}

function keepTop(value: string): number {
  const share = decimal(value);
  if (!(share > 0 && share <= 1)) throw new UsageError(`--keep-top takes a share in (0, 1], not "${value}"`);
  return share;
}

const TOKEN_UNITS: Record<string, number> = { "": 1, k: 1e3, m: 1e6, b: 1e9, g: 1e9, t: 1e12 };

/** "2.5B", "400M", "10k", "1000000": a count of tokens, whole and at least 1. */
function keepTokens(value: string): number {
  const m = /^\s*(\d+\.?\d*|\.\d+)\s*([kmbgt]?)\s*$/i.exec(value);
  const tokens = m ? Math.floor(Number(m[1]) * (TOKEN_UNITS[(m[2] as string).toLowerCase()] as number)) : Number.NaN;
  if (!(tokens >= 1 && Number.isSafeInteger(tokens)))
    throw new UsageError(`--keep-tokens takes a number of tokens such as 2.5B, 400M or 10k, not "${value}"`);
  return tokens;
}

function minScores(value: string): Record<string, number> {
  const entries = value.split(",").map((pair) => {
    const m = /^\s*([A-Za-z_]\w*)\s*=\s*(\S+)\s*$/.exec(pair);
    const min = decimal(m?.[2] ?? "");
    if (!m || !Number.isFinite(min)) throw new UsageError(`--min-score takes SCORE=VALUE[,...], not "${pair}"`);
    return [m[1] as string, min] as const;
  });
  // "density=1,density=2" kept the last without a word: which one the user meant is theirs to say.
  const twice = entries.find(([name], i) => entries.findIndex(([other]) => other === name) !== i);
  if (twice) throw new UsageError(`--min-score names ${twice[0]} twice: give each score one value`);
  return Object.fromEntries(entries);
}

function cuts(value: string): TierCuts {
  // A blank field is a mistake, not 0: " , , " once put every document in tier A.
  const shares = value.split(",").map(decimal);
  const [a, b, c] = shares as [number, number, number];
  if (shares.length !== 3 || !shares.every((x) => x >= 0 && x <= 1) || !(a >= b && b >= c)) {
    throw new UsageError(`--cuts takes three shares A,B,C with 1 >= A >= B >= C >= 0, not "${value}"`);
  }
  return { A: a, B: b, C: c };
}

/**
 * A --min-score naming no score the documents can have (the inputs' score columns, ingest's, density's, those of
 * `stepScores`: the filters' in `assay run`) is a typo, refused before any scoring: it would hold no document to
 * anything. Named as the user gave it: a name the --min-score flag did not give came from the config file.
 */
export async function checkMinScoreNames(
  { rank, file }: { rank: { minScores: Record<string, number> }; file: string | undefined },
  values: RankFlagValues,
  inputs: readonly InputFile[],
  stepScores: readonly string[] = [],
): Promise<void> {
  const names = Object.keys(rank.minScores);
  if (names.length === 0) return;
  const known = new Set<string>([
    ...DENSITY_SCORES,
    ...INGEST_SCORE_NAMES,
    ...stepScores,
    ...(await inputScoreNames(inputs)),
  ]);
  const unknown = names.filter((name) => !known.has(name));
  if (unknown.length === 0) return;
  const what = `no such score in these documents or density's (e.g. density, density_vs_machine)`;
  const flagged = typeof values["min-score"] === "string" ? Object.keys(minScores(values["min-score"])) : [];
  const fromFlag = unknown.filter((name) => flagged.includes(name));
  if (fromFlag.length > 0) throw new UsageError(`--min-score ${fromFlag.join(", ")}: ${what}`);
  throw new ConfigError(`config file ${file}: rank.minScores ${unknown.join(", ")}: ${what}`);
}
