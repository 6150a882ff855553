// Fast word tokenization for the n-gram LM and the density components: one pass over char codes, no strings.
// Why not filters/tokenizer.ts: the LM wants lowercased 32-bit word hashes (not spaCy-exact strings) and scoring
// must run at >= 5 MB/s per core, so tokens are hashed while scanning and only typed arrays are allocated.
import { growU32 } from "./grow.js";

/** Token flag bits, one byte per token. */
export const WORD = 1; // a run of letters (digits allowed inside: "l1ke", "x2")
export const NUMBER = 2; // digits with inner . , (3.14, 1,000)
export const SYMBOL = 4; // any other single non-space character
export const CAPITALIZED = 8; // word whose first letter is upper case
export const ODD_CASE = 16; // upper case after a lower-case letter inside a word ("tHe"), not camelCase-like "ResNet"
export const LETTER_DIGIT = 32; // word mixing letters and digits
export const LINE_START = 64; // first token on its line
export const ALL_CAPS = 128; // word of 2+ letters, all upper case

/** Hash every number token maps to, so "3.14" and "42" are one LM word. */
export const NUMBER_HASH = 0x9e3779b1;

export interface Tokens {
  count: number;
  /**
   * Lowercased FNV-1a hash of each token (NUMBER_HASH for numbers). Lowercased in ASCII and Latin-1 only (lower()):
   * the shipped models hash words so, and would have to be trained again for Greek, Cyrillic or Latin Extended case.
   */
  hashes: Uint32Array;
  flags: Uint8Array;
  /** Length of each token in UTF-16 code units. */
  lengths: Uint16Array;
  /** Char offset of each token in the text. */
  offsets: Uint32Array;
  /**
   * Line breaks in the text between each token and the one before it, up to 255: 1 for a wrapped line, 2 or more for a
   * blank line (the white space right before it, for tokenize's tokens). Kept while scanning, as several components
   * asked it of the text between every two tokens.
   */
  newlinesBefore: Uint8Array;
  /** Token index where each sentence starts; sentenceStarts[sentences] === count. */
  sentenceStarts: Uint32Array;
  sentences: number;
}

const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

/** Whether `c` (a code unit, or NaN past a string's end) is a letter: read from CHAR_KINDS. */
export function isLetterCode(c: number): boolean {
  return ((CHAR_KINDS[c] as number) & LETTER_KIND) !== 0;
}

function letterByRange(c: number): boolean {
  if (c < 128) return (c >= 97 && c <= 122) || (c >= 65 && c <= 90);
  // Latin-1 letters, Latin extended, Greek, Cyrillic; excludes × ÷ and general punctuation/math blocks.
  return (c >= 0xc0 && c <= 0x24f && c !== 0xd7 && c !== 0xf7) || (c >= 0x370 && c <= 0x52f);
}

function isDigitCode(c: number): boolean {
  return c >= 48 && c <= 57;
}

function isSpaceCode(c: number): boolean {
  return c === 32 || c === 10 || c === 9 || c === 13 || c === 12 || c === 0xa0;
}

function lower(c: number): number {
  if (c >= 65 && c <= 90) return c + 32;
  if (c >= 0xc0 && c <= 0xde && c !== 0xd7) return c + 32;
  return c;
}

function isUpper(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 0xc0 && c <= 0xde && c !== 0xd7) || (c >= 0x391 && c <= 0x3a9);
}

const LETTER_KIND = 1;
const UPPER_KIND = 2;
const DIGIT_KIND = 4;
/** Lowered by adding 32 (lower()). */
const LOWERS_KIND = 8;
const SPACE_KIND = 16;

/**
 * isLetterCode, isUpper, isDigitCode, isSpaceCode and lower() of every UTF-16 code unit, read once per character: the
 * tests' branches were most of tokenize's time, which is most of a pass over the text.
 */
const CHAR_KINDS = (() => {
  const kinds = new Uint8Array(0x10000);
  for (let c = 0; c < kinds.length; c++)
    kinds[c] =
      (letterByRange(c) ? LETTER_KIND : 0) |
      (isUpper(c) ? UPPER_KIND : 0) |
      (isDigitCode(c) ? DIGIT_KIND : 0) |
      (lower(c) !== c ? LOWERS_KIND : 0) |
      (isSpaceCode(c) ? SPACE_KIND : 0);
  return kinds;
})();

/** Final avalanche so hashes of short words spread over all 32 bits. */
function finish(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  return h >>> 0;
}

/** Lowercased hash of a word, identical to what tokenize() assigns it. */
export function hashWord(word: string): number {
  let h = FNV_OFFSET;
  for (let i = 0; i < word.length; i++) h = Math.imul(h ^ lower(word.charCodeAt(i)), FNV_PRIME);
  return finish(h);
}

/** . ! or ? */
function isStopCode(c: number): boolean {
  return c === 46 || c === 33 || c === 63;
}

