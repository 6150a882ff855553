// Register: the marks of academic writing against those of journalism, blogs, forums and encyclopedias. Clean web
// prose passes every degradation detector (it is coherent, fluent and spelt right), and an encyclopedia paragraph
// carries as many numbers and long words as a paper's; what it lacks is the apparatus of a paper and the voice.
// - cross-references: "Figure 3", "Table 2", "Section 4.1", "Eq. (5)", "Appendix A", "Theorem 2": a paper points
//   into itself; web pages do not number their parts.
// - parentheses: citations, abbreviations being defined, equation numbers and asides; papers open several per
//   sentence, web prose few.
// - authorial "we": papers report what the authors did ("we train", "our model"); news and encyclopedias speak of
//   others, blogs and forums say "I".
// - first person singular ("I", "my", "me"): blogs, forums, reviews and columns; papers almost never.
// - reported speech ("said", "says", "told", "according to"): journalism quotes people; papers cite them.
import { CAPITALIZED, NUMBER, SYMBOL, type Tokens, WORD } from "../ngram-lm/tokens.js";
import {
  ABBREVIATED_NAMES,
  I,
  LIST_ACCORDING,
  LIST_CROSS_REFERENCE,
  LIST_FIRST_PERSON_PLURAL,
  LIST_FIRST_PERSON_SINGULAR,
  LIST_SPEECH_VERB,
  TO,
  tokenLists,
} from "./words.js";

export interface Register {
  /** Numbered references to the text's own figures, tables, sections, equations and theorems, per sentence. */
  crossReferences: number;
  /** Opening parentheses per sentence. */
  parentheses: number;
  /** "we", "our", "us" per sentence. */
  authorialWe: number;
  /** "I", "my", "me", "mine", "myself" per word. */
  firstPersonSingular: number;
  /** "said", "says", "told", "according to" per sentence. */
  reportedSpeech: number;
}

const OPEN_PAREN = 40;
const PERIOD = 46;
/** A label after a cross-reference name: a number, a roman numeral or a one-letter appendix ("A", "IV"). */
const MAX_LABEL_LETTERS = 4;

function isLabel(text: string, tokens: Tokens, i: number): boolean {
  const f = tokens.flags[i] as number;
  if (f & NUMBER) return true;
  if ((f & WORD) === 0 || (f & CAPITALIZED) === 0 || (tokens.lengths[i] as number) > MAX_LABEL_LETTERS) return false;
  const at = tokens.offsets[i] as number;
  const end = at + (tokens.lengths[i] as number);
  for (let k = at; k < end; k++) if ("IVXABCDEFGH".indexOf(text[k] as string) < 0) return false;
  return true;
}

function isSymbolAt(text: string, tokens: Tokens, j: number, code: number): boolean {
  return (
    j < tokens.count &&
    ((tokens.flags[j] as number) & SYMBOL) !== 0 &&
    text.charCodeAt(tokens.offsets[j] as number) === code
  );
}

/**
 * The token of the label after the cross-reference name at token i ("Fig. 3", "Eq. (5)": past an abbreviation's
 * period and an opening parenthesis), or -1 for none.
 */
export function labelAt(text: string, tokens: Tokens, i: number): number {
  let j = i + 1;
  if (ABBREVIATED_NAMES.has(tokens.hashes[i] as number) && isSymbolAt(text, tokens, j, PERIOD)) j++;
  if (isSymbolAt(text, tokens, j, OPEN_PAREN)) j++;
  return j < tokens.count && isLabel(text, tokens, j) ? j : -1;
}

/** `lists`: tokenLists(tokens), when the caller has it. */
export function register(text: string, tokens: Tokens, lists = tokenLists(tokens)): Register {
  const { hashes, flags, offsets, count } = tokens;
  let crossReferences = 0;
  let parentheses = 0;
  let we = 0;
  let singular = 0;
  let speech = 0;
  let words = 0;
  for (let i = 0; i < count; i++) {
    const f = flags[i] as number;
    if (f & SYMBOL) {
      if (text.charCodeAt(offsets[i] as number) === OPEN_PAREN) parentheses++;
      continue;
    }
    if ((f & WORD) === 0) continue;
    words++;
    const h = hashes[i] as number;
    const on = lists[i] as number;
    if (on === 0) continue;
    if (on & LIST_FIRST_PERSON_PLURAL) we++;
    // A lower-case "i" is an index variable, not the pronoun.
    else if (on & LIST_FIRST_PERSON_SINGULAR) singular += h !== I || f & CAPITALIZED ? 1 : 0;
    else if (on & LIST_SPEECH_VERB || (on & LIST_ACCORDING && hashes[i + 1] === TO)) speech++;
    else if (on & LIST_CROSS_REFERENCE && labelAt(text, tokens, i) >= 0) crossReferences++;
  }
  const s = Math.max(1, tokens.sentences);
  return {
    crossReferences: crossReferences / s,
    parentheses: parentheses / s,
    authorialWe: we / s,
    firstPersonSingular: words === 0 ? 0 : singular / words,
    reportedSpeech: speech / s,
  };
}
