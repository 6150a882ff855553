// OCR damage measured as words nobody knows: neither the reference LM's vocabulary nor the English lexicon.
// Either list alone is a weak test (the LM lacks everyday words, the lexicon lacks technical ones: on 1.2 KB
// paragraphs each told word-level OCR noise from clean text at 0.85-0.87 AUC); together, and counting only
// one-off words, 0.97. Misreadings are one-off ("rnodel", "tbe"), while a paper's own coinages recur. Words that
// lost a ligature recur too, but with the ligature put back they are lexicon words.
import { CAPITALIZED, LETTER_DIGIT, type Tokens, WORD } from "../ngram-lm/tokens.js";
import { type CharModel, defaultCharModel } from "./char-model.js";
import { WordHashes } from "./key-set.js";
import { englishLexiconTables, type LexiconTables } from "./lexicon-tables.js";
import { type OneEditIndex, oneEditIndex } from "./one-edit.js";

/** Shorter words are often abbreviations or symbols that no word list holds. */
const MIN_LETTERS = 3;
/**
 * Bits above which a word's least likely character is one spelling seldom has (p < 1/90 after its three
 * predecessors). On ~1.2 KB paragraphs, with the one-off and near-miss shares beside it (a probe fitted on half the
 * paragraphs, evaluated on the other), 6.5 did best of 5-10: 0.6% character noise 0.924 -> 0.936, 4% word-level noise
 * 0.933 -> 0.943.
 */
const IMPLAUSIBLE_BITS = 6.5;

export interface UnknownWords {
  /** Share of lower-case words unknown to both lists that occur once in the text: misreadings. */
  oneOff: number;
  /**
   * Share of those one-off words that are one letter swapped, dropped or added away from a lexicon word ("modei",
   * "mdel"): mild OCR noise leaves a few of these among a paper's one-off names and symbols, which seldom are.
   */
  nearMisses: number;
  /**
   * Share of lower-case words unknown to both lists that become a lexicon word with a ligature put back
   * ("eicient", "signicant", "dierent"): a text layer whose fi/fl/ff glyphs map to nothing. These recur, so
   * `oneOff` misses them.
   */
  lostLigatures: number;
  /**
   * Share of those one-off words that hold a character the character model (char-model.ts) finds implausible where it
   * stands ("relatlon", "vvith", "tbe"): misreadings that are more than one slip from a word, or from no word.
   */
  implausible: number;
}

/** What unknownWords tests words with, made once per tables. */
type Lookups = { known: WordHashes; oneEdit: OneEditIndex; gaps: ReadonlySet<string> };
const lookupsOf = new WeakMap<LexiconTables, Lookups>();

/**
 * The lexicon is tested by the hash tokenize() already computed, not by a lower-cased copy of each word in a string
 * Set: density 1.02-1.03x as fast, scores of papers and text-dev unchanged. A word whose hash a lexicon word shares
 * (about 1 in 50,000) would pass for known.
 */
function lookups(tables: LexiconTables): Lookups {
  let made = lookupsOf.get(tables);
  if (!made) {
    made = {
      known: WordHashes.fromTable(tables.known),
      oneEdit: oneEditIndex(tables.oneEdit),
      gaps: new Set(tables.ligatureGaps),
    };
    lookupsOf.set(tables, made);
  }
  return made;
}

/**
 * Lower-case words (3+ letters, no digits) unknown to both the model and the lexicon, per lower-case word.
 * `lmFound` is what perplexity() found of each token in the model (0: an unknown word).
 */
export function unknownWords(
  text: string,
  tokens: Tokens,
  lmFound: Uint8Array,
  tables: LexiconTables = englishLexiconTables(),
  chars: CharModel = defaultCharModel(),
): UnknownWords {
  const { flags, hashes, lengths, offsets } = tokens;
  const { known, oneEdit, gaps } = lookups(tables);
  let lowerWords = 0;
  const unknown = new Map<string, number>();
  for (let i = 0; i < tokens.count; i++) {
    const f = flags[i] as number;
    if ((f & WORD) === 0 || f & (CAPITALIZED | LETTER_DIGIT) || (lengths[i] as number) < MIN_LETTERS) continue;
    lowerWords++;
    if (lmFound[i] !== 0 || known.has(hashes[i] as number)) continue;
    const at = offsets[i] as number;
    const word = text.slice(at, at + (lengths[i] as number)).toLowerCase();
    unknown.set(word, (unknown.get(word) ?? 0) + 1);
  }
  let once = 0;
  let near = 0;
  let lost = 0;
  let implausible = 0;
  for (const [word, n] of unknown) {
    if (n === 1) {
      once++;
      if (oneEdit.near(word)) near++;
      if (chars.peakBits(word, 0, word.length) > IMPLAUSIBLE_BITS) implausible++;
    }
    if (gaps.has(word)) lost += n;
  }
  if (lowerWords === 0) return { oneOff: 0, nearMisses: 0, lostLigatures: 0, implausible: 0 };
  return {
    oneOff: once / lowerWords,
    nearMisses: near / lowerWords,
    lostLigatures: lost / lowerWords,
    implausible: implausible / lowerWords,
  };
}
