// Foreign names: a paper's coined names form a closed set. Its acronyms, CamelCase names and names with digits
// ("BLEU", "ResNet", "CIFAR-10"'s "CIFAR", "L2") are introduced once and used again: in other sentences, in a table,
// a caption or a heading. A sentence brought in from another paper brings its own ("BNNs achieved ... on MNIST,
// CIFAR-10 and SVHN"), which nothing else in the text names. Only prose sentences count as carriers (a title block's
// affiliations or a table's column heads are names by the dozen), but a name counts as known when any sentence of the
// text, prose or debris, holds it: a table or a caption introduces names as well as a sentence does.
import { ALL_CAPS, CAPITALIZED, hashWord, LETTER_DIGIT, ODD_CASE, type Tokens, WORD } from "../ngram-lm/tokens.js";

const LOWER_S = 115;

/**
 * Whether a word token is a coined name: all capitals, letters with digits, or two or more capitals ("ResNet",
 * "iPhone"). Only capitalised words are scanned for a second capital; ODD_CASE marks the lower-case-led ones.
 */
function isName(text: string, offset: number, length: number, flags: number): boolean {
  if ((flags & WORD) === 0) return false;
  if (flags & (ALL_CAPS | LETTER_DIGIT | ODD_CASE)) return true;
  if ((flags & CAPITALIZED) === 0) return false;
  for (let i = offset + 1; i < offset + length; i++) {
    const c = text.charCodeAt(i);
    if ((c >= 65 && c <= 90) || (c >= 0x391 && c <= 0x3a9)) return true;
  }
  return false;
}

/** A name's key: its lower-cased hash, a plural "s" after a capital dropped ("CNNs" is "CNN"). */
function nameKey(text: string, offset: number, length: number, hash: number): number {
  if (length < 3 || text.charCodeAt(offset + length - 1) !== LOWER_S) return hash;
  const before = text.charCodeAt(offset + length - 2);
  if (before < 65 || before > 90) return hash;
  return hashWord(text.slice(offset, offset + length - 1));
}

/**
 * Names that no other sentence of the text holds, per prose sentence (0 without prose). `prose` is `tokens`'s prose
 * sentences (proseTokens), which the caller has made for discourse already.
 */
export function foreignNames(text: string, tokens: Tokens, prose: Tokens): number {
  if (prose.sentences === 0) return 0;
  const holders = new Map<number, number>(); // sentences holding each name
  const lastSentence = new Map<number, number>();
  const eachName = (t: Tokens, visit: (key: number) => void) => {
    const { hashes, flags, lengths, offsets, sentenceStarts, sentences } = t;
    lastSentence.clear();
    for (let s = 0; s < sentences; s++) {
      for (let i = sentenceStarts[s] as number; i < (sentenceStarts[s + 1] as number); i++) {
        const off = offsets[i] as number;
        const len = lengths[i] as number;
        if (!isName(text, off, len, flags[i] as number)) continue;
        const key = nameKey(text, off, len, hashes[i] as number);
        if (lastSentence.get(key) === s) continue; // once per sentence
        lastSentence.set(key, s);
        visit(key);
      }
    }
  };
  eachName(tokens, (key) => holders.set(key, (holders.get(key) ?? 0) + 1));
  let foreign = 0;
  eachName(prose, (key) => {
    if (holders.get(key) === 1) foreign++;
  });
  return foreign / prose.sentences;
}