/** Whether token i is a full stop, question mark or exclamation mark. */
export function isSentenceStop(text: string, tokens: Tokens, i: number): boolean {
  return ((tokens.flags[i] as number) & SYMBOL) !== 0 && isStopCode(text.charCodeAt(tokens.offsets[i] as number));
}

export function tokenize(text: string): Tokens {
  const cap = Math.max(16, (text.length >>> 2) + 16);
  let hashes = new Uint32Array(cap);
  let flags = new Uint8Array(cap);
  let lengths = new Uint16Array(cap);
  let offsets = new Uint32Array(cap);
  let newlinesBefore = new Uint8Array(cap);
  let sentenceStarts = new Uint32Array(Math.max(16, (cap >>> 3) + 2));
  let count = 0;
  let sentences = 0;
  let sentencePending = true; // the next token starts a sentence
  let lineStart = true;
  let newlines = 0; // newlines in the current whitespace run
  let endPunct = false; // previous token was . ! or ?

  const n = text.length;
  let i = 0;
  while (i < n) {
    let c = text.charCodeAt(i);
    if ((CHAR_KINDS[c] as number) & SPACE_KIND) {
      if (c === 10) {
        newlines++;
        lineStart = true;
      }
      i++;
      continue;
    }
    // Sentence boundary: a blank line, or . ! ? then whitespace then a non-lower-case start.
    if (
      count > 0 &&
      (newlines >= 2 || (endPunct && i > 0 && isSpaceCode(text.charCodeAt(i - 1)) && !isLowerStart(c)))
    ) {
      sentencePending = true;
    }
    const breaks = newlines;
    newlines = 0;
    if (count === hashes.length) {
      const grow = hashes.length * 2;
      hashes = growU32(hashes, grow);
      offsets = growU32(offsets, grow);
      const f = new Uint8Array(grow);
      f.set(flags);
      flags = f;
      const b = new Uint8Array(grow);
      b.set(newlinesBefore);
      newlinesBefore = b;
      const l = new Uint16Array(grow);
      l.set(lengths);
      lengths = l;
    }
    if (sentencePending) {
      if (sentences + 1 >= sentenceStarts.length) sentenceStarts = growU32(sentenceStarts, sentenceStarts.length * 2);
      sentenceStarts[sentences++] = count;
      sentencePending = false;
    }
    const start = i;
    let f = lineStart ? LINE_START : 0;
    lineStart = false;
    let h = FNV_OFFSET;
    if (isLetterCode(c) || (isDigitCode(c) && i + 1 < n && isLetterCode(text.charCodeAt(i + 1)))) {
      f |= WORD;
      let sawLower = false;
      let sawDigit = false;
      let sawLetter = false;
      let upperCount = 0;
      let letters = 0;
      if (isUpper(c)) f |= CAPITALIZED;
      while (i < n) {
        c = text.charCodeAt(i);
        const kind = CHAR_KINDS[c] as number;
        if (kind & LETTER_KIND) {
          sawLetter = true;
          letters++;
          if (kind & UPPER_KIND) {
            upperCount++;
            // "tHe": an upper after a lower, followed by a lower, with the word starting lower case.
            if (sawLower && (f & CAPITALIZED) === 0 && i + 1 < n && !isUpper(text.charCodeAt(i + 1))) f |= ODD_CASE;
          } else sawLower = true;
        } else if (kind & DIGIT_KIND) sawDigit = true;
        else if (c === 39 || c === 0x2019) {
          // apostrophe inside a word: "don't", "Bayes'"
          if (!(i + 1 < n && isLetterCode(text.charCodeAt(i + 1)))) break;
        } else break;
        h = Math.imul(h ^ (kind & LOWERS_KIND ? c + 32 : c), FNV_PRIME);
        i++;
      }
      if (sawDigit && sawLetter) f |= LETTER_DIGIT;
      if (letters >= 2 && upperCount === letters) f |= ALL_CAPS;
      h = finish(h);
    } else if (isDigitCode(c)) {
      f |= NUMBER;
      while (i < n) {
        c = text.charCodeAt(i);
        if (isDigitCode(c)) i++;
        else if ((c === 46 || c === 44) && i + 1 < n && isDigitCode(text.charCodeAt(i + 1))) i++;
        else break;
      }
      h = NUMBER_HASH;
    } else {
      f |= SYMBOL;
      h = finish(Math.imul(h ^ c, FNV_PRIME));
      i++;
    }
    const len = i - start;
    endPunct = (f & SYMBOL) !== 0 && isStopCode(c);
    hashes[count] = h;
    flags[count] = f;
    lengths[count] = len > 65535 ? 65535 : len;
    offsets[count] = start;
    newlinesBefore[count] = breaks > 255 ? 255 : breaks;
    count++;
  }
  if (sentences + 1 >= sentenceStarts.length) sentenceStarts = growU32(sentenceStarts, sentenceStarts.length + 2);
  sentenceStarts[sentences] = count;
  return { count, hashes, flags, lengths, offsets, newlinesBefore, sentenceStarts, sentences };
}

function isLowerStart(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 0xdf && c <= 0xff && c !== 0xf7);
}
