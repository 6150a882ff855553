// Negative density components: boilerplate, lists without prose, OCR noise and repetition.
import { isLetterCode, LETTER_DIGIT, ODD_CASE, SYMBOL, type Tokens, WORD } from "../ngram-lm/tokens.js";

/** Phrases of navigation, consent, legal and sharing chrome (lowercase). */
const BOILERPLATE = new RegExp(
  [
    "cookie",
    "privacy policy",
    "terms of (use|service)",
    "all rights reserved",
    "subscribe",
    "newsletter",
    "sign (in|up)",
    "log ?in",
    "click here",
    "share (this|on)",
    "follow us",
    "powered by",
    "skip to",
    "read more",
    "javascript",
    "contact us",
    "about us",
    "back to top",
    "related (posts|articles)",
    "advertisement",
    "copyright ©",
    "©",
    "download (the )?(app|pdf)",
  ].join("|"),
);
/** A line that opens with a bullet or an item number: "• x", "- x", "3) x", "iv. x". */
const LIST_ITEM = /^\s*([-•*·▪◦‣–]|\(?\d{1,3}[.)]|\(?[ivx]{1,4}[.)]|\(?[a-h][.)])\s/;

const CLOSING = new Set([...".:;,?!)]"].map((c) => c.charCodeAt(0)));

function isStray(line: string): boolean {
  const t = line.trim();
  return t.length < 60 && t.includes(" ") && !CLOSING.has(t.charCodeAt(t.length - 1));
}

export interface Penalties {
  /** Share of characters in lines with boilerplate phrases. */
  boilerplate: number;
  /** Share of non-empty lines that are list items. */
  lists: number;
  /**
   * Share of characters in stray lines: short (< 60 chars), 2+ words, no closing punctuation. Menus, banners and
   * headings; wrapped prose only has one short line per paragraph, its last, and it ends a sentence.
   */
  strayLines: number;
  /** Share of words with mid-word case flips or letters mixed with digits. */
  ocrNoise: number;
  /** Share of characters in lines (>= 20 chars) that occur more than once. */
  duplicateLines: number;
  /** Symbols glued between two letters ("w|ord", "$ymbol"; not - ' . / _) per word: OCR junk inside words. */
  brokenWords: number;
  /**
   * Share of words in runs of LETTER_RUN or more one-letter words: text laid out with character spacing and
   * extracted letter by letter ("T h e n e t w o r k"). Real prose has one-letter words ("a", "I", "x") but
   * seldom four in a row; without this, such text scored cleaner than the original (fewer unknown words).
   */
  letterSpacing: number;
}

/** One-letter words in a row that read as a word spelled out letter by letter. */
const LETTER_RUN = 4;

/**
 * Symbols that legitimately join letters: hyphen, apostrophes, dot, slash, underscore, and math notation
 * ("f(x)", "x=y", "a+b", "x∈S"): in math-heavy papers these made real text look like OCR junk.
 */
const JOINERS = new Set([..."-'’./_()[]{}=+<>*×÷·±−"].map((c) => c.charCodeAt(0)));
/** Unicode's Mathematical Operators block (∼ ∈ ≤ ∑ ...). */
const isMathOperator = (code: number) => code >= 0x2200 && code <= 0x22ff;

/**
 * Start offsets of the lines holding a boilerplate phrase. One scan of the lowercased text instead of lowercasing and
 * testing every line (the patterns have no newline, so no match spans two lines); when lowercasing changes the
 * length (a few characters, e.g. "İ", lower to two), offsets would not line up, so each line is tested instead.
 */
function boilerplateLines(text: string): Set<number> {
  const starts = new Set<number>();
  const lower = text.toLowerCase();
  if (lower.length !== text.length) {
    let start = 0;
    while (start <= text.length) {
      let end = text.indexOf("\n", start);
      if (end < 0) end = text.length;
      if (BOILERPLATE.test(text.slice(start, end).toLowerCase())) starts.add(start);
      start = end + 1;
    }
    return starts;
  }
  const scan = new RegExp(BOILERPLATE.source, "g");
  for (let m = scan.exec(lower); m !== null; m = scan.exec(lower)) {
    starts.add(lower.lastIndexOf("\n", m.index) + 1);
    // one match per line is enough
    const next = lower.indexOf("\n", m.index);
    if (next < 0) break;
    scan.lastIndex = next + 1;
  }
  return starts;
}

export function penalties(text: string, tokens: Tokens): Penalties {
  const boilerplate = boilerplateLines(text);
  let boilerChars = 0;
  let lines = 0;
  let listLines = 0;
  let dupChars = 0;
  let strayChars = 0;
  const seen = new Map<string, number>();
  let start = 0;
  while (start <= text.length) {
    let end = text.indexOf("\n", start);
    if (end < 0) end = text.length;
    const line = text.slice(start, end);
    const lineStart = start;
    start = end + 1;
    if (line.trim().length === 0) continue;
    lines++;
    if (LIST_ITEM.test(line)) listLines++;
    else if (isStray(line)) strayChars += line.length;
    if (boilerplate.has(lineStart)) boilerChars += line.length;
    if (line.length >= 20) {
      const n = seen.get(line) ?? 0;
      seen.set(line, n + 1);
      if (n >= 1) dupChars += line.length * (n === 1 ? 2 : 1);
    }
  }
  let words = 0;
  let noisy = 0;
  let broken = 0;
  let run = 0; // one-letter words in a row so far
  let spaced = 0;
  const { flags, offsets } = tokens;
  for (let i = 0; i < tokens.count; i++) {
    const f = flags[i] as number;
    if (f & WORD) {
      words++;
      if (f & (ODD_CASE | LETTER_DIGIT)) noisy++;
      if (tokens.lengths[i] === 1) {
        run++;
        if (run === LETTER_RUN) spaced += LETTER_RUN;
        else if (run > LETTER_RUN) spaced++;
      } else run = 0;
      continue;
    }
    run = 0; // "x, y, z" is a list, not a spelled-out word
    if (f & SYMBOL && i > 0 && i + 1 < tokens.count) {
      const at = offsets[i] as number;
      if (
        !JOINERS.has(text.charCodeAt(at)) &&
        !isMathOperator(text.charCodeAt(at)) &&
        isLetterCode(text.charCodeAt(at - 1)) &&
        isLetterCode(text.charCodeAt(at + 1))
      )
        broken++;
    }
  }
  const chars = Math.max(1, text.length);
  return {
    boilerplate: boilerChars / chars,
    lists: lines === 0 ? 0 : listLines / lines,
    strayLines: strayChars / chars,
    ocrNoise: words === 0 ? 0 : noisy / words,
    duplicateLines: dupChars / chars,
    brokenWords: words === 0 ? 0 : broken / words,
    letterSpacing: words === 0 ? 0 : spaced / words,
  };
}
