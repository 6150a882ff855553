// Sentences that stop on a word no sentence ends with ("... allows one to recover the.", "D is maintained near
// its."), as text cut short leaves them: truncated extraction, fragments stitched together, a generator that
// stops mid-phrase. In real papers' ~8 KB chunks at most 2.3% of sentences end on one (nine in ten chunks: none).
import { SYMBOL, type Tokens, WORD } from "../ngram-lm/tokens.js";
import { LIST_NEEDS_A_NEXT_WORD, tokenLists } from "./words.js";

const PERIOD = 46;
const EXCLAMATION = 33;
const QUESTION = 63;

/**
 * Share of sentence-ending . ! ? (followed by a space or the end) whose word before needs a next word (words.ts
 * NEEDS_A_NEXT_WORD). `lists`: tokenLists(tokens), when the caller has it.
 */
export function danglingEnds(text: string, tokens: Tokens, lists = tokenLists(tokens)): number {
  const { flags, offsets, count } = tokens;
  let ends = 0;
  let dangling = 0;
  for (let i = 1; i < count; i++) {
    if (((flags[i] as number) & SYMBOL) === 0) continue;
    const at = offsets[i] as number;
    const c = text.charCodeAt(at);
    if (c !== PERIOD && c !== EXCLAMATION && c !== QUESTION) continue;
    const next = text.charCodeAt(at + 1);
    if (!(Number.isNaN(next) || next === 32 || next === 10 || next === 9 || next === 13)) continue;
    ends++;
    if ((flags[i - 1] as number) & WORD && (lists[i - 1] as number) & LIST_NEEDS_A_NEXT_WORD) dangling++;
  }
  return ends === 0 ? 0 : dangling / ends;
}
