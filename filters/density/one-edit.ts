// Which unknown words are one typing or reading slip away from an English word: "rnodel" is not, but "modei",
// "mdel", "moodel" and "nodel" are (a letter swapped, dropped or added). OCR misreadings mostly are; a paper's
// names, symbols and coinages mostly are not, so this tells mild OCR noise from a technical vocabulary.
// Symmetric deletes (as in SymSpell): two words are one substitution, insertion or deletion apart when one of them,
// or both, with one letter deleted give the same string. The lexicon's words and their one-letter deletions are
// kept as 32-bit hashes in one open-addressing table (~0.5 M entries, 8 MB), built once per lexicon in ~0.1 s.

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
  const table = new HashSet32(lexicon.size * 8);
  for (const word of lexicon) {
    if (word.length < MIN_WORD_LETTERS || !isLowerAscii(word)) continue;
    table.add(hashWithout(word, -1));
    for (let i = 0; i < word.length; i++) table.add(hashWithout(word, i));
  }
  index = {
    near(word: string): boolean {
      if (word.includes("’") || word.includes("'")) return false; // "model’s", "don’t": forms the lexicon lacks
      if (table.has(hashWithout(word, -1))) return true; // a letter dropped from a lexicon word
      // A letter added or swapped, but not a last s, d or r: there inflections differ ("epochs", "decoder").
      const end = INFLECTION_ENDS.includes(word.charCodeAt(word.length - 1)) ? word.length - 1 : word.length;
      for (let i = 0; i < end; i++) if (table.has(hashWithout(word, i))) return true;
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

/** FNV-1a of `word` without its character at `skip` (-1: the whole word); never 0, the empty slot. */
function hashWithout(word: string, skip: number): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < word.length; i++) if (i !== skip) h = Math.imul(h ^ word.charCodeAt(i), 0x01000193);
  h ^= h >>> 16;
  return h >>> 0 || 1;
}

/** Set of nonzero 32-bit keys, linear probing in a power-of-two table kept at most half full. */
class HashSet32 {
  private keys: Uint32Array;
  private count = 0;
  constructor(expected: number) {
    let size = 1024;
    while (size < expected * 2) size <<= 1;
    this.keys = new Uint32Array(size);
  }
  add(key: number): void {
    if (this.count * 2 >= this.keys.length) this.grow();
    const mask = this.keys.length - 1;
    for (let s = Math.imul(key, 0x9e3779b1) >>> 0; ; s++) {
      const at = s & mask;
      if (this.keys[at] === key) return;
      if (this.keys[at] === 0) {
        this.keys[at] = key;
        this.count++;
        return;
      }
    }
  }
  has(key: number): boolean {
    const mask = this.keys.length - 1;
    for (let s = Math.imul(key, 0x9e3779b1) >>> 0; ; s++) {
      const v = this.keys[s & mask] as number;
      if (v === key) return true;
      if (v === 0) return false;
    }
  }
  private grow(): void {
    const old = this.keys;
    this.keys = new Uint32Array(old.length * 2);
    this.count = 0;
    for (const key of old) if (key !== 0) this.add(key);
  }
}
