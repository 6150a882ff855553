// Coherence: what sentence-shuffled and word-Markov text lose while keeping surface statistics.
// - term continuity: real prose keeps talking about what the previous sentence named, so content words recur in
//   the adjacent sentence far more often than their document frequency predicts; after shuffling they do not.
// - burstiness: the gap back to a word's previous use (in an earlier sentence), normalised by the gap its
//   document frequency predicts; exponential(1) for randomly placed sentences, much shorter in real text.
// - phrase continuation: how often a repeated n-gram continues as a repeated (n+1)-gram; an order-k Markov
//   chain forgets after k words, so its repeats stop growing.
// - bracket and quote balance: a Markov chain opens and closes them independently of each other.
// - sentence length spread: a Markov chain ends sentences at random (geometric lengths, spread ~1); writers do not.
import { isSentenceStop, SYMBOL, type Tokens, WORD } from "../ngram-lm/tokens.js";
import { addKeyAt, KeyIds, keySet } from "./key-set.js";
import { LIST_FUNCTION, tokenLists } from "./words.js";

export interface Coherence {
  /** log((observed + 1) / (expected + 1)) of content words recurring from the previous sentence. */
  continuity: number;
  /** Mean log of normalised gaps back to a word's previous sentence (lower = burstier). */
  burstiness: number;
  /** Repeated 4-grams per repeated 3-gram. */
  continuation: number;
  /** Share of sentences whose ( ), [ ] and quotes do not balance. */
  unbalanced: number;
  /** Coefficient of variation of the lengths in tokens of sentences ended by . ! or ?. */
  sentenceLengthCv: number;
}

const OPEN_PAREN = 40;
const CLOSE_PAREN = 41;
const OPEN_BRACKET = 91;
const CLOSE_BRACKET = 93;
const OPEN_QUOTE = 0x201c;
const CLOSE_QUOTE = 0x201d;
const STRAIGHT_QUOTE = 34;

/** `lists`: tokenLists(tokens), when the caller has it. */
export function coherence(text: string, tokens: Tokens, lists = tokenLists(tokens)): Coherence {
  const { hashes, flags, lengths, count, sentenceStarts, sentences } = tokens;
  // Content words: dense ids and document counts.
  const ids = new Int32Array(count).fill(-1);
  const idOf = new KeyIds(count);
  const docCount: number[] = [];
  let content = 0;
  for (let i = 0; i < count; i++) {
    const h = hashes[i] as number;
    if (((flags[i] as number) & WORD) === 0 || (lengths[i] as number) < 3 || (lists[i] as number) & LIST_FUNCTION)
      continue;
    const id = idOf.idOf(h);
    if (id === docCount.length) docCount.push(0);
    docCount[id] = (docCount[id] as number) + 1;
    ids[i] = id;
    content++;
  }
  const vocab = docCount.length;
  const curSentence = new Int32Array(vocab).fill(-1); // latest sentence the word was seen in
  const prevSentence = new Int32Array(vocab).fill(-1); // latest sentence before that one
  const curPos = new Int32Array(vocab).fill(-1); // content position of its latest use
  const prevPos = new Int32Array(vocab).fill(-1); // content position of its latest use in an earlier sentence
  let observed = 0;
  let expected = 0;
  let logGapSum = 0;
  let gaps = 0;
  let unbalanced = 0;
  let pos = 0;
  const S = Math.max(1, sentences);
  for (let s = 0; s < sentences; s++) {
    let paren = 0;
    let bracket = 0;
    let quote = 0;
    let straight = 0;
    for (let i = sentenceStarts[s] as number; i < (sentenceStarts[s + 1] as number); i++) {
      const id = ids[i] as number;
      if (id < 0) {
        if ((flags[i] as number) & SYMBOL) {
          const c = text.charCodeAt(tokens.offsets[i] as number);
          if (c === OPEN_PAREN) paren++;
          else if (c === CLOSE_PAREN) paren--;
          else if (c === OPEN_BRACKET) bracket++;
          else if (c === CLOSE_BRACKET) bracket--;
          else if (c === OPEN_QUOTE) quote++;
          else if (c === CLOSE_QUOTE) quote--;
          else if (c === STRAIGHT_QUOTE) straight ^= 1;
        }
        continue;
      }
      if (curSentence[id] !== s) {
        prevSentence[id] = curSentence[id] as number;
        prevPos[id] = curPos[id] as number;
        curSentence[id] = s;
      }
      const n = docCount[id] as number;
      if (s > 0 && n > 1) {
        if (prevSentence[id] === s - 1) observed++;
        expected += Math.min(1, (n - 1) / S);
        if ((prevPos[id] as number) >= 0) {
          const gap = (pos - (prevPos[id] as number)) * (n / content);
          logGapSum += Math.log(gap);
          gaps++;
        }
      }
      curPos[id] = pos;
      pos++;
    }
    if (paren !== 0 || bracket !== 0 || quote !== 0 || straight !== 0) unbalanced++;
  }
  return {
    continuity: Math.log((observed + 1) / (expected + 1)),
    burstiness: gaps === 0 ? 0 : logGapSum / gaps,
    continuation: phraseContinuation(hashes, count),
    unbalanced: unbalanced / S,
    sentenceLengthCv: sentenceLengthCv(text, tokens),
  };
}

