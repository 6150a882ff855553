// Tiers and selection from a document's global percentile of density.
import type { RankWithin } from "./length-classes.js";

export const TIERS = ["A", "B", "C", "D"] as const;
export type Tier = (typeof TIERS)[number];

/** Lowest rank_pct of each tier: A is the top quarter, B the next, C the next, D the rest. */
export const TIER_CUTS_DEFAULT = { A: 0.75, B: 0.5, C: 0.25 } as const;
export type TierCuts = { A: number; B: number; C: number };

export const RANK_REJECT_REASONS = {
  belowKeepTop: "below_keep_top",
  /** Past the token budget (--keep-tokens): token-budget.ts. */
  belowKeepTokens: "below_keep_tokens",
  belowMinTier: "below_min_tier",
  /** Followed by `:<score>`, the score that fell short. */
  belowMinScore: "below_min_score",
} as const;
/** Counter prefix of documents without a score that `minScores` names (the selection does not hold them to it). */
export const MIN_SCORE_MISSING = "min_score_missing";
export type RankRejectReason =
  | (typeof RANK_REJECT_REASONS)["belowKeepTop" | "belowKeepTokens" | "belowMinTier"]
  | `${(typeof RANK_REJECT_REASONS)["belowMinScore"]}:${string}`;

export function tierOf(rankPct: number, cuts: TierCuts = TIER_CUTS_DEFAULT): Tier {
  if (!(cuts.A >= cuts.B && cuts.B >= cuts.C)) throw new Error("tier cuts must satisfy A >= B >= C");
  return rankPct >= cuts.A ? "A" : rankPct >= cuts.B ? "B" : rankPct >= cuts.C ? "C" : "D";
}

export interface Selection {
  /** Keep the top share of the run by density, in (0, 1]; 1 keeps all. */
  keepTop: number;
  /**
   * Keep the run's best documents up to this many whitespace tokens in all (token-budget.ts); absent keeps all. A
   * document `minScores` drops spends none of it (the sketch counts the tokens of those it keeps); `minTier` can only
   * leave less.
   */
  keepTokens?: number;
  /** Keep tiers at or above this one. */
  minTier: Tier;
  /**
   * Lowest value of named scores, e.g. { density_vs_machine: 0 }: a policy of one's own on what a detector flags. A
   * document without the score (its length scale has no such detector) is not held to it.
   */
  minScores: Record<string, number>;
}
export const SELECTION_DEFAULT: Selection = { keepTop: 1, minTier: "D", minScores: {} };

/** Tier cut points and selection: the `rank` section of the config. */
export interface RankOptions extends Selection {
  cuts: TierCuts;
  /** rank_pct is a percentile among the whole run (default) or among the run's texts of the same length class. */
  within?: RankWithin;
}
export const RANK_DEFAULTS: RankOptions = { cuts: TIER_CUTS_DEFAULT, ...SELECTION_DEFAULT };

/**
 * How far under 1 - keepTop a rank_pct still counts as on the cut: a few units of rounding. 1 - 0.7 is
 * 0.30000000000000004 in binary, so a document at 0.3 was dropped by --keep-top 0.7 and kept by --keep-top 0.70000001
 * (and by --min-tier at a cut of 0.3). No wider: a percentile k / (2 * docs) can sit 1e-14 under a cut of many digits.
 */
const KEEP_TOP_SLACK = 4 * Number.EPSILON;

/**
 * Why a document with this percentile, tier and scores is dropped, or null when it is kept. `budgetCut`: the lowest
 * rank_pct the token budget keeps (tokenBudgetCut; 0 without one).
 */
export function selectionReason(
  rankPct: number,
  tier: Tier,
  s: Selection,
  scores: Readonly<Record<string, number>> = {},
  budgetCut = 0,
): RankRejectReason | null {
  if (rankPct < 1 - s.keepTop - KEEP_TOP_SLACK) return RANK_REJECT_REASONS.belowKeepTop;
  if (rankPct < budgetCut) return RANK_REJECT_REASONS.belowKeepTokens;
  if (TIERS.indexOf(tier) > TIERS.indexOf(s.minTier)) return RANK_REJECT_REASONS.belowMinTier;
  return belowMinScore(s.minScores, scores);
}

/** `below_min_score:<name>` for the first score under its minimum, or null (a missing score is not held to it). */
export function belowMinScore(
  minScores: Readonly<Record<string, number>>,
  scores: Readonly<Record<string, number>>,
): RankRejectReason | null {
  for (const [name, min] of Object.entries(minScores)) {
    const value = scores[name];
    if (value !== undefined && value < min) return `${RANK_REJECT_REASONS.belowMinScore}:${name}`;
  }
  return null;
}

export function parseTier(value: string): Tier {
  const t = value.toUpperCase();
  if (!TIERS.includes(t as Tier)) throw new Error(`tier must be one of ${TIERS.join(", ")}, not "${value}"`);
  return t as Tier;
}

/**
 * What a ranking's selection kept, in words (the dataset card and report.html say it), or null when it kept every
 * document: a reader of the shards must know they are a slice of the run.
 */
export function selectionSummary(rank: Partial<Selection> | undefined): string | null {
  const kept: string[] = [];
  if (rank?.keepTop !== undefined && rank.keepTop < 1) kept.push(`the top share ${rank.keepTop} by rank_pct`);
  if (rank?.keepTokens !== undefined)
    kept.push(`the best documents up to ${rank.keepTokens} whitespace tokens in all (--keep-tokens)`);
  if (rank?.minTier !== undefined && rank.minTier !== "D") kept.push(`tier ${rank.minTier} and above`);
  for (const [name, min] of Object.entries(rank?.minScores ?? {})) kept.push(`${name} of at least ${min}`);
  if (kept.length === 0) return null;
  return `Selected: ${kept.join("; ")}. The documents it dropped are in rejects/ with their reasons.`;
}
