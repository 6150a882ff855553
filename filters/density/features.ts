// Every density component of one document, as named score columns; `featureVector` is what the weights apply to.

import type { NgramModel } from "../ngram-lm/model.js";
import { perplexity } from "../ngram-lm/perplexity.js";
import { tokenize } from "../ngram-lm/tokens.js";
import type { CharModel } from "./char-model.js";
import { sentenceClustering } from "./clustering.js";
import { coherence } from "./coherence.js";
import { danglingEnds } from "./dangling-ends.js";
import { discourse } from "./discourse.js";
import type { DocumentReading } from "./document-reading.js";
import { echoes } from "./echoes.js";
import { englishLexiconTables } from "./lexicon-tables.js";
import { misjoinedSentences } from "./misjoined-sentences.js";
import { order } from "./order.js";
import { penalties } from "./penalties.js";
import { phraseBranches } from "./phrase-branches.js";
import { PROSE_ONLY_OVER_CHARS, proseSentences, proseTokens } from "./prose-sentences.js";
import { register } from "./register.js";
import { repeatedFrames } from "./repeated-frames.js";
import { repeatedPhrases } from "./repeated-phrases.js";
import { sentenceChaining } from "./sentence-chaining.js";
import { stackedVerbs } from "./stacked-verbs.js";
import { bitsPerToken, factMarkers } from "./surface.js";
import { syntaxFluency } from "./syntax.js";
import { unknownWords } from "./unknown-words.js";
import { tokenLists } from "./words.js";

/**
 * The reference word LM (perplexity, unknown words), the word-class model (syntax fluency) and the character model
 * (implausible words).
 */
export interface DensityModels {
  words: NgramModel;
  syntax: NgramModel;
  chars: CharModel;
}

/** Score columns, in the order of the fitted weights. */
export const DENSITY_FEATURES = [
  "density_bits_per_token",
  "density_numbers",
  "density_units",
  "density_citations",
  "density_equations",
  "density_connectives",
  "density_claims",
  "density_technical",
  "density_second_person",
  "density_code_tokens",
  "density_boilerplate",
  "density_lists",
  "density_stray_lines",
  "density_ocr_noise",
  "density_duplicate_lines",
  "density_continuity",
  "density_burstiness",
  "density_continuation",
  "density_unbalanced",
  "density_sentence_length_cv",
  "density_adjacency_lift",
  "density_unlinked_openers",
  "density_verbless",
  "density_broken_words",
  "ngram_lm_perplexity",
  "ngram_lm_oov",
  "ngram_lm_full_order_hits",
  "density_unknown_words",
  "density_linked",
  "density_stem_reuse",
  "density_repeated_phrases",
  "density_syntax",
  "density_syntax_unseen",
  "density_echoes",
  "density_line_joins",
  "density_letter_spacing",
  "density_lost_ligatures",
  "density_cross_references",
  "density_parentheses",
  "density_authorial_we",
  "density_first_person_singular",
  "density_reported_speech",
  "density_near_misses",
  "density_dangling_ends",
  "density_misjoined_sentences",
  "density_stop_grammar",
  "density_sentence_clustering",
  "density_back_references",
  "density_implausible_words",
  "density_stranded_stems",
  "density_phrase_branches",
  "density_furniture_blocks",
  "density_stacked_verbs",
  "density_given_new",
  "density_forward_references",
  "density_paragraph_openers",
  "density_order_breaks",
  "density_repeated_frames",
  "density_sentence_chaining",
] as const;
export type DensityFeature = (typeof DENSITY_FEATURES)[number];

/** `document`, if given, gathers what only the whole document shows of this text, one of its chunks. */
export function densityComponents(
  text: string,
  models: DensityModels,
  document?: DocumentReading,
): Record<DensityFeature, number> {
  return densityComponentsAs(text, models, [text.length > PROSE_ONLY_OVER_CHARS], document)[0] as Record<
    DensityFeature,
    number
  >;
}

/**
 * The components as each of `readings` has them: with the discourse of prose sentences only (true), as for a text
 * over PROSE_ONLY_OVER_CHARS, the longer detectors' inputs, or of every sentence (false). A text near that length is
 * scored by both scales' detectors (density.ts); all but the discourse is computed once.
 */
