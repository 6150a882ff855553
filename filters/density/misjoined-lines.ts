// Misjoined lines: a line that ends a sentence followed by one that starts in lower case ("...as shown above.\nthe
// network is..."). Wrapped prose continues a sentence on the next line or starts a new one with a capital; lines
// read in the wrong order (two columns read across, lines of a page shuffled) leave a sentence's end next to
// another sentence's middle. Line joins (syntax.ts) weigh the grammar across every break; this counts the one
// join that is plainly wrong, which the class model scores as merely unlikely.
import { isLetterCode } from "../ngram-lm/tokens.js";

/** Lines shorter than this (page numbers, table cells, headings of a word) are not wrapped prose. */
export const MIN_LINE_CHARS = 10;
/** A stop ends a sentence only after a word of at least this many letters ("et al.", "e.g.", "vs." do not). */
const MIN_WORD_BEFORE_STOP = 3;
/** Longer abbreviations that end in a stop mid-sentence. */
const ABBREVIATIONS = new Set(["etc", "resp", "approx", "viz", "vol", "eqs", "figs", "sect"]);

/** Share of breaks between two lines of MIN_LINE_CHARS or more where a sentence's end meets a lower-case start. */
export function misjoinedLines(text: string): number {
  let breaks = 0;
  let misjoined = 0;
  let previousEndsSentence: boolean | null = null; // null: the previous line is too short or empty
  let start = 0;
  while (start <= text.length) {
    let end = text.indexOf("\n", start);
    if (end < 0) end = text.length;
    let first = start;
    while (first < end && isSpace(text.charCodeAt(first))) first++;
    let last = end - 1;
    while (last >= first && isSpace(text.charCodeAt(last))) last--;
    if (last - first + 1 < MIN_LINE_CHARS) previousEndsSentence = null;
    else {
      if (previousEndsSentence !== null) {
        breaks++;
        if (previousEndsSentence && startsLowerCaseWord(text, first)) misjoined++;
      }
      previousEndsSentence = endsSentence(text, first, last);
    }
    start = end + 1;
  }
  return breaks === 0 ? 0 : misjoined / breaks;
}

/** Whether the line text[first..last] ends with . ! or ? after a word that is not an abbreviation. */
function endsSentence(text: string, first: number, last: number): boolean {
  const stop = text.charCodeAt(last);
  if (stop !== 46 && stop !== 33 && stop !== 63) return false;
  let wordStart = last;
  while (wordStart > first && isLetterCode(text.charCodeAt(wordStart - 1))) wordStart--;
  if (last - wordStart < MIN_WORD_BEFORE_STOP) return false; // also "i.e.", "e.g.", "U.S.": one letter before
  return !ABBREVIATIONS.has(text.slice(wordStart, last).toLowerCase());
}

/**
 * A lower-case word of two or more letters, or the article "a": other one-letter starts are display math ("h(t) =
 * a(t)", "y = Wx"), not a sentence's middle.
 */
function startsLowerCaseWord(text: string, at: number): boolean {
  const c = text.charCodeAt(at);
  const next = text.charCodeAt(at + 1);
  return isLowerCase(c) && (isLetterCode(next) || (c === 97 && next === 32));
}

function isSpace(c: number): boolean {
  return c === 32 || c === 9 || c === 13 || c === 12;
}

/** A letter (isLetterCode's scripts) that has an upper-case form other than itself. */
function isLowerCase(c: number): boolean {
  if (c < 128) return c >= 97 && c <= 122;
  const s = String.fromCharCode(c);
  return isLetterCode(c) && s !== s.toUpperCase();
}
