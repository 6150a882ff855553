// The kinds of text the density detectors are asked to tell from real papers: family A is fitted on and evaluated,
// family B only evaluated.

/**
 * Family A negatives (fitted and evaluated; filters/density/degrade.ts): the same units degraded (sentences shuffled
 * within the unit, 50-85% of the paper's sentences moved to one another's places ("displaced"), word Markov text of
 * order 1-3 trained on the paper or on the half's papers, of order 3-4 trained on the paper or 4 on the half's papers
 * (long verbatim runs spliced where the text repeats three or four words: loops), sentence-level Markov text as the
 * markovify library makes it ("sentences": whole sentences of state size 2-3 over the half's papers or 3 over the
 * paper, none quoting over 15 words; fitted by the longer texts' Markov-2 detector only), 10-30% of words swapped, replaced
 * by words of the text or dropped ("scrambled"), 10-40% of sentences said two or three times in a row ("repeated",
 * degenerate decoding), text cast in 3, 5 or 8 of the unit's sentences, each output sentence one of them with 70% of
 * its lower-case content words of four letters or more refilled from the unit ("templated": as a template generator writes; fitted by
 * detectors of its own on the repetition features and repeated frames only, at both scales), two columns read across in blocks of 6, 12 or 24 lines ("columns", a PDF reading-order
 * failure), 5-30% of lines spelled out letter by letter ("spaced", character-spaced layout), half or all of the
 * fi/fl/ff ligatures lost ("ligatures", a text layer without their Unicode mapping), 20-40% boilerplate interleaved
 * (lines of a list, or 30% furniture made from templates and the paper's words in blocks),
 * OCR noise at 0.6, 2 or 6% of characters: good, typical and poor OCR), man pages from text-dev cut into the same
 * units, web-like pages of six genres (news, encyclopedia, blog, product, forum, recipe;
 * scripts/fixtures/web-like/), and research-paper imitations written by a model: 3-6 KB ones of machine learning
 * ("machine", paragraphs) and 18 whole ones of many fields ("imitation", longer texts; fitted only).
 */
export const NEGATIVE_KINDS = [
  "shuffled",
  "displaced",
  "markov1",
  "markov2",
  "markov3",
  "sentences",
  "scrambled",
  "repeated",
  "templated",
  "columns",
  "spaced",
  "ligatures",
  "boilerplate",
  "ocr",
  "textdev",
  "web",
  "machine",
  "imitation",
] as const;

/**
 * Evaluation-only kinds of family B.
 * Family B negatives (evaluated only, never fitted; filters/density/degrade-unseen.ts): made differently (sentences
 * drawn from the whole document into the window, a punctuation-token Markov chain re-laid out like pdftotext,
 * markovify's sentence-level chain of state size 2 over the paper itself, with and without bracketed sentences,
 * sentences cut short, words shuffled within 4-word windows or stray words inserted ("garbled"), 3-8 word runs
 * looped 2-4 times inside 15-50% of sentences ("loops"), the paper interleaved with sentences of two others
 * ("interleaved"), runs of 3-8 lines read in a random order ("misordered"), word-level OCR noise with another
 * confusion table, other chrome lines between lines or in a page's header, footer and sidebar blocks ("chrome-blocks")),
 * READMEs, changelogs and licences from text-dev (not man
 * pages), web-like pages of nine other genres (science news, press releases, columns, travel, sport, health,
 * history, reviews, how-to) and research-paper imitations written by a model (scripts/fixtures/machine-written/): of
 * other sciences ("machine"), of machine learning and computing but texts the fit never saw ("machine-ml"),
 * whole papers of both ("machine-long") and whole papers in six other registers ("machine-styles").
 */
export const UNSEEN_KINDS = [
  "shuffled",
  "markov",
  "markovify",
  "markovify-bracketed",
  "garbled",
  "loops",
  "interleaved",
  "misordered",
  "boilerplate",
  "chrome-blocks",
  "ocr",
  "textdev",
  "web",
  "machine",
  "machine-ml",
  "machine-long",
  "machine-styles",
  "machine-continued",
] as const;

export type Family = "A" | "B";
export type Kind = "real" | (typeof NEGATIVE_KINDS)[number] | (typeof UNSEEN_KINDS)[number];