export function densityComponentsAs(
  text: string,
  models: DensityModels,
  readings: readonly boolean[],
  document?: DocumentReading,
): Record<DensityFeature, number>[] {
  const tokens = tokenize(text);
  const lists = tokenLists(tokens);
  const m = factMarkers(text, tokens, lists);
  const p = penalties(text, tokens);
  const c = coherence(text, tokens, lists);
  const prose = proseSentences(text, tokens, lists);
  const o = order(text, tokens, document?.order, lists);
  document?.add(tokens, lists);
  const lmFound = new Uint8Array(tokens.count);
  const lm = perplexity(models.words, tokens, lmFound);
  const syntax = syntaxFluency(models.syntax, text, tokens, lists);
  const unknown = unknownWords(text, tokens, lmFound, englishLexiconTables(), models.chars);
  const r = register(text, tokens, lists);
  const repeated = repeatedPhrases(tokens);
  const echoed = echoes(tokens, lists);
  const dangling = danglingEnds(text, tokens, lists);
  const misjoined = misjoinedSentences(text);
  const clustering = sentenceClustering(text, tokens, lists);
  const branches = phraseBranches(tokens);
  const stacked = stackedVerbs(text, tokens);
  const frames = repeatedFrames(tokens, prose);
  const chaining = sentenceChaining(text, tokens, lists);
  const bits = bitsPerToken(text, tokens);
  // A longer text's discourse reads its prose sentences only: debris between them links to nothing (prose-sentences.ts),
  // and its symbols can be stranded as its stems can (notation.ts).
  const proseTokensOnce = () => proseTokens(text, tokens, prose);
  return readings.map((proseOnly) => {
    const d = proseOnly ? discourse(text, proseTokensOnce(), true) : discourse(text, tokens, false, lists);
    return {
      density_bits_per_token: bits,
      density_numbers: m.numbers,
      density_units: m.units,
      density_citations: m.citations,
      density_equations: m.equations,
      density_connectives: m.connectives,
      density_claims: m.claims,
      density_technical: m.technical,
      density_second_person: m.secondPerson,
      density_code_tokens: m.codeTokens,
      density_boilerplate: p.boilerplate,
      density_lists: p.lists,
      density_stray_lines: p.strayLines,
      density_ocr_noise: p.ocrNoise,
      density_duplicate_lines: p.duplicateLines,
      density_continuity: c.continuity,
      density_burstiness: c.burstiness,
      density_continuation: c.continuation,
      density_unbalanced: c.unbalanced,
      density_sentence_length_cv: c.sentenceLengthCv,
      density_adjacency_lift: d.adjacencyLift,
      density_unlinked_openers: d.unlinkedOpeners,
      density_verbless: d.verbless,
      density_broken_words: p.brokenWords,
      ngram_lm_perplexity: lm.perplexity,
      ngram_lm_oov: lm.oov,
      ngram_lm_full_order_hits: lm.fullOrderHits,
      density_unknown_words: unknown.oneOff,
      density_lost_ligatures: unknown.lostLigatures,
      density_linked: d.linked,
      density_stem_reuse: d.stemReuse,
      density_repeated_phrases: repeated,
      density_syntax: syntax.logProb,
      density_syntax_unseen: syntax.unseenTrigrams,
      density_echoes: echoed,
      density_line_joins: syntax.lineJoins,
      density_letter_spacing: p.letterSpacing,
      density_cross_references: r.crossReferences,
      density_parentheses: r.parentheses,
      density_authorial_we: r.authorialWe,
      density_first_person_singular: r.firstPersonSingular,
      density_reported_speech: r.reportedSpeech,
      density_near_misses: unknown.nearMisses,
      density_dangling_ends: dangling,
      density_misjoined_sentences: misjoined,
      density_stop_grammar: syntax.stopGrammar,
      density_sentence_clustering: clustering,
      density_back_references: d.backReferences,
      density_implausible_words: unknown.implausible,
      density_stranded_stems: d.strandedStems,
      density_phrase_branches: branches,
      density_furniture_blocks: p.furnitureBlocks,
      density_stacked_verbs: stacked,
      density_given_new: o.givenNew,
      density_forward_references: o.forwardReferences,
      density_paragraph_openers: o.paragraphOpeners,
      density_order_breaks: o.orderBreaks,
      density_repeated_frames: frames,
      density_sentence_chaining: chaining,
    };
  });
}

/**
 * Model inputs: rates squashed by log1p so a few extreme documents do not dominate the fit. A component without a
 * value (NaN: the LM's for a text without tokens) enters as 0, what those columns held when the weights were fitted.
 * Repeated frames enter as they are: squashed, a templated paragraph's share (0.3-0.9) sat too close to real text's
 * tail (0.1-0.3) for the calibrated detector to set it apart (docs/density.md, "Sentences cast in a few moulds"); so
 * does sentence chaining, a z-score that may be negative.
 */
export function featureVector(c: Record<DensityFeature, number>): number[] {
  return DENSITY_FEATURES.map((name) => {
    const v = Number.isNaN(c[name]) ? 0 : c[name];
    if (name === "ngram_lm_perplexity") return Math.log(Math.max(1, v));
    if (
      name === "density_continuity" ||
      name === "density_burstiness" ||
      name === "density_adjacency_lift" ||
      name === "density_linked" ||
      name === "density_stem_reuse" ||
      name === "density_syntax" ||
      name === "density_line_joins" ||
      name === "density_sentence_clustering" ||
      name === "density_stranded_stems" ||
      name === "density_given_new" ||
      name === "density_repeated_frames" ||
      name === "density_sentence_chaining"
    )
      return v;
    return Math.log1p(Math.max(0, v) * 10);
  });
}
