// Negative density components: boilerplate, lists without prose, OCR noise and repetition.

import { isLetterCode, LETTER_DIGIT, ODD_CASE, SYMBOL, type Tokens, WORD } from "../ngram-lm/tokens.js";
import { CharSet } from "./char-set.js";

/**
 * Phrases of navigation, consent, legal and sharing chrome, in any case: cookie, privacy policy, terms of use|service,
 * all rights reserved, subscribe, newsletter, sign in|up, log in, click here, share this|on, follow us, powered by,
 * skip to, read more, javascript, contact us, about us, back to top, related posts|articles, advertisement,
 * copyright ©, ©, download (the) app|pdf. Grouped by first letter, each group in that order: no two phrases can match
 * at one position unless they share a first letter, so the matches are those of the plain list of alternatives,
 * which tried up to 23 alternatives at each position.
 */
const BOILERPLATE =
  /c(?:ookie|lick here|ontact us|opyright ©)|p(?:rivacy policy|owered by)|terms of (?:use|service)|a(?:ll rights reserved|bout us|dvertisement)|s(?:ubscribe|ign (?:in|up)|hare (?:this|on)|kip to)|newsletter|log ?in|follow us|re(?:ad more|lated (?:posts|articles))|javascript|back to top|©|download (?:the )?(?:app|pdf)/gi;
/** A line that opens with a bullet or an item number: "• x", "- x", "3) x", "iv. x". */
const LIST_ITEM = /^\s*([-•*·▪◦‣–]|\(?\d{1,3}[.)]|\(?[ivx]{1,4}[.)]|\(?[a-h][.)])\s/;

const CLOSING = new CharSet(".:;,?!)]");

/** Lines shorter than this (trimmed) are short: wrapped prose runs 60-100 characters a line but for its last. */
const SHORT_LINE = 60;

/** `t`: a line, trimmed. */
function isStray(t: string): boolean {
  return t.length < SHORT_LINE && t.includes(" ") && !CLOSING.has(t.charCodeAt(t.length - 1));
}

/**
 * What ends a clause or a sentence: a line ending in one is prose, not furniture. Not "!", which ends a page's calls to
 * action ("Download our app today!") far more often than a paper's sentences; "?" is here for the questions papers
 * ask in short wrapped lines (a datasheet's questionnaire scored 0.21 without it).
 */
const CLAUSE_END = new CharSet(".,;:?");
/** Least share of a furniture line's characters that are letters: table rows and math are digits and symbols. */
const FURNITURE_LETTERS = 0.6;

/**
 * A line as a page's furniture has it: short, two or more words, mostly letters, and not ending a clause ("Log in |
 * Register", "Posted by admin on March 3", "View all comments (14)", "Related: Physics, Optics"). Wrapped prose has
 * such lines too, but inside a paragraph whose last line ends a sentence. `t`: the line, trimmed.
 */
function isFurniture(t: string): boolean {
  if (t.length >= SHORT_LINE || !t.includes(" ") || CLAUSE_END.has(t.charCodeAt(t.length - 1))) return false;
  let letters = 0;
  for (let i = 0; i < t.length; i++) if (isLetterCode(t.charCodeAt(i))) letters++;
  return letters >= FURNITURE_LETTERS * t.length;
}

