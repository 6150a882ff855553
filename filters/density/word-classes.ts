// Text reduced to word classes, the alphabet of the syntax model (syntax.ts): closed-class words stay themselves
// because they carry the grammar ("of the", "is then"), content words become their shape and suffix ("-ing",
// "-tion", capitalised), numbers one class, punctuation itself. What is left is topic-free: a paper on proteins and
// one on transformers read alike, while swapped, dropped or substituted words do not.
import {
  ALL_CAPS,
  CAPITALIZED,
  hashWord,
  LETTER_DIGIT,
  NUMBER,
  NUMBER_HASH,
  SYMBOL,
  type Tokens,
} from "../ngram-lm/tokens.js";
import { CLASS_FUNCTION_WORDS, LIST_CLASS_FUNCTION, tokenLists } from "./words.js";

/** Content-word suffixes that mark a part of speech often enough to matter; the first that matches wins. */
const SUFFIXES = [
  ..."tion sion able ible ment ness ing ity ive ize ous ed ly al er or ic s".split(" "),
  "", // no telling suffix
];
/** Punctuation that shapes sentences keeps its own class; any other symbol is one class. */
const OWN_CLASS_SYMBOLS = ".,;:()[]!?%=+-";

// Class names are letters only, so that training text made of them tokenizes back to one word per class; "0" is
// a number, which the tokenizer maps to its one number word.
const SUFFIXED = ["x", "xcap"].flatMap((prefix) => SUFFIXES.map((s) => `${prefix}${s || "w"}`));
const CLASS_NAMES = ["0", "xsym", "xalnum", "xacr", ...SUFFIXED];
const CLASS_HASHES = Uint32Array.from(CLASS_NAMES, (name) => (name === "0" ? NUMBER_HASH : hashWord(name)));
const [NUMBER_CLASS, OTHER_SYMBOL, LETTER_DIGIT_WORD, ACRONYM, FIRST_CONTENT] = [0, 1, 2, 3, 4];
/** A token that is its own class (function word, sentence punctuation). */
const ITSELF = -1;

/** Whether a token hash (tokens.hashes) is a function word's. */
export const isFunctionWord = (hash: number): boolean => CLASS_FUNCTION_WORDS.has(hash);
/** Suffix indices by their last letter, in SUFFIXES order: most words are matched against one or two suffixes. */
const SUFFIXES_BY_LAST_LETTER: number[][] = Array.from({ length: 128 }, () => []);
SUFFIXES.forEach((s, k) => {
  if (s !== "") SUFFIXES_BY_LAST_LETTER[s.charCodeAt(s.length - 1)]?.push(k);
});
const NO_SUFFIX = SUFFIXES.length - 1;
const NONE: number[] = [];
/** 1 at the char codes of OWN_CLASS_SYMBOLS (all ASCII): a byte per code, not a Set lookup, for every symbol token. */
const OWN_CLASS_CODES = new Uint8Array(128);
for (const c of OWN_CLASS_SYMBOLS) OWN_CLASS_CODES[c.charCodeAt(0)] = 1;

function endsWithLower(text: string, end: number, suffix: string): boolean {
  for (let k = 1; k <= suffix.length; k++) {
    if ((text.charCodeAt(end - k) | 0x20) !== suffix.charCodeAt(suffix.length - k)) return false;
  }
  return true;
}

/** Token `i`'s class: an index into CLASS_NAMES, or ITSELF. `lists`: tokenLists(tokens). */
function classOf(text: string, tokens: Tokens, lists: Uint32Array, i: number): number {
  const flags = tokens.flags[i] as number;
  if (flags & NUMBER) return NUMBER_CLASS;
  if (flags & SYMBOL) {
    const c = text.charCodeAt(tokens.offsets[i] as number);
    return c < 128 && OWN_CLASS_CODES[c] === 1 ? ITSELF : OTHER_SYMBOL;
  }
  if ((lists[i] as number) & LIST_CLASS_FUNCTION) return ITSELF;
  if (flags & LETTER_DIGIT) return LETTER_DIGIT_WORD;
  if (flags & ALL_CAPS) return ACRONYM;
  const length = tokens.lengths[i] as number;
  const end = (tokens.offsets[i] as number) + length;
  let suffix = NO_SUFFIX;
  const last = text.charCodeAt(end - 1) | 0x20;
  const candidates = last < 128 ? (SUFFIXES_BY_LAST_LETTER[last] as number[]) : NONE;
  for (let j = 0; j < candidates.length; j++) {
    const k = candidates[j] as number;
    const s = SUFFIXES[k] as string;
    if (length > s.length + 2 && endsWithLower(text, end, s)) {
      suffix = k;
      break;
    }
  }
  return FIRST_CONTENT + (flags & CAPITALIZED ? SUFFIXES.length : 0) + suffix;
}

/** The text as class names, one per token: what the syntax model is trained on. */
export function classText(text: string, tokens: Tokens): string {
  const names: string[] = [];
  const lists = tokenLists(tokens);
  for (let i = 0; i < tokens.count; i++) {
    const c = classOf(text, tokens, lists, i);
    const start = tokens.offsets[i] as number;
    names.push(
      c === ITSELF
        ? text.slice(start, start + (tokens.lengths[i] as number)).toLowerCase()
        : (CLASS_NAMES[c] as string),
    );
  }
  return names.join(" ");
}

/**
 * Each token's class as the word hash that tokenizing classText() would give it. `lists`: tokenLists(tokens), when the
 * caller has it.
 */
export function wordClasses(text: string, tokens: Tokens, lists = tokenLists(tokens)): Uint32Array {
  const out = new Uint32Array(tokens.count);
  for (let i = 0; i < tokens.count; i++) {
    const c = classOf(text, tokens, lists, i);
    out[i] = c === ITSELF ? (tokens.hashes[i] as number) : (CLASS_HASHES[c] as number);
  }
  return out;
}
