// Sets of a span's content words as sorted arrays of their hashes, and their overlap: what the document detectors of
// adjacency (paragraph-adjacency.ts, sentence-adjacency.ts) compare spans by.
import { type Tokens, WORD } from "../ngram-lm/tokens.js";
import { LIST_CLASS_FUNCTION } from "./words.js";

/** Words shorter than this are left out with the function words: content words carry a span's subject. */
export const MIN_WORD_LENGTH = 5;

/** The distinct content words of tokens [from, to), sorted; `lists`: tokenLists(tokens); `scratch`: room for them. */
export function contentWords(tokens: Tokens, lists: Uint32Array, from: number, to: number, scratch: Uint32Array) {
  const { flags, hashes, lengths } = tokens;
  let n = 0;
  for (let i = from; i < to; i++)
    if (
      ((flags[i] as number) & WORD) !== 0 &&
      (lengths[i] as number) >= MIN_WORD_LENGTH &&
      ((lists[i] as number) & LIST_CLASS_FUNCTION) === 0
    )
      scratch[n++] = hashes[i] as number;
  const words = scratch.subarray(0, n).sort();
  let kept = 0;
  for (let i = 0; i < n; i++) if (i === 0 || words[i] !== words[i - 1]) words[kept++] = words[i] as number;
  return words.slice(0, kept);
}

/** Jaccard overlap of two sorted sets. */
export function overlap(a: Uint32Array, b: Uint32Array): number {
  let i = 0;
  let j = 0;
  let shared = 0;
  while (i < a.length && j < b.length) {
    const x = a[i] as number;
    const y = b[j] as number;
    if (x === y) {
      shared++;
      i++;
      j++;
    } else if (x < y) i++;
    else j++;
  }
  const union = a.length + b.length - shared;
  return union === 0 ? 0 : shared / union;
}
