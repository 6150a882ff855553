// The red-team kinds scripts/probe-degradations.ts scores: each a name, what it is in one line, and how it is made
// from one real paper (null: this paper cannot make one).
import * as edit from "./edits.js";
import { characterChain, corpusWordChain, framePaper, grammarPaper, loremPaper } from "./synthetic.js";

/** What the kinds may draw on besides the paper: every paper of the reference set. */
export class ProbeCorpus {
  private readonly chains = new Map<number, (words: number, seed: number) => string>();
  private words: string[] | undefined;

  constructor(readonly texts: readonly string[]) {}

  /** A word chain of `order` over every paper, built on first use. */
  chain(order: number): (words: number, seed: number) => string {
    let chain = this.chains.get(order);
    if (!chain) {
      chain = corpusWordChain(this.texts, order);
      this.chains.set(order, chain);
    }
    return chain;
  }

  /** Lower-case words of 5+ letters of every paper, each once. */
  contentWords(): string[] {
    this.words ??= [
      ...new Set(
        this.texts
          .join(" ")
          .toLowerCase()
          .match(/\b[a-z]{5,}\b/g),
      ),
    ];
    return this.words;
  }
}

export interface ProbeKind {
  name: string;
  what: string;
  make: (paper: string, corpus: ProbeCorpus, seed: number) => string | null;
  /** Only whole documents are scored: the kind's ~8 KB chunks are the paper's own. */
  documentsOnly?: boolean;
  /** Real text laid out otherwise: its AUC should be ~0.5. */
  control?: boolean;
}

/** Words of a generated text as long as the paper: ~6.5 characters a word, space included. */
const wordsLike = (paper: string) => Math.round(paper.length / 6.5);

export const PROBE_KINDS: ProbeKind[] = [
  {
    name: "reflowed",
    what: "control: the real paper with each paragraph's lines joined",
    control: true,
    make: (t) =>
      edit
        .paragraphsOf(t)
        .map((p) => p.replace(/\s*\n\s*/g, " "))
        .join("\n\n"),
  },
  {
    name: "paragraphs-shuffled",
    what: "paragraphs (blank-line blocks) in random order",
    make: (t, _, s) => edit.shuffleParagraphs(t, s),
  },
  {
    name: "in-paragraph-shuffled",
    what: "sentences shuffled within each paragraph only",
    make: (t, _, s) => edit.shuffleWithinParagraphs(t, s),
  },
  {
    name: "reversed-sentences",
    what: "the paper's sentences in reverse order",
    make: (t, _, s) => edit.reverseSentences(t, s),
  },
  {
    name: "half-sentences",
    what: "each sentence dropped with probability 0.5, order kept",
    make: (t, _, s) => edit.dropSentences(t, 0.5, s),
  },
  { name: "word-dropout-10", what: "10% of words deleted", make: (t, _, s) => edit.dropWords(t, 0.1, s) },
  { name: "word-dropout-30", what: "30% of words deleted", make: (t, _, s) => edit.dropWords(t, 0.3, s) },
  {
    name: "telegraphic",
    what: "function words (articles, prepositions, auxiliaries, pronouns) deleted",
    make: (t) => edit.telegraphic(t),
  },
  {
    name: "adjacent-swaps",
    what: "30% of adjacent word pairs swapped",
    make: (t, _, s) => edit.swapAdjacentWords(t, 0.3, s),
  },
  { name: "reversed-words", what: "word order reversed within each sentence", make: (t) => edit.reverseWords(t) },
  {
    name: "truncated",
    what: "each sentence cut to 40-70% of its words",
    make: (t, _, s) => edit.truncateSentences(t, s),
  },
  {
    name: "spliced",
    what: "each sentence's first half joined to another's second half",
    make: (t, _, s) => edit.spliceSentences(t, s),
  },
  {
    name: "gloss",
    what: "word-by-word translation: no articles, prepositions confused, adjectives after nouns, verb last",
    make: (t, _, s) => edit.glossLike(t, s),
  },
  {
    name: "half-german",
    what: "half the sentences' common words put into German word by word",
    make: (t, _, s) => edit.halfGerman(t, 0.5, s),
  },
  {
    name: "unpunctuated",
    what: "lower case, punctuation removed (speech-recogniser-like)",
    make: (t) => edit.unpunctuated(t),
  },
  { name: "upper-case", what: "the whole paper upper-cased", make: (t) => t.toUpperCase() },
  {
    name: "content-swap",
    what: "half the content words replaced by other papers' words",
    make: (t, c, s) => edit.swapContentWords(t, c.contentWords(), 0.5, s),
  },
  {
    name: "random-digits",
    what: "every digit replaced by a random one",
    make: (t, _, s) => edit.randomiseDigits(t, s),
  },
  { name: "duplicated", what: "the whole paper twice", documentsOnly: true, make: (t) => `${t}\n\n${t}` },
  {
    name: "opening-x6",
    what: "the first ~1.5 KB (abstract) inserted 6 more times between paragraphs",
    make: (t, _, s) => edit.repeatOpening(t, 6, s),
  },
  {
    name: "latex-source",
    what: "the paper as LaTeX source (\\section, ~\\cite, $x$, % comments)",
    make: (t, _, s) => edit.asLatexSource(t, s),
  },
  {
    name: "references-only",
    what: "the references section alone (papers with over 3 KB of it)",
    make: (t) => edit.referencesSection(t),
  },
  {
    name: "scigen",
    what: "SCIgen-like grammar (13 sentence rules, sections, references) over the paper's terms",
    make: (t, _, s) => grammarPaper(t, t.length, s),
  },
  {
    name: "frames",
    what: "5 sentence frames repeated, filled with the paper's terms",
    make: (t, _, s) => framePaper(t, t.length, s),
  },
  {
    name: "lorem",
    what: "lorem ipsum words, 35% of them the paper's terms",
    make: (t, _, s) => loremPaper(t, t.length, s),
  },
  {
    name: "char-chain-5",
    what: "character Markov chain of order 5 over the paper",
    make: (t, _, s) => characterChain(t, 5, t.length, s),
  },
  {
    name: "char-chain-8",
    what: "character Markov chain of order 8 over the paper",
    make: (t, _, s) => characterChain(t, 8, t.length, s),
  },
  {
    name: "corpus-chain-2",
    what: "word Markov chain of order 2 over all 52 papers",
    make: (t, c, s) => c.chain(2)(wordsLike(t), s),
  },
  {
    name: "corpus-chain-5",
    what: "word Markov chain of order 5 over all 52 papers",
    make: (t, c, s) => c.chain(5)(wordsLike(t), s),
  },
  {
    name: "corpus-chain-6",
    what: "word Markov chain of order 6 over all 52 papers",
    make: (t, c, s) => c.chain(6)(wordsLike(t), s),
  },
];
