// The features each detector leaves out of its fit, and why; ignoredFeatures, at the end, gathers one detector's.
import { DENSITY_FEATURES } from "../../filters/density/features.js";
import type { Kind } from "./kinds.js";

/**
 * Features the paragraph detectors leave out (their column is zeroed, so their weight is 0): six-word repeats are
 * too rare within 1-5 KB to tell anything but noise (with them, shuffled paragraphs -0.03 AUC), and so are dangling
 * sentence ends: one in a real paragraph's 5-10 sentences is 10-20% (with them, every ~1.2 KB cell -0.01-0.02 but
 * unseen garbled sentences +0.07, as the OCR detector learnt the periods OCR noise puts after words).
 */
const PARAGRAPH_IGNORES: readonly string[] = ["density_repeated_phrases", "density_dangling_ends"];

/**
 * The only features of the paragraph detector of repeated sentences: with every feature it cost other kinds' ~1.2 KB
 * cells 0.01-0.04 (shuffled, documentation, web-like pages, model imitations) for no better mean.
 */
const PARAGRAPH_REPETITION: readonly string[] = [
  "density_echoes",
  "density_duplicate_lines",
  "density_repeated_phrases",
];
/**
 * Features the detectors of sentence-level damage (shuffled and Markov text) leave out: each of those sentences is
 * grammatical, so what syntax fluency tells them is noise (with it, shuffled and Markov-2 paragraphs -0.01).
 */
const SENTENCE_LEVEL_IGNORES: readonly string[] = [
  "density_syntax",
  "density_syntax_unseen",
  "density_line_joins",
  "density_misjoined_sentences",
  "density_stop_grammar",
];

/**
 * Features the long-text detectors of sentence-level damage also leave out: the register of other genres (you, I,
 * quoted speech, code). Moving or resampling a paper's sentences cannot change how often it uses them, so a weight on
 * them is fitted to the few real chunks that do (a worked example in the second person took a shuffled detector's
 * logit to -5, 35 standard deviations out on a feature nearly always 0). Left out, held-out ~8 KB chunk means rose
 * +0.0011 / +0.0030 (fitted kinds, this split / swapped) and +0.0029 / +0.0040 (unseen), no cell falling more than
 * 0.002 but model-written whole papers on this split (0.841 -> 0.807); every other bag-of-words rate left out as
 * well (numbers, units, citations, connectives ...) cost unseen chunks 0.005 / 0.003, and these four left out of the
 * other damage detectors (columns, repeats, letter spacing, ligatures) 0.002 / 0.010. The paragraph detectors keep
 * them (left out there as well, ~1.2 KB means -0.001 / -0.002).
 */
const SENTENCE_LEVEL_LONG_IGNORES: readonly string[] = [
  "density_second_person",
  "density_first_person_singular",
  "density_reported_speech",
  "density_code_tokens",
];

/**
 * Features the long-text web detector leaves out: its ~8 KB texts are web pages strung together (`sites`), so
 * coherence across them would teach it the seams between unrelated pages, not the genre (fitted with them, it leaned
 * on phrase continuation and stem reuse most of all).
 */
const SITE_IGNORES: readonly string[] = [
  "density_continuity",
  "density_burstiness",
  "density_continuation",
  "density_adjacency_lift",
  "density_unlinked_openers",
  "density_linked",
  "density_stem_reuse",
  "density_repeated_phrases",
  "density_echoes",
  "density_line_joins",
];

/**
 * Features the detector of model-written papers leaves out: the facts density rewards, and code tokens. The texts
 * were asked for with numbers, units and plain-text math (`p(y_i | x_i)`); fitted with these, the detector learned
 * "more numbers, long words and underscores: a model wrote it", which would punish the densest real papers. Without
 * them it leans on style: real papers keep naming the same terms (stem reuse) and repeating longer phrases, and vary
 * their sentence lengths more. Sentence clustering is left out too: fitted with it, unseen model-written ~1.2 KB
 * paragraphs fell 0.02-0.04 and whole imitations' chunks (which borrow this detector) 0.014-0.021 on the two splits.
 * So are five features it weighed as signs of a model where the likelier cause is the imitations' plain-text math:
 * runs of one-letter words (letter spacing: "x y z"), stop grammar (a sentence ending after a symbol), near misses
 * (variable names one edit from a word), perplexity and reported speech (quotation marks). Letter spacing alone took
 * up to 0.9 off the long-text logit of a real math-heavy chunk (34 of 336 real chunks have such runs). With the five
 * left out, held-out ~8 KB chunk means moved +0.0019 / +0.0002 (fitted kinds, this split / swapped) and +0.0032 /
 * +0.0021 (unseen; seed 9, swapped: +0.0001 / +0.0018 for the four after letter spacing), model-written whole papers'
 * chunks +0.017 on both splits; the detector's own paragraphs moved -0.007 to +0.005.
 */