export interface Penalties {
  /** Share of characters in lines with boilerplate phrases, a line counting up to CHROME_LINE_CHARS per phrase. */
  boilerplate: number;
  /** Share of non-empty lines that are list items. */
  lists: number;
  /**
   * Share of characters in stray lines: short (< 60 chars), 2+ words, no closing punctuation. Menus, banners and
   * headings; wrapped prose only has one short line per paragraph, its last, and it ends a sentence.
   */
  strayLines: number;
  /**
   * Share of characters in furniture blocks: runs of two or more lines between blank lines, every one a furniture
   * line (isFurniture), set apart from the prose on both sides as a page's menus, bylines, tags and sidebars are. A
   * real paper's blocks of short lines are table rows and math (digits, symbols), headings (one line) or author
   * lists and affiliations (lines ending in commas, once per paper). Measured on the layout, not on phrases: the
   * boilerplate phrase list knows one generator's words, this the shape of any furniture.
   */
  furnitureBlocks: number;
  /**
   * Share of words with mid-word case flips or letters mixed with digits that occur once in the text. Misreadings
   * ("tHe", "c1ass") fall anywhere and seldom twice; a field's own names recur ("logLik", "na.locf", "TiO2", "CD4",
   * "ResNet50"). Counted every time, R vignettes' identifiers made them read as OCR noise (their ~8 KB windows' 90th
   * percentile 0.033 against the reference papers' 0.023; once, 0.0083 against 0.0075), and 1% character noise
   * stood apart from real windows at AUC 0.70-0.76 alone (once: 0.94-0.95).
   */
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
const JOINERS = new CharSet("-'’./_()[]{}=+<>*×÷·±−");
/** Unicode's Mathematical Operators block (∼ ∈ ≤ ∑ ...). */
const isMathOperator = (code: number) => code >= 0x2200 && code <= 0x22ff;

/**
 * Most characters a boilerplate phrase makes boilerplate: chrome comes in short lines ("Log in | Register", a cookie
 * banner), so a phrase counts its whole line up to this; in a longer line it is prose mentioning a login or a
 * copyright. Before the cap a paragraph set as one line (assay's own output, JSONL text without line breaks) was all
 * boilerplate for one "©" or "javascript" in it: real papers with their whitespace collapsed fell 2-5 logits.
 */
export const CHROME_LINE_CHARS = 200;

/** The Kelvin sign, the one character other than A-Z that lowercases to a letter of a phrase ("k"). */
const KELVIN_SIGN = "\u212a";

/**
 * Boilerplate phrases per line, by the line's start offset: the phrases were matched in the lowercased text, so they
 * are matched in any case (the patterns have no newline, so no match spans two lines). Without the u flag an
 * any-case match equates A-Z with a-z only, which is what lowercasing does to these phrases' letters but for two
 * characters: "İ" lowers to "i" and a combining dot, which no phrase can hold, and the Kelvin sign lowers to "k", so a
 * text with one is lowercased line by line as before. One scan of the text, no lowercased copy: penalties() 1.2x as
 * fast, the regex grouped by first letter and without the copy (text by text over papers and text-dev, both builds
 * in one process).
 */
function boilerplatePhrases(text: string): Map<number, number> {
  const counts = new Map<number, number>();
  if (text.includes(KELVIN_SIGN)) {
    let start = 0;
    while (start <= text.length) {
      let end = text.indexOf("\n", start);
      if (end < 0) end = text.length;
      const phrases = text.slice(start, end).toLowerCase().match(BOILERPLATE)?.length ?? 0;
      if (phrases > 0) counts.set(start, phrases);
      start = end + 1;
    }
    return counts;
  }
  for (const m of text.matchAll(BOILERPLATE)) {
    const lineStart = text.lastIndexOf("\n", m.index) + 1;
    counts.set(lineStart, (counts.get(lineStart) ?? 0) + 1);
  }
  return counts;
}

export function penalties(text: string, tokens: Tokens): Penalties {
  const boilerplate = boilerplatePhrases(text);
  let boilerChars = 0;
  let lines = 0;
  let listLines = 0;
  let dupChars = 0;
  let strayChars = 0;
  let furnitureChars = 0;
  // The block since the last blank line: its lines, their characters, and whether all of them are furniture.
  let blockLines = 0;
  let blockChars = 0;
  let blockFurniture = true;
  const endBlock = () => {
    if (blockLines >= 2 && blockFurniture) furnitureChars += blockChars;
    [blockLines, blockChars, blockFurniture] = [0, 0, true];
  };
  const seen = new Map<string, number>();
  let start = 0;
  while (start <= text.length) {
    let end = text.indexOf("\n", start);
    if (end < 0) end = text.length;
    const line = text.slice(start, end);
    const lineStart = start;
    start = end + 1;
    const trimmed = line.trim();
    if (trimmed.length === 0) {
      endBlock();
      continue;
    }
    lines++;
    blockLines++;
    blockChars += line.length;
    blockFurniture &&= isFurniture(trimmed);
    if (LIST_ITEM.test(line)) listLines++;
    else if (isStray(trimmed)) strayChars += line.length;
    const phrases = boilerplate.get(lineStart);
    if (phrases) boilerChars += Math.min(line.length, phrases * CHROME_LINE_CHARS);
    if (line.length >= 20) {
      const n = seen.get(line) ?? 0;
      seen.set(line, n + 1);
      if (n >= 1) dupChars += line.length * (n === 1 ? 2 : 1);
    }
  }
  endBlock();
  let words = 0;
  const noisy: number[] = []; // hashes of the words with a case flip or letters mixed with digits
  let broken = 0;
  let run = 0; // one-letter words in a row so far
  let spaced = 0;
  const { flags, offsets } = tokens;
  for (let i = 0; i < tokens.count; i++) {
    const f = flags[i] as number;
    if (f & WORD) {
      words++;
      if (f & (ODD_CASE | LETTER_DIGIT)) noisy.push(tokens.hashes[i] as number);
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
    furnitureBlocks: furnitureChars / chars,
    ocrNoise: words === 0 ? 0 : occurringOnce(noisy) / words,
    duplicateLines: dupChars / chars,
    brokenWords: words === 0 ? 0 : broken / words,
    letterSpacing: words === 0 ? 0 : spaced / words,
  };
}

/** How many of `hashes` occur once among them. */
function occurringOnce(hashes: number[]): number {
  hashes.sort((a, b) => a - b);
  let once = 0;
  for (let i = 0; i < hashes.length; i++) if (hashes[i] !== hashes[i - 1] && hashes[i] !== hashes[i + 1]) once++;
  return once;
}
