// Which unknown words are one typing or reading slip away from an English word: "rnodel" is not, but "modei",
// "mdel", "moodel" and "nodel" are (a letter swapped, dropped or added). OCR misreadings mostly are; a paper's
// names, symbols and coinages mostly are not, so this tells mild OCR noise from a technical vocabulary.
// Symmetric deletes (as in SymSpell): two words are one substitution, insertion or deletion apart when one of them,
// or both, with one letter deleted give the same string. The lexicon's words and their one-letter deletions are
// kept as 32-bit hashes, sorted (~0.49 M, 2 MB), and looked up by binary search: only a text's one-off unknown words
// are looked up, so an open-addressing table (8 MB at its load factor) bought nothing but memory to fill.

/** Shorter lexicon words are one edit from too many strings: "ab", "abs", "aby" and "xab" are all near "ab". */
const MIN_WORD_LETTERS = 4;

/** Last letters of inflected forms: "epochs" is "epoch" with an s added, "decoder" is "decoded" with d swapped. */
const INFLECTION_ENDS = [..."sdr"].map((c) => c.charCodeAt(0));

export interface OneEditIndex {
  /** True if `word` (lower case, not itself a lexicon word) is one edit from a lexicon word of 4+ letters. */
  near(word: string): boolean;
}

/**
 * The distinct hashes of the lexicon's words of 4+ letters and of their one-letter deletions, sorted; the longest
 * word's length.
 */
export interface OneEditTable {
  keys: Uint32Array;
  longest: number;
}

export function oneEditTable(lexicon: Iterable<string>): OneEditTable {
  const words = [...lexicon].filter((word) => word.length >= MIN_WORD_LETTERS && isLowerAscii(word));
  const longest = words.reduce((n, word) => Math.max(n, word.length), 0);
  const keys = new Uint32Array(words.reduce((n, word) => n + word.length + 1, 0));
  let n = 0;
  // hashWithout(word, i) for every i, each resumed from the hash of the letters before i instead of hashed anew:
  // half the multiplications, for the same keys.
  const before = new Int32Array(longest);
  for (const word of words) {
    let h = FNV_OFFSET;
    for (let i = 0; i < word.length; i++) {
      before[i] = h;
      h = Math.imul(h ^ word.charCodeAt(i), FNV_PRIME);
    }
    keys[n++] = finish(h);
    for (let skip = 0; skip < word.length; skip++) {
      let g = before[skip] as number;
      for (let i = skip + 1; i < word.length; i++) g = Math.imul(g ^ word.charCodeAt(i), FNV_PRIME);
      keys[n++] = finish(g);
    }
  }
  keys.sort();
  let distinct = 0;
  for (let i = 0; i < n; i++) if (i === 0 || keys[i] !== keys[i - 1]) keys[distinct++] = keys[i] as number;
  return { keys: keys.slice(0, distinct), longest };
}

export function oneEditIndex({ keys, longest }: OneEditTable): OneEditIndex {
  return {
    near(word: string): boolean {
      // A word one edit from a lexicon word is at most one letter longer; testing longer ones costs their length
      // squared (a 100,000-letter token took 34 s).
      if (word.length > longest + 1) return false;
      if (word.includes("’") || word.includes("'")) return false; // "model’s", "don’t": forms the lexicon lacks
      if (sortedHas(keys, hashWithout(word, -1))) return true; // a letter dropped from a lexicon word
      // A letter added or swapped, but not a last s, d or r: there inflections differ ("epochs", "decoder").
      const end = INFLECTION_ENDS.includes(word.charCodeAt(word.length - 1)) ? word.length - 1 : word.length;
      for (let i = 0; i < end; i++) if (sortedHas(keys, hashWithout(word, i))) return true;
      return false;
    },
  };
}

function sortedHas(keys: Uint32Array, key: number): boolean {
  let low = 0;
  let high = keys.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if ((keys[mid] as number) < key) low = mid + 1;
    else high = mid;
  }
  return keys[low] === key;
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
