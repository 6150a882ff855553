// The configured filter stack of a profile: `web` reproduces datatrove's FineWeb-style heuristics exactly, `papers`
// (the default) keeps scientific text, with rules and thresholds chosen by measurement on real papers against man
// pages, changelogs and licences (docs/measured.md has the keep rates). Filters share one TokenizedDoc per document.
import type { Decision } from "../src/decision.js";
import type { Doc } from "../src/doc.js";
import { withRejectDetail } from "../src/reject-detail.js";
import type { Step, StepContext } from "../src/step.js";
import { C4_SCORES, c4Filter } from "./c4.js";
import { FINEWEB_SCORES, finewebFilter } from "./fineweb.js";
import { GOPHER_QUALITY_DEFAULTS, GOPHER_QUALITY_SCORES, gopherQualityFilter } from "./gopher-quality.js";
import { GOPHER_REPETITION_DEFAULTS, gopherRepetitionFilter, gopherRepetitionScoreNames } from "./gopher-repetition.js";
import { LANGUAGE_DEFAULTS, languageFilter } from "./language.js";
import { ocrQualityFilter } from "./ocr-quality.js";
import { PROSE_SHAPE_SCORES, proseShapeFilter } from "./prose-shape.js";
import { SCHOLARLY_SCORES, scholarlyFilter } from "./scholarly.js";
import { TokenizedDoc } from "./tokenized-doc.js";

export const PROFILES = ["web", "papers"] as const;
export type Profile = (typeof PROFILES)[number];
export const DEFAULT_PROFILE: Profile = "papers";

/** The four datatrove heuristics, in the column order of the reference decisions files. */
export const DATATROVE_FILTERS = ["gopher_quality", "gopher_repetition", "c4", "fineweb"] as const;

export interface StackFilter {
  readonly name: string;
  /** Score columns this filter may write. */
  readonly scoreNames: readonly string[];
  /** Awaited before the first `decide` (see Filter.prepare). */
  prepare?(): Promise<void>;
  decide(tdoc: TokenizedDoc): Decision<string>;
}

/** Loads what the filters need before their first decision. */
export async function prepareFilters(filters: readonly StackFilter[]): Promise<void> {
  await Promise.all(filters.map((filter) => filter.prepare?.()));
}

/**
 * Papers: PDF text breaks lines at column width and repeats short lines (axis labels, table cells), so the
 * count-based duplicate line/paragraph fractions go up to 0.48 on real papers (datatrove: 0.3), and notation makes
 * repeated 5-grams cover up to 0.14 of a paper (datatrove drops above 0.15). Limits here are twice datatrove's for
 * those; a document repeated wholesale (the 2,250-page deck of corpus/pdf/broken) still scores near 1.
 */
export const PAPERS_GOPHER_REPETITION = {
  ...GOPHER_REPETITION_DEFAULTS,
  dupLineFrac: 0.6,
  dupParaFrac: 0.6,
  dupNGrams: GOPHER_REPETITION_DEFAULTS.dupNGrams.map(([n, frac]) => [n, frac * 2] as const),
};
/** Papers: numbers, symbols and math tokens put real papers at 67-85% alphabetic words (datatrove wants 80%). */
export const PAPERS_GOPHER_QUALITY = { ...GOPHER_QUALITY_DEFAULTS, maxNonAlphaWordsRatio: 0.6 };

