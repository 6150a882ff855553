// Sentences that stop on a word no sentence ends with ("... allows one to recover the.", "D is maintained near
// its."), as text cut short leaves them: truncated extraction, fragments stitched together, a generator that
// stops mid-phrase. In real papers' ~8 KB chunks at most 2.3% of sentences end on one (nine in ten chunks: none).
import { hashWord, SYMBOL, type Tokens, WORD } from "../ngram-lm/tokens.js";
import { WordHashes } from "./key-set.js";

/**
 * Articles, prepositions, conjunctions and possessives that need a word after them. Left out: "a" (a variable or a
 * panel, "Figure 3a."), "on" ("and so on."), "to", "in", "at", "is", "are" (phrasal and elliptic ends).
 */
const NEEDS_A_NEXT_WORD = new WordHashes(
  "the an of for with by from and or but its their our than into whose via".split(" ").map(hashWord),
);

const PERIOD = 46;
const EXCLAMATION = 33;
const QUESTION = 63;

/** Share of sentence-ending . ! ? (followed by a space or the end) whose word before needs a next word. */
export function danglingEnds(text: string, tokens: Tokens): number {
  const { flags, hashes, offsets, count } = tokens;
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
    if ((flags[i - 1] as number) & WORD && NEEDS_A_NEXT_WORD.has(hashes[i - 1] as number)) dangling++;
  }
  return ends === 0 ? 0 : dangling / ends;
}
