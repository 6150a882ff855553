// Syntax fluency: how well a text's word-class sequence (word-classes.ts) fits an n-gram model of the classes of
// clean reference prose. Topic-free, so it measures grammar rather than subject: swapped, dropped, substituted or
// inserted words break class sequences the reference never shows ("the of", "is the we"), while the sentence-level
// degradations (shuffled sentences, Markov text) keep each sentence's grammar and are left to
// coherence.ts and discourse.ts.
import { NgramModel } from "../ngram-lm/model.js";
import { modelFile } from "../ngram-lm/perplexity.js";
import { SYMBOL, type Tokens, WORD } from "../ngram-lm/tokens.js";
import { wordClasses } from "./word-classes.js";
import { tokenLists } from "./words.js";

/** The shipped class model (see build-syntax-model.ts for its source and licence). */
export const SYNTAX_MODEL_PATH = modelFile("syntax-lm.bin");

let syntaxModel: NgramModel | undefined;
/** Loaded once per thread, as the word LM is (loadDefaultModel): each DensityScorer took its own copy. */
export function loadSyntaxModel(): NgramModel {
  syntaxModel ??= NgramModel.load(SYNTAX_MODEL_PATH);
  return syntaxModel;
}

export interface SyntaxFluency {
  /** Mean log10 probability per token of the class sequence. */
  logProb: number;
  /** Share of three-word runs whose class trigram the model never stored: grammar the reference does not have. */
  unseenTrigrams: number;
  /**
   * Mean log10 p of the tokens whose class trigram straddles a line break, minus that of the other tokens. Wrapping
   * is blind to grammar, so real text scores ~0; lines read in the wrong order (two columns read across, lines out
   * of place, furniture between lines) break the grammar exactly at the breaks.
   */
  lineJoins: number;
  /**
   * Share of the full stops after a word that the class model gives less than UNLIKELY_STOP: sentences end after a
   * noun, a number or a closing bracket far more often than after a determiner, a preposition or a verb, as text cut
   * short ends.
   */
  stopGrammar: number;
}

const FULL_STOP = 46;
/** log10 p below which a full stop is one the reference grammar seldom has (1 in 100). */
const UNLIKELY_STOP = -2;

/** Fewer straddling tokens than this say nothing about line order. */
const MIN_STRADDLING = 8;

/** `lists`: tokenLists(tokens), when the caller has it. */
export function syntaxFluency(
  model: NgramModel,
  text: string,
  tokens: Tokens,
  lists = tokenLists(tokens),
): SyntaxFluency {
  if (tokens.count < 3) return { logProb: 0, unseenTrigrams: 0, lineJoins: 0, stopGrammar: 0 };
  const found = new Uint8Array(tokens.count);
  const logProbs = new Float64Array(tokens.count);
  const sum = model.log10Sum(wordClasses(text, tokens, lists), tokens.count, found, logProbs);
  let runs = 0;
  let unseen = 0;
  let stops = 0;
  let unlikelyStops = 0;
  const { flags } = tokens;
  for (let i = 2; i < tokens.count; i++) {
    if (
      (flags[i] as number) & SYMBOL &&
      (flags[i - 1] as number) & WORD &&
      text.charCodeAt(tokens.offsets[i] as number) === FULL_STOP
    ) {
      stops++;
      if ((logProbs[i] as number) < UNLIKELY_STOP) unlikelyStops++;
    }
    // Only runs of three words: numbers and symbols make math and tables read as odd grammar.
    if (!((flags[i] as number) & (flags[i - 1] as number) & (flags[i - 2] as number) & WORD)) continue;
    runs++;
    if ((found[i] as number) < 3) unseen++;
  }
  return {
    logProb: sum / tokens.count,
    unseenTrigrams: runs === 0 ? 0 : unseen / runs,
    lineJoins: lineJoins(tokens, logProbs),
    stopGrammar: stops === 0 ? 0 : unlikelyStops / stops,
  };
}

function lineJoins(tokens: Tokens, logProbs: Float64Array): number {
  const { newlinesBefore, count } = tokens;
  let straddling = 0;
  let straddlingSum = 0;
  let restSum = 0;
  let afterBreak = 0; // tokens left whose trigram reaches back over the last line break
  for (let i = 2; i < count; i++) {
    // One newline between two tokens is a line break; two or more are a paragraph break, left out.
    const newlines = newlinesBefore[i] as number;
    if (newlines === 1) afterBreak = 2;
    else if (newlines > 1) afterBreak = 0;
    if (afterBreak > 0) {
      afterBreak--;
      straddling++;
      straddlingSum += logProbs[i] as number;
    } else restSum += logProbs[i] as number;
  }
  const rest = count - 2 - straddling;
  if (straddling < MIN_STRADDLING || rest === 0) return 0;
  return straddlingSum / straddling - restSum / rest;
}
