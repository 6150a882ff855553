// Immediate repetition, the signature of degenerate decoding (a model fed its own output): a span of words comes
// again right after itself, once or several times ("the results show that the results show that"). Writers almost
// never do this; six-word repeats anywhere in the text (repeated-phrases.ts) miss short loops and dilute long ones.
import { LINE_START, type Tokens, WORD } from "../ngram-lm/tokens.js";
import { LIST_CLASS_FUNCTION, tokenLists } from "./words.js";

/** Longest span checked, in words: a long sentence said twice. A one-word span is a stutter, not a loop. */
const MAX_SPAN = 48;
const MIN_SPAN = 2;

/** Lines with this many words or fewer are table cells or headings, not prose ("yes", "no", "weight decay"). */
const CELL_WORDS = 2;

/**
 * Share of words that complete a repeat of the words just before them. Words only: numbers share one hash, and
 * symbols repeat in dot leaders ("Introduction . . . . 3"). The repeated span must hold a function word: table
 * cells repeat too ("output size: 56 output size: 28"), but they are not prose. Words of short lines are left out
 * for the same reason: a table extracted one cell per line reads "yes no yes no". `lists`: tokenLists(tokens), when
 * the caller has it.
 */
export function echoes(tokens: Tokens, lists = tokenLists(tokens)): number {
  const keys = new Uint32Array(tokens.count);
  // functionWords[k] = function words (the word-class model's) among the first k words.
  const functionWords = new Uint32Array(tokens.count + 1);
  const line = lineWordCounts(tokens);
  let n = 0;
  for (let i = 0; i < tokens.count; i++)
    if ((tokens.flags[i] as number) & WORD && (line.words[line.of[i] as number] as number) > CELL_WORDS) {
      keys[n] = tokens.hashes[i] as number;
      functionWords[n + 1] = (functionWords[n] as number) + ((lists[i] as number) & LIST_CLASS_FUNCTION ? 1 : 0);
      n++;
    }
  if (n < 2 * MIN_SPAN) return 0;
  const echoed = new Uint8Array(n);
  const previous = previousSame(keys, n);
  // Per span p: where its current run of matches (word i = word i - p) ends, and how long it is. Only the spans at
  // which word i repeats an earlier word are touched, found along the chain of its previous occurrences.
  const runEnd = new Int32Array(MAX_SPAN + 1).fill(-2);
  const runLength = new Int32Array(MAX_SPAN + 1);
  for (let i = 0; i < n; i++) {
    for (let j = previous[i] as number; j >= 0 && i - j <= MAX_SPAN; j = previous[j] as number) {
      const span = i - j;
      if (span < MIN_SPAN) continue;
      const run = runEnd[span] === i - 1 ? (runLength[span] as number) + 1 : 1;
      runEnd[span] = i;
      runLength[span] = run;
      if (run < span || (functionWords[i + 1] as number) === (functionWords[i + 1 - span] as number)) continue;
      // The whole copy once the run first covers it, then each further word that keeps looping.
      echoed.fill(1, run === span ? i + 1 - span : i, i + 1);
    }
  }
  let count = 0;
  for (let i = 0; i < n; i++) count += echoed[i] as number;
  return count / n;
}

/** Each token's line (`of`) and each line's count of word tokens (`words`). */
function lineWordCounts(tokens: Tokens): { of: Int32Array; words: number[] } {
  const { flags, count } = tokens;
  const of = new Int32Array(count);
  const words = [0];
  for (let i = 0; i < count; i++) {
    if (i > 0 && (flags[i] as number) & LINE_START) words.push(0);
    of[i] = words.length - 1;
    if ((flags[i] as number) & WORD) words[words.length - 1] = (words[words.length - 1] as number) + 1;
  }
  return { of, words };
}

/** For each word, the index of the previous occurrence of the same word (-1: none), by an open-addressing table. */
function previousSame(keys: Uint32Array, n: number): Int32Array {
  let size = 16;
  while (size < n * 2) size *= 2;
  const mask = size - 1;
  const slotKeys = new Uint32Array(size);
  const slotLast = new Int32Array(size).fill(-1);
  const previous = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const key = keys[i] as number;
    let slot = (Math.imul(key, 0x9e3779b1) >>> 0) & mask;
    while (slotLast[slot] !== -1 && slotKeys[slot] !== key) slot = (slot + 1) & mask;
    previous[i] = slotLast[slot] as number;
    slotKeys[slot] = key;
    slotLast[slot] = i;
  }
  return previous;
}
