// Which unknown words are one typing or reading slip away from an English word: "rnodel" is not, but "modei",
// "mdel", "moodel" and "nodel" are (a letter swapped, dropped or added). OCR misreadings mostly are; a paper's
// names, symbols and coinages mostly are not, so this tells mild OCR noise from a technical vocabulary.
// Symmetric deletes (as in SymSpell): two words are one substitution, insertion or deletion apart when one of them,
// or both, with one letter deleted give the same string. The lexicon's words and their one-letter deletions are
// kept as 32-bit hashes in one open-addressing table (~0.5 M entries, 8 MB), built once per lexicon in ~0.1-0.2 s.
import { addKey, hasKey, keySet } from "./key-set.js";

/** Shorter lexicon words are one edit from too many strings: "ab", "abs", "aby" and "xab" are all near "ab". */
const MIN_WORD_LETTERS = 4;

/** Last letters of inflected forms: "epochs" is "epoch" with an s added, "decoder" is "decoded" with d swapped. */
const INFLECTION_ENDS = [..."sdr"].map((c) => c.charCodeAt(0));

export interface OneEditIndex {
  /** True if `word` (lower case, not itself a lexicon word) is one edit from a lexicon word of 4+ letters. */
  near(word: string): boolean;
}

const indexes = new WeakMap<ReadonlySet<string>, OneEditIndex>();

export function oneEditIndex(lexicon: ReadonlySet<string>): OneEditIndex {
  let index = indexes.get(lexicon);
  if (index) return index;
  const words = [...lexicon].filter((word) => word.length >= MIN_WORD_LETTERS && isLowerAscii(word));
  // A word one edit from a lexicon word is at most one letter longer; testing longer ones costs their length squared
  // (a 100,000-letter token took 34 s).
  const longest = words.reduce((n, word) => Math.max(n, word.length), 0);
  const table = keySet(words.reduce((n, word) => n + word.length + 1, 0));
  // hashWithout(word, i) for every i, each resumed from the hash of the letters before i instead of hashed anew:
  // half the multiplications, for the same keys.
  const before = new Int32Array(longest);
  for (const word of words) {
    let h = FNV_OFFSET;
    for (let i = 0; i < word.length; i++) {
      before[i] = h;
      h = Math.imul(h ^ word.charCodeAt(i), FNV_PRIME);
    }
    addKey(table, finish(h));
    for (let skip = 0; skip < word.length; skip++) {
      let g = before[skip] as number;
      for (let i = skip + 1; i < word.length; i++) g = Math.imul(g ^ word.charCodeAt(i), FNV_PRIME);
      addKey(table, finish(g));
    }
  }
  index = {
    near(word: string): boolean {
      if (word.length > longest + 1) return false;
      if (word.includes("’") || word.includes("'")) return false; // "model’s", "don’t": forms the lexicon lacks
      if (hasKey(table, hashWithout(word, -1))) return true; // a letter dropped from a lexicon word
      // A letter added or swapped, but not a last s, d or r: there inflections differ ("epochs", "decoder").
      const end = INFLECTION_ENDS.includes(word.charCodeAt(word.length - 1)) ? word.length - 1 : word.length;
      for (let i = 0; i < end; i++) if (hasKey(table, hashWithout(word, i))) return true;
      return false;
    },
  };
  indexes.set(lexicon, index);
  return index;
}

function isLowerAscii(word: string): boolean {
  for (let i = 0; i < word.length; i++) {
    const c = word.charCodeAt(i);
    if (c < 97 || c > 122) return false;
  }
  return true;
}

const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

/** FNV-1a of `word` without its character at `skip` (-1: the whole word); never 0, the empty slot. */
function hashWithout(word: string, skip: number): number {
  let h = FNV_OFFSET;
  for (let i = 0; i < word.length; i++) if (i !== skip) h = Math.imul(h ^ word.charCodeAt(i), FNV_PRIME);
  return finish(h);
}

function finish(h: number): number {
  h ^= h >>> 16;
  return h >>> 0 || 1;
}