const MACHINE_IGNORES: readonly string[] = [
  "density_bits_per_token",
  "density_numbers",
  "density_units",
  "density_citations",
  "density_equations",
  "density_connectives",
  "density_claims",
  "density_technical",
  "density_code_tokens",
  "density_sentence_clustering",
  "density_letter_spacing",
  "density_stop_grammar",
  "density_near_misses",
  "ngram_lm_perplexity",
  "density_reported_speech",
];

/**
 * Features the imitation detector leaves out: the model-written detector's, and the share of list lines, which is
 * layout more than writing. A share of lines, it moves with how the text is cut into lines: real papers' median is
 * 0.009 as pdftotext lays them out and 0.023 as assay extracts them (a paragraph per line), the imitations' 0.023
 * wrapped and 0.125 as written. Weighed, it found the held-out whole imitations at 0.909 / 1.000 (this split /
 * swapped; 0.890 without it), but it took the corpus papers as assay extracts them for imitations: it set the density
 * of 18 of 52 (6 as pdftotext lays them out), and their densities' rank correlation with the weights before fell to
 * 0.67 (0.93 without it) and with the same papers' pdftotext densities from 0.60 to 0.48 (0.73 without it).
 */
const IMITATION_IGNORES: readonly string[] = [...MACHINE_IGNORES, "density_lists"];

/**
 * Features only the detectors of model-written text weigh. Sentences opening with a word that points back ("This",
 * "However", "It", "Thus"): per 1,000 sentences, real papers open 39 with "This", 11 with "However" and 14 with "It",
 * the 48 whole imitations 13, 1 and 6. Moving sentences keeps their openers, so the damage detectors could only fit
 * chance on it (weighed by all of them, held-out chunk cells moved within ±0.01 either way).
 */
const WRITERS_ONLY: readonly string[] = ["density_back_references"];

/**
 * Features only the OCR detector of longer texts (over 5,000 characters) weighs. Implausible words (one-off unknown words with a
 * character spelling seldom has): weighed there, held-out OCR chunks rose 0.965 -> 0.972 / 0.970 -> 0.972 (family A,
 * this split / swapped) and 0.976 -> 0.981 / 0.979 -> 0.981 (B), with means level. Weighed by every detector but the
 * model-written ones, or by the paragraph OCR detector too, it lowered lost-ligature paragraphs and the swapped
 * split's means: real texts with odd coinages sat lower, below copies other columns find (docs/density.md).
 */
const LONG_OCR_ONLY: readonly string[] = ["density_implausible_words"];

/**
 * Features only the detectors of sentence-level damage (shuffled, displaced and Markov text) weigh. Stranded stems
 * measure sentences out of place; weighed by every detector, the detectors of model-written text leaned on it most
 * (-2.4 for the longer texts') and model-written whole papers' ~8 KB chunks fell 0.03-0.05 on this split. The order
 * features (order.ts) measure which way sentences run, which only moving them changes.
 */
const SENTENCE_LEVEL_ONLY: readonly string[] = [
  "density_stranded_stems",
  "density_given_new",
  "density_forward_references",
  "density_paragraph_openers",
  "density_order_breaks",
];

/**
 * Features only the Markov-loop detector of longer texts ("markov3") weighs. Phrase branches (a phrase taken up again
 * with a new word after it): weighed there, ~8 KB Markov loops rose 0.937 -> 0.950 / 0.934 -> 0.971 (this split /
 * swapped). Weighed by every long-text detector, the Markov-2, imitation and other detectors learnt that many branches
 * mean a real paper, which sentence-level chains (markovify) and phrase loops also have: their chunks fell 0.960 ->
 * 0.931 / 0.946 -> 0.926 and 0.983 -> 0.974 / 0.966 -> 0.934 (docs/density.md, stop 44).
 */
const LONG_MARKOV3_ONLY: readonly string[] = ["density_phrase_branches"];

/**
 * Features only the detectors of Markov text weigh (the longer texts' Markov-1 and loop detectors, and the paragraph
 * detector fitted on Markov text with shuffled and displaced sentences; not the longer texts' Markov-2 detector, which
 * is fitted on sentence-level chains too and so is not "sentenceLevel"). Stacked verbs (two finite verbs in one clause:
 * a sentence spliced from two at a shared word): weighed by every detector, the documentation, web-like, columns,
 * scrambled and boilerplate detectors took it up as well and their ~3 KB cells fell 0.007-0.023 on this split. Weighed
 * by that Markov-2 detector too, markovify chunks rose 0.988 -> 0.993 / 0.986 -> 0.990, but this split's ~3 KB mean fell
 * 0.9012 -> 0.8938 and whole imitations 0.956 -> 0.912. A paragraph detector of splices of its own cost one split or
 * the other (docs/density.md).
 */
const MARKOV_ONLY: readonly string[] = ["density_stacked_verbs"];

