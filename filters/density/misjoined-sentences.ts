// Misjoined sentences: a sentence's end followed by a lower-case word ("...as shown above. the network is..."). A
// writer starts a sentence with a capital; lines read in the wrong order (two columns read across, lines of a page
// shuffled) leave a sentence's end next to another sentence's middle, whether the text keeps its line breaks
// (pdftotext) or joins each paragraph's lines (assay's own output), and words swapped or dropped put a word from
// inside a sentence right after a stop. Line joins (syntax.ts) weigh the grammar across line breaks only; this
// counts the one join that is plainly wrong, wherever it is.
import { isLetterCode } from "../ngram-lm/tokens.js";

/** A stop ends a sentence only after a word of at least this many letters ("et al.", "e.g.", "vs." do not). */
const MIN_WORD_BEFORE_STOP = 3;
/** Longer abbreviations that end in a stop mid-sentence. */
const ABBREVIATIONS = new Set(["etc", "resp", "approx", "viz", "vol", "eqs", "figs", "sect"]);

/** A stop and the white space after it. */
const STOP_THEN_SPACE = /[.!?][ \t\n]/g;
const SPACE = 32;
const TAB = 9;
const NEWLINE = 10;
const COMMA = 44;

/** Share of sentence ends (a stop, then a space or one line break) followed by a lower-case word. */
export function misjoinedSentences(text: string): number {
  let ends = 0;
  let misjoined = 0;
  // A stop with no space after it ("3.14", "e.g.,") joins no two sentences. Found by a regex: a loop over every
  // character for the three stops was ~2% of density's time.
  for (const m of text.matchAll(STOP_THEN_SPACE)) {
    const i = m.index as number;
    // A paragraph break is no join either.
    let next = i + 1;
    let newlines = 0;
    for (let s = text.charCodeAt(next); s === SPACE || s === TAB || s === NEWLINE; s = text.charCodeAt(++next))
      if (s === NEWLINE) newlines++;
    if (next >= text.length || newlines > 1) continue;
    if (!endsSentence(text, i)) continue;
    ends++;
    if (isLowerCaseWord(text, next)) misjoined++;
  }
  return ends === 0 ? 0 : misjoined / ends;
}

/** Whether the stop at `stop` follows a word of MIN_WORD_BEFORE_STOP letters that is not an abbreviation. */
function endsSentence(text: string, stop: number): boolean {
  let wordStart = stop;
  while (wordStart > 0 && isLetterCode(text.charCodeAt(wordStart - 1))) wordStart--;
  if (stop - wordStart < MIN_WORD_BEFORE_STOP) return false; // also "i.e.", "e.g.", "U.S.": one letter before
  return !ABBREVIATIONS.has(text.slice(wordStart, stop).toLowerCase());
}

/**
 * A word of lower-case letters a-z only, of two or more letters or the article "a", ended by a space, a line break or
 * a comma: "arXiv", "https://...", "x_i" and one-letter variables ("h(t) = a(t)") are names and math, not a
 * sentence's middle.
 */
function isLowerCaseWord(text: string, at: number): boolean {
  let end = at;
  for (let c = text.charCodeAt(end); c >= 97 && c <= 122; c = text.charCodeAt(++end));
  const after = text.charCodeAt(end);
  const ended = end >= text.length || after === SPACE || after === NEWLINE || after === COMMA || after === TAB;
  return ended && (end - at >= 2 || (end - at === 1 && text.charCodeAt(at) === 97));
}
