// Prose sentences apart from extraction debris. pdftotext leaves a paper's title block, author names and
// affiliations, table rows, figure labels and reference entries between its sentences, as "sentences" of their own
// (a blank line or a full stop ends them). Discourse read over them (linked sentences, adjacency lift, stem reuse,
// stranded stems: discourse.ts) sees runs of names or numbers that share no stem with their neighbours, which is
// what shuffled or Markov text looks like: real ~8 KB chunks with a title page or a table fell to -2.5 on the
// Markov-2 and shuffled detectors. A longer text's discourse reads only its prose sentences, so debris neither breaks
// adjacency nor looks incoherent, while shuffled or chained prose stays as incoherent as it was.
//
// A sentence is prose when it reads as running English: at least PROSE_MIN_LOWER lower-case words, one of them a
// function word, and lower-case words at least PROSE_MIN_SHARE of its non-punctuation tokens. Titles and names are
// capitalised, tables are numbers and acronyms, labels are short, math is symbols; a sentence of prose with inline
// math keeps its function words and most of its words lower case. The test reads tokens only (no line breaks), so it
// holds for text laid out as pdftotext does, one line per paragraph, or flattened. Repeated sentence frames
// (repeated-frames.ts) are counted over the prose sentences too, at every length.
import { CAPITALIZED, LETTER_DIGIT, SYMBOL, type Tokens, WORD } from "../ngram-lm/tokens.js";
import { LIST_FUNCTION, tokenLists } from "./words.js";

const PROSE_MIN_LOWER = 3;
const PROSE_MIN_SHARE = 0.5;

/** Punctuation that any sentence has, prose or not: not counted against a sentence's share of lower-case words. */
function isPunctuation(c: number): boolean {
  return (
    c === 44 || // ,
    c === 46 || // .
    c === 58 || // :
    c === 59 || // ;
    c === 40 || // (
    c === 41 || // )
    c === 91 || // [
    c === 93 || // ]
    c === 34 || // "
    c === 39 || // '
    c === 45 || // -
    c === 0x2013 ||
    c === 0x2014 ||
    c === 0x2018 ||
    c === 0x2019 ||
    c === 0x201c ||
    c === 0x201d ||
    c === 33 || // !
    c === 63 // ?
  );
}

/**
 * Whether sentence s of `tokens` reads as running English prose (see the top of this file). `lists`:
 * tokenLists(tokens), when the caller has it.
 */
export function isProseSentence(text: string, tokens: Tokens, s: number, lists = tokenLists(tokens)): boolean {
  const { flags, offsets, sentenceStarts } = tokens;
  let lower = 0;
  let functionWords = 0;
  let counted = 0;
  for (let i = sentenceStarts[s] as number; i < (sentenceStarts[s + 1] as number); i++) {
    const f = flags[i] as number;
    if (f & SYMBOL) {
      if (!isPunctuation(text.charCodeAt(offsets[i] as number))) counted++;
      continue;
    }
    counted++;
    if ((f & WORD) === 0 || f & (CAPITALIZED | LETTER_DIGIT)) continue;
    lower++;
    if ((lists[i] as number) & LIST_FUNCTION) functionWords++;
  }
  return lower >= PROSE_MIN_LOWER && functionWords > 0 && lower >= PROSE_MIN_SHARE * counted;
}

/**
 * Texts longer than this (the detectors' longer scale, SCALES in scripts/fit-density/detectors.ts) are read for their
 * discourse over the prose sentences only. A paragraph of up to 5,000 characters has too few sentences to lose any,
 * and its heading or caption links to the sentences under it: read over its prose alone, ~1.2 KB and ~3 KB cells fell
 * 0.002-0.010 (docs/density.md).
 */
export const PROSE_ONLY_OVER_CHARS = 5000;

/**
 * 1 for each sentence of `tokens` that is prose (isProseSentence), 0 for the others. `lists`: tokenLists(tokens), when
 * the caller has it.
 */
export function proseSentences(text: string, tokens: Tokens, lists = tokenLists(tokens)): Uint8Array {
  const prose = new Uint8Array(tokens.sentences);
  for (let s = 0; s < tokens.sentences; s++) prose[s] = isProseSentence(text, tokens, s, lists) ? 1 : 0;
  return prose;
}

/**
 * The tokens of the prose sentences of `tokens` (offsets into the same text, sentences renumbered); `keep` is
 * proseSentences' result, when the caller has it already.
 */
export function proseTokens(text: string, tokens: Tokens, keep = proseSentences(text, tokens)): Tokens {
  const { sentences, sentenceStarts } = tokens;
  let kept = 0;
  let keptSentences = 0;
  for (let s = 0; s < sentences; s++) {
    if (!keep[s]) continue;
    kept += (sentenceStarts[s + 1] as number) - (sentenceStarts[s] as number);
    keptSentences++;
  }
  if (keptSentences === sentences) return tokens;
  const hashes = new Uint32Array(kept);
  const flags = new Uint8Array(kept);
  const lengths = new Uint16Array(kept);
  const offsets = new Uint32Array(kept);
  const newlinesBefore = new Uint8Array(kept);
  const starts = new Uint32Array(keptSentences + 1);
  let at = 0;
  let n = 0;
  let lastKept = -1; // the last token kept so far, in `tokens`
  for (let s = 0; s < sentences; s++) {
    if (!keep[s]) continue;
    const from = sentenceStarts[s] as number;
    const to = sentenceStarts[s + 1] as number;
    starts[n++] = at;
    hashes.set(tokens.hashes.subarray(from, to), at);
    flags.set(tokens.flags.subarray(from, to), at);
    lengths.set(tokens.lengths.subarray(from, to), at);
    offsets.set(tokens.offsets.subarray(from, to), at);
    newlinesBefore.set(tokens.newlinesBefore.subarray(from, to), at);
    // After sentences left out, the line breaks between this sentence and the last one kept, all of them.
    if (lastKept >= 0 && lastKept < from - 1 && from < to)
      newlinesBefore[at] = linesBetween(
        text,
        (tokens.offsets[lastKept] as number) + (tokens.lengths[lastKept] as number),
        tokens.offsets[from] as number,
      );
    if (from < to) lastKept = to - 1;
    at += to - from;
  }
  starts[n] = at;
  return { count: kept, hashes, flags, lengths, offsets, newlinesBefore, sentenceStarts: starts, sentences: n };
}

/** Line breaks in text[from, to), up to 255 (Tokens.newlinesBefore). */
function linesBetween(text: string, from: number, to: number): number {
  let lines = 0;
  for (let i = from; i < to && lines < 255; i++) if (text.charCodeAt(i) === 10) lines++;
  return lines;
}