/**
 * Over the sentences that end with . ! or ?: page furniture, headings and table cells are "sentences" of a few tokens
 * that pdftotext keeps and assay's extraction drops, so counting them made the same paper's spread 0.18 lower as
 * assay extracts it than as pdftotext does (40 papers of the corpus; 0.04 over stopped sentences only), and real
 * text look less varied than a Markov chain's the more cleanly it was extracted.
 */
function sentenceLengthCv(text: string, tokens: Tokens): number {
  const { sentenceStarts: starts, sentences } = tokens;
  let n = 0;
  let sum = 0;
  let sq = 0;
  for (let s = 0; s < sentences; s++) {
    const end = starts[s + 1] as number;
    if (!isSentenceStop(text, tokens, end - 1)) continue;
    const length = end - (starts[s] as number);
    n++;
    sum += length;
    sq += length * length;
  }
  if (n < 2) return 0;
  const mean = sum / n;
  return Math.sqrt(Math.max(0, sq / n - mean * mean)) / mean;
}

/** Repeated 4-grams / repeated 3-grams, with open-addressing sets of rolling n-gram hashes. */
function phraseContinuation(hashes: Uint32Array, count: number): number {
  // Each position's 3-gram key (hashes[i - 2] mixed with hashes[i - 1], hashes[i] and 3) and 4-gram key (that, mixed
  // with hashes[i - 3] and 4), mixed in this loop and not by a helper: where the compiler inlined this function into
  // coherence() it ran out of inlining budget, and each 32-bit key a helper took or returned became a heap number
  // (~190 MB per pass over text-dev and the papers, in one process of three).
  const keys3 = new Uint32Array(count);
  const keys4 = new Uint32Array(count);
  const words = new Uint32Array(5);
  for (let i = 3; i < count; i++) {
    words[0] = hashes[i - 1] as number;
    words[1] = hashes[i] as number;
    words[2] = 3;
    words[3] = hashes[i - 3] as number;
    words[4] = 4;
    let h = hashes[i - 2] as number;
    for (let w = 0; w < words.length; w++) {
      h = Math.imul(h ^ (words[w] as number), 0x01000193) + 0x9e3779b9;
      h ^= h >>> 15;
      h = Math.imul(h, 0x2c1b3c6d);
      h = (h ^ (h >>> 13)) >>> 0 || 1;
      if (w === 2) keys3[i] = h;
    }
    keys4[i] = h;
  }
  const seen3 = keySet(count);
  const seen4 = keySet(count);
  let r3 = 0;
  let r4 = 0;
  for (let i = 3; i < count; i++) {
    const new3 = addKeyAt(seen3, keys3, i);
    const new4 = addKeyAt(seen4, keys4, i);
    if (!new3) {
      r3++;
      if (!new4) r4++;
    }
  }
  return r3 === 0 ? 0 : r4 / r3;
}
