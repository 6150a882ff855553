// The Markov chains a paper's negatives are generated from: trained on its half's papers and on the paper itself.
import { markovChain } from "../../filters/density/degrade.js";
import { punctuationTokens, sentenceMarkov } from "../../filters/density/degrade-unseen.js";

export type Chain = ReturnType<typeof markovChain>;
export type SentenceChain = ReturnType<typeof sentenceMarkov>;

/** The chains trained on one half's papers. */
export interface HalfChains {
  /** Word chains of order 1, 2 and 4. */
  words: Chain[];
  /** Sentence-level chains of state size 2 and 3. */
  sentences: SentenceChain[];
  /** Family B's punctuation-token chains of order 2 and 3 (none outside the held-out half). */
  unseen: Chain[];
}

/** The chains of one paper, with its half's. */
export interface PaperChains {
  half: HalfChains;
  /** Word chains of order 2, 3 and 4 over the paper. */
  own: Chain[];
  /** Sentence-level chains: state size 2 and 3 over the half's papers, 3 over the paper. */
  sentences: SentenceChain[];
  /** Family B's punctuation-token chain of order 3 over the paper (held-out half only). */
  ownUnseen: Chain | undefined;
  /** Family B's markovify chains of state size 2 over the paper, without and with bracketed sentences. */
  ownSentences: SentenceChain[];
}

/** The chains of the papers `corpus` of one half; `heldOut` for the evaluation half, where family B is made. */
export function halfChains(corpus: string[], seed: number, heldOut: boolean): HalfChains {
  return {
    words: [markovChain(corpus, 1), markovChain(corpus, 2), markovChain(corpus, 4)],
    // Laid out three ways (one line, a line per sentence, wrapped), so that no one layout is what the detectors learn.
    // Trained on bracketed sentences too in one of them, the held-out markovify cells fell 0.008 / 0.013 and
    // bracketed ones rose only 0.003 / 0.007 (docs/density.md, stop 37): kept as markovify makes it.
    sentences: [
      sentenceMarkov(corpus, 2, { join: (sentences) => sentences.join(" ") }),
      sentenceMarkov(corpus, 3, { join: (sentences) => sentences.join("\n") }),
    ],
    // Family B is only scored on the evaluation half.
    unseen: heldOut ? [2, 3].map((o) => markovChain(corpus, o, punctuationTokens(seed + o))) : [],
  };
}

/** The chains of the paper `text`, of a half with chains `half`; `s` is the paper's seed. */
export function paperChains(text: string, half: HalfChains, s: number, heldOut: boolean): PaperChains {
  return {
    half,
    own: [markovChain([text], 2), markovChain([text], 3), markovChain([text], 4)],
    // Wrapped like pdftotext (sentenceMarkov's default): the third of the layouts in halfChains.
    sentences: [...half.sentences, sentenceMarkov([text], 3)],
    ownUnseen: heldOut ? markovChain([text], 3, punctuationTokens(s)) : undefined,
    ownSentences: heldOut ? [false, true].map((b) => sentenceMarkov([text], 2, { bracketed: b })) : [],
  };
}