/**
 * Features only the long-text detectors of sentence-level damage and of model-written text weigh: sentence chaining
 * (whether each sentence opens with what the one before ended on, sentence-chaining.ts), which moving sentences and a
 * model's restating break. Weighed by every detector, ~1.2 KB cells fell by 0.003 on average on the swapped split
 * (scrambled words 0.917 -> 0.894); weighed by those detectors at both scales, by 0.002 (one paragraph's chaining is
 * mostly noise), and ~8 KB chunks gained less (means +0.0008 / +0.0011, this split / swapped, against +0.0019 /
 * +0.0013). Left out of the imitation detector, papers a model continued gained nothing as documents (0.956 / 0.975;
 * with it 0.969 / 0.998): docs/density.md, "Sentences that take up the one before".
 */
const SEQUENCE_ONLY: readonly string[] = ["density_sentence_chaining"];

/**
 * Features only the detectors of templated text (of paragraphs and of longer texts) and the long-text detector of
 * repeated sentences weigh. The templated ones weigh the repetition features besides and nothing else (text cast in a
 * few moulds is whole sentences of the paper's own words: with every feature they would learn the refilled words, which
 * cost every other kind when swapped words were fitted in stop 50). A sentence said again repeats its frame too:
 * weighed by the long repeated detector as well, templated ~8 KB chunks rose 0.969 -> 0.971 / 0.860 -> 0.868 (this
 * split / swapped; 0.952 -> 0.965 / 0.768 -> 0.822 without the long templated detector), no cell moving more than
 * 0.002. Repeated frames are the share of prose sentences whose first three words open another sentence
 * (repeated-frames.ts).
 */
const TEMPLATED_ONLY: readonly string[] = ["density_repeated_frames"];
const TEMPLATED_FEATURES: readonly string[] = [...PARAGRAPH_REPETITION, ...TEMPLATED_ONLY];

/**
 * Features the long-text boilerplate detector leaves out: the grammar of word classes. Family A's template furniture
 * is title-case word salad made of the paper's words, so the detector learnt it from its grammar (weights of 11 and
 * -6 on these two), which another site's furniture, plain English phrases, does not share; without them it leans on
 * the layout (furniture blocks, stray and duplicated lines) and the phrases. Held out (this split / swapped), chrome
 * blocks as ~8 KB chunks 0.993 level / 0.925 -> 0.955, documents 1.000 / 0.974 -> 0.995; chunk means -0.0007 /
 * +0.0013; this split's model-written whole papers fell (continued 0.807 -> 0.789, imitations 0.798 -> 0.789, their
 * chunks up to -0.006). Leaving out the LM features too (perplexity, hits, bits per token): 0.996 / 0.964 on chunks
 * but model-written documents -0.026 to -0.035; the LM features alone: 0.995 / 0.930.
 */
const LONG_BOILERPLATE_IGNORES: readonly string[] = ["density_syntax", "density_syntax_unseen"];

/** The features the detector `kind`, fitted against `kinds` on texts up to `upToChars` (null: longer), leaves out. */
export function ignoredFeatures(kind: string, kinds: readonly Kind[], upToChars: number | null): readonly string[] {
  const sentenceLevel = kinds.every((n) => n === "shuffled" || n === "displaced" || n.startsWith("markov"));
  const markov = sentenceLevel && kinds.some((n) => n.startsWith("markov"));
  if (kind === "templated") return DENSITY_FEATURES.filter((f) => !TEMPLATED_FEATURES.includes(f));
  return upToChars !== null && kind === "repeated"
    ? DENSITY_FEATURES.filter((f) => !PARAGRAPH_REPETITION.includes(f))
    : [
        ...(upToChars === null ? [] : PARAGRAPH_IGNORES),
        ...(sentenceLevel ? SENTENCE_LEVEL_IGNORES : []),
        ...(sentenceLevel && upToChars === null ? SENTENCE_LEVEL_LONG_IGNORES : []),
        ...(upToChars === null && kind === "web" ? SITE_IGNORES : []),
        ...(kind === "machine" ? MACHINE_IGNORES : []),
        ...(kind === "imitation" ? IMITATION_IGNORES : []),
        ...(kind === "machine" || kind === "imitation" ? [] : WRITERS_ONLY),
        ...(kind === "ocr" && upToChars === null ? [] : LONG_OCR_ONLY),
        ...(sentenceLevel ? [] : SENTENCE_LEVEL_ONLY),
        ...(kind === "markov3" && upToChars === null ? [] : LONG_MARKOV3_ONLY),
        ...(markov ? [] : MARKOV_ONLY),
        ...((sentenceLevel || kind === "machine" || kind === "imitation") && upToChars === null ? [] : SEQUENCE_ONLY),
        ...(kind === "repeated" && upToChars === null ? [] : TEMPLATED_ONLY),
        ...(kind === "boilerplate" && upToChars === null ? LONG_BOILERPLATE_IGNORES : []),
      ];
}
