// Sentence-kind clustering: a writer's sentences come in runs of one kind. The authors' choices cluster ("we use ...
// we set ..."), a stretch of results reports in the past tense, related work cites sentence after sentence.
// Sentences shuffled across a paper or interleaved with another paper's keep every kind but lose the runs. Measured
// with the runs test (Wald-Wolfowitz) per kind: fewer changes of kind between neighbours than a random order would
// give is a negative z. Word-overlap components (stem reuse, adjacency lift) miss this: the kinds are told by "we",
// "-ed" and "[12]", not by topic words. Long sentences after long ones was a fourth kind, left out: it told apart
// only texts laid out differently (with real and shuffled text both flattened to one line, 0.50-0.57).
import { NUMBER, SYMBOL, type Tokens, WORD } from "../ngram-lm/tokens.js";
import { LIST_FIRST_PERSON_PLURAL, tokenLists } from "./words.js";

/** Fewer sentences than this give the runs test too few changes to count. */
const MIN_SENTENCES = 8;

const KIND_AUTHORIAL = 1;
const KIND_PAST = 2;
const KIND_CITING = 4;
const KINDS = [KIND_AUTHORIAL, KIND_PAST, KIND_CITING];

const OPEN_BRACKET = 91;
const LOWER_D = 100;
const LOWER_E = 101;

/** A lower-case past form or participle of 5+ letters ("trained", "used"): "-ed" after 3+ letters. */
function endsInEd(text: string, at: number, length: number): boolean {
  return length >= 5 && text.charCodeAt(at + length - 2) === LOWER_E && text.charCodeAt(at + length - 1) === LOWER_D;
}

/**
 * The runs-test z of each kind over the text's sentences, summed: below 0 when sentences of a kind sit together more
 * than chance has them, about 0 when their order is random. 0 for texts of fewer than MIN_SENTENCES sentences.
 * `lists`: tokenLists(tokens), when the caller has it.
 */
export function sentenceClustering(text: string, tokens: Tokens, lists = tokenLists(tokens)): number {
  const { flags, offsets, lengths, sentenceStarts, sentences } = tokens;
  if (sentences < MIN_SENTENCES) return 0;
  const kinds = new Uint8Array(sentences);
  for (let s = 0; s < sentences; s++) {
    const end = sentenceStarts[s + 1] as number;
    let kind = 0;
    for (let i = sentenceStarts[s] as number; i < end; i++) {
      const f = flags[i] as number;
      const at = offsets[i] as number;
      if (f & WORD) {
        if ((lists[i] as number) & LIST_FIRST_PERSON_PLURAL) kind |= KIND_AUTHORIAL;
        else if (endsInEd(text, at, lengths[i] as number)) kind |= KIND_PAST;
      } else if (
        f & SYMBOL &&
        text.charCodeAt(at) === OPEN_BRACKET &&
        i + 1 < end &&
        ((flags[i + 1] as number) & NUMBER) !== 0
      ) {
        kind |= KIND_CITING;
      }
    }
    kinds[s] = kind;
  }
  let z = 0;
  for (const kind of KINDS) z += runsZ(kinds, kind);
  return z;
}

/** Wald-Wolfowitz runs test: (runs - expected runs) / sd for the sequence "has kind" over the sentences; 0 if all alike. */
function runsZ(kinds: Uint8Array, kind: number): number {
  const n = kinds.length;
  let having = 0;
  let runs = 1;
  for (let s = 0; s < n; s++) {
    const has = ((kinds[s] as number) & kind) !== 0;
    if (has) having++;
    if (s > 0 && has !== (((kinds[s - 1] as number) & kind) !== 0)) runs++;
  }
  const lacking = n - having;
  if (having === 0 || lacking === 0) return 0;
  const product = 2 * having * lacking;
  const expected = 1 + product / n;
  const variance = (product * (product - n)) / (n * n * (n - 1));
  return variance > 0 ? (runs - expected) / Math.sqrt(variance) : 0;
}
