// What rank_pct is a percentile among: the whole run, or the run's texts of the same length class. Density is a
// logit and longer texts carry more evidence, so over one run the median real paper scores higher whole than as
// ~8 KB chunks, and higher as chunks than as paragraphs: a run that mixes lengths ranks short texts lower for being
// short. Ranking within length classes compares each text with texts of its own length only.

export const RANK_WITHIN = ["run", "length"] as const;
export type RankWithin = (typeof RANK_WITHIN)[number];

/**
 * Upper bounds (characters, inclusive) of the length classes; longer texts form the last class. They are density's
 * length scales (models/density-weights.json: paragraphs' detectors up to 5,000, longer texts' beyond; documents over
 * 20,000, DOCUMENT_CHARS, are scored as the mean of their ~12 KB chunks), so a class holds texts scored alike.
 * Lengths are counted as density's scales count them, in UTF-16 units: `n_chars` counts code points, so a text with
 * characters beyond the BMP (emoji, some math letters) a few units over a bound is in the class its scale scores.
 */
export const LENGTH_CLASS_BOUNDS = [5_000, 20_000] as const;
export const LENGTH_CLASS_NAMES = ["up to 5,000 chars", "5,001-20,000 chars", "over 20,000 chars"] as const;

/** The number of histograms a ranking keeps. */
export function classCount(within: RankWithin): number {
  return within === "length" ? LENGTH_CLASS_BOUNDS.length + 1 : 1;
}

/** The class a text of `chars` characters is ranked in. */
export function rankClass(within: RankWithin, chars: number): number {
  if (within === "run") return 0;
  const i = LENGTH_CLASS_BOUNDS.findIndex((bound) => chars <= bound);
  return i < 0 ? LENGTH_CLASS_BOUNDS.length : i;
}

/** What a run's rank_pct is a percentile among, in words, for the dataset card and the report. */
export function rankedAmong(within: RankWithin | undefined): string {
  return within === "length"
    ? `among the run's texts of its length class (${LENGTH_CLASS_NAMES.join(", ")})`
    : "across the whole run";
}
