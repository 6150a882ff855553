// How each kind's negatives are made from a unit of a paper: family A (fitted and evaluated) and family B (evaluated
// only), with the chains of chains.ts.
import {
  addBoilerplate,
  addTemplateChrome,
  displaceSentences,
  dropLigatures,
  letterSpaceLines,
  ocrNoise,
  readAcrossColumns,
  repeatSentences,
  scrambleWords,
  shuffleSentences,
  templateSentences,
} from "../../filters/density/degrade.js";
import {
  addChromeBlocks,
  addWebChrome,
  garbleSentences,
  interleaveDocuments,
  loopPhrases,
  misorderLines,
  ocrNoiseWords,
  windowShuffle,
} from "../../filters/density/degrade-unseen.js";
import { seededRandom } from "../../src/seeded-random.js";
import type { Chain, PaperChains, SentenceChain } from "./chains.js";
import type { Kind } from "./kinds.js";
import type { Unit } from "./units.js";

/**
 * How variants 0-2 displace sentences: the share moved, and the runs of moved sentences they trade places within
 * (Infinity: anywhere in the paper). Order broken in places only, half the sentences or more: at 0.2-0.5 the ~8 KB
 * copies were so close to real chunks (AUC 0.81-0.83) that the shuffled detector they joined lost 0.015 on shuffled
 * chunks; at 0.5-0.85 every mean AUC held or rose. Variant 1 moves them within runs of 5 only, so each stays among
 * its paragraph's topic and only order tells it (docs/density.md, "Order").
 */
const DISPLACED: readonly (readonly [share: number, group: number])[] = [
  [0.5, Number.POSITIVE_INFINITY],
  [0.85, 5],
  [0.85, Number.POSITIVE_INFINITY],
];

/** A unit of a paper, as its negatives are made from it. */
export interface PaperUnit {
  unit: Unit;
  text: string;
  /** The whole paper the unit is cut from. */
  paper: string;
  chains: PaperChains;
}

/** `length` characters of `text` from a seeded position, starting at a sentence start. */
function windowOf(text: string, length: number, seed: number): string {
  const from = Math.floor(seededRandom(seed)() * Math.max(1, text.length - length));
  const start = text.indexOf(". ", from) + 2;
  return text.slice(start, start + length);
}

/** Family A, variant v (how each degradation is made) and seed r. */
export function degradeA({ unit, text, paper, chains }: PaperUnit, v: number, r: number): [Kind, string][] {
  const words = text.split(/\s+/).length;
  const [halfChain, ownChain] = [chains.half.words, chains.own];
  return [
    // Sentences shuffled across the document, the unit's window cut from it; or, harder, within the unit.
    [
      "shuffled",
      unit === "doc" || v === 0
        ? shuffleSentences(text, r, v === 0 ? "\n" : " ")
        : windowOf(shuffleSentences(paper, r, v === 1 ? "\n" : " "), text.length, r),
    ],
    [
      "displaced",
      unit === "doc"
        ? displaceSentences(text, ...(DISPLACED[v] as [number, number]), r)
        : windowOf(displaceSentences(paper, ...(DISPLACED[v] as [number, number]), r), text.length, r),
    ],
    ["markov1", (halfChain[0] as Chain)(words, r)],
    ["markov2", ((v === 0 ? halfChain[1] : ownChain[v === 2 ? 1 : 0]) as Chain)(words, r)],
    ["markov3", ((v === 0 ? ownChain[2] : v === 1 ? ownChain[1] : halfChain[2]) as Chain)(words, r + 7)],
    ["sentences", (chains.sentences[v] as SentenceChain)(text.length, r + 11)],
    ["scrambled", scrambleWords(text, [0.1, 0.2, 0.3][v] as number, r)],
    ["repeated", repeatSentences(text, [0.1, 0.2, 0.4][v] as number, r)],
    ["templated", templateSentences(text, [3, 5, 8][v] as number, 0.7, r)],
    ["boilerplate", v === 1 ? addTemplateChrome(text, 0.3, r) : addBoilerplate(text, 0.2 + 0.1 * v, r)],
    ["ocr", ocrNoise(text, [0.006, 0.02, 0.06][v] as number, r)],
    ["columns", readAcrossColumns(text, [6, 12, 24][v] as number)],
    ["spaced", letterSpaceLines(text, [0.05, 0.15, 0.3][v] as number, r)],
    ["ligatures", dropLigatures(text, [0.5, 1, 1][v] as number, r)],
  ];
}

/** Family B, variant v and seed r; `others` are two other papers of the half, to interleave with the unit. */
export function degradeB(
  { unit, text, paper, chains }: PaperUnit,
  v: number,
  r: number,
  others: string[],
): [Kind, string][] {
  const len = text.length;
  const tokens = Math.round(text.split(/\s+/).length * 1.2);
  const unseen = [...chains.half.unseen, chains.ownUnseen];
  return [
    ["shuffled", unit === "doc" ? windowShuffle(text, len, r) : windowShuffle(paper, len, r)],
    ["markov", (unseen[v] as Chain)(tokens, r)],
    ["markovify", (chains.ownSentences[0] as SentenceChain)(len, r)],
    ["markovify-bracketed", (chains.ownSentences[1] as SentenceChain)(len, r)],
    ["garbled", garbleSentences(text, v as 0 | 1 | 2, r)],
    ["loops", loopPhrases(text, [0.15, 0.3, 0.5][v] as number, r)],
    ["interleaved", interleaveDocuments(text, others, r)],
    ["misordered", misorderLines(text, r)],
    ["boilerplate", addWebChrome(text, 0.15 + 0.1 * v, r)],
    ["chrome-blocks", addChromeBlocks(text, 0.15 + 0.1 * v, r)],
    ["ocr", ocrNoiseWords(text, [0.04, 0.08, 0.15][v] as number, r)],
  ];
}

/**
 * Whether a degradation left every word of the unit in place (only the layout changed): no sentence drew a repeat,
 * no line a letter spacing, the unit had no ligature, or columns of 24 lines met a 15-line paragraph. Such a copy is
 * not a negative: kept, it is a real paragraph labelled degraded (8-10% of the ~1.2 KB copies of those kinds).
 */
export function sameWords(original: string, degraded: string): boolean {
  const words = (t: string) => t.trim().split(/\s+/).join(" ");
  return words(original) === words(degraded);
}
