// Syntax fluency: how well a text's word-class sequence (word-classes.ts) fits an n-gram model of the classes of
// clean reference prose. Topic-free, so it measures grammar rather than subject: swapped, dropped, substituted or
// inserted words break class sequences the reference never shows ("the of", "is the we"), while the sentence-level
// degradations (shuffled sentences, Markov text) keep each sentence's grammar and are left to
// coherence.ts and discourse.ts.
import { NgramModel } from "../ngram-lm/model.js";
import { modelFile } from "../ngram-lm/perplexity.js";
import { type Tokens, WORD } from "../ngram-lm/tokens.js";
import { wordClasses } from "./word-classes.js";

/** The shipped class model (see build-syntax-model.ts for its source and licence). */
export const SYNTAX_MODEL_PATH = modelFile("syntax-lm.bin");

export function loadSyntaxModel(path = SYNTAX_MODEL_PATH): NgramModel {
  return NgramModel.load(path);
}

export interface SyntaxFluency {
  /** Mean log10 probability per token of the class sequence. */
  logProb: number;
  /** Share of three-word runs whose class trigram the model never stored: grammar the reference does not have. */
  unseenTrigrams: number;
}

export function syntaxFluency(model: NgramModel, text: string, tokens: Tokens): SyntaxFluency {
  if (tokens.count < 3) return { logProb: 0, unseenTrigrams: 0 };
  const found = new Uint8Array(tokens.count);
  const sum = model.log10Sum(wordClasses(text, tokens), tokens.count, found);
  // Only runs of three words: numbers and symbols make math and tables read as odd grammar.
  let runs = 0;
  let unseen = 0;
  const { flags } = tokens;
  for (let i = 2; i < tokens.count; i++) {
    if (!((flags[i] as number) & (flags[i - 1] as number) & (flags[i - 2] as number) & WORD)) continue;
    runs++;
    if ((found[i] as number) < 3) unseen++;
  }
  return { logProb: sum / tokens.count, unseenTrigrams: runs === 0 ? 0 : unseen / runs };
}