function buildFilters(profile: Profile): StackFilter[] {
  const gopherRepetitionOptions = profile === "web" ? GOPHER_REPETITION_DEFAULTS : PAPERS_GOPHER_REPETITION;
  const gopherRepetition = {
    ...gopherRepetitionFilter(gopherRepetitionOptions),
    scoreNames: gopherRepetitionScoreNames(gopherRepetitionOptions),
  };
  const language = { ...languageFilter(LANGUAGE_DEFAULTS), scoreNames: [] };
  if (profile === "web") {
    // datatrove's FineWeb pipeline order: language, repetition, quality, C4, FineWeb.
    return [
      language,
      gopherRepetition,
      { ...gopherQualityFilter(), scoreNames: GOPHER_QUALITY_SCORES },
      { ...c4Filter(), scoreNames: C4_SCORES },
      { ...finewebFilter(), scoreNames: FINEWEB_SCORES },
    ];
  }
  // C4 and FineWeb judge line shapes (terminal punctuation, short lines, curly brackets), which PDF text fails for
  // reasons unrelated to quality: they run in the web profile and in `assay score`, not here.
  return [
    { ...ocrQualityFilter(), scoreNames: [] },
    language,
    { ...proseShapeFilter(), scoreNames: PROSE_SHAPE_SCORES },
    { ...scholarlyFilter(), scoreNames: SCHOLARLY_SCORES },
    gopherRepetition,
    { ...gopherQualityFilter(PAPERS_GOPHER_QUALITY), scoreNames: GOPHER_QUALITY_SCORES },
  ];
}

/** Every filter a profile knows, including the datatrove ones the papers profile leaves out of its stack. */
function availableFilters(profile: Profile): StackFilter[] {
  const own = buildFilters(profile);
  const names = new Set(own.map((f) => f.name));
  return [...own, ...buildFilters("web").filter((f) => !names.has(f.name))];
}

/**
 * The filters of a profile's stack, or the named ones (any filter the profile knows, in the order given).
 * Throws on an unknown name.
 */
export function filterStack(profile: Profile = DEFAULT_PROFILE, names?: readonly string[]): StackFilter[] {
  if (names === undefined) return buildFilters(profile);
  const known = new Map(availableFilters(profile).map((f) => [f.name, f]));
  // A filter named twice would decide twice under one name, its second verdict hiding the first.
  const twice = names.find((name, i) => names.indexOf(name) !== i);
  if (twice !== undefined) throw new Error(`filter "${twice}" is named twice: name each filter once`);
  return names.map((name) => {
    const filter = known.get(name);
    if (!filter) throw new Error(`unknown filter "${name}" (known: ${[...known.keys()].join(", ")})`);
    return filter;
  });
}

export type Decisions = { id: string } & Record<string, string>;

/**
 * Each filter's verdict on the document, every filter judging the original text: "pass" or the drop reason. The
 * filters are prepared (prepareFilters).
 */
export function decisions(
  doc: Doc,
  filters: readonly StackFilter[] = filterStack("web", DATATROVE_FILTERS),
): Decisions {
  const tdoc = new TokenizedDoc(doc);
  const out: Decisions = { id: doc.id };
  for (const filter of filters) {
    const decision = filter.decide(tdoc);
    Object.assign(doc.scores, decision.scores);
    out[filter.name] = decision.keep ? "pass" : decision.reason;
  }
  return out;
}

/**
 * One pipeline step per filter, so a reject's `stage` names the filter that dropped it. The steps share each
 * document's tokenization (the text is not changed between them).
 */
export function filterSteps(profile: Profile = DEFAULT_PROFILE, names?: readonly string[]): Step[] {
  const tokenized = new WeakMap<Doc, TokenizedDoc>();
  const tokenizedOf = (doc: Doc) => {
    let tdoc = tokenized.get(doc);
    if (tdoc === undefined || tdoc.text !== doc.text) {
      tdoc = new TokenizedDoc(doc);
      tokenized.set(doc, tdoc);
    }
    return tdoc;
  };
  return filterStack(profile, names).map((filter) => ({
    name: filter.name,
    scoreNames: filter.scoreNames,
    async *run(docs: AsyncIterable<Doc>, ctx: StepContext): AsyncIterable<Doc> {
      await filter.prepare?.();
      for await (const doc of docs) {
        const decision = filter.decide(tokenizedOf(doc));
        Object.assign(doc.scores, decision.scores);
        if (decision.keep) yield doc;
        else {
          if (decision.detail !== undefined) doc.meta.metadata = withRejectDetail(doc.meta.metadata, decision.detail);
          await ctx.reject(doc, decision.reason);
        }
      }
    },
  }));
}
