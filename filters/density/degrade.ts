// Degraded copies of real text, the negatives the density weights are fitted against (and tests check).
// Seeded, so the fit and the tests are reproducible.

import { seededRandom as rng } from "../../src/seeded-random.js";
import { hashWord } from "../ngram-lm/tokens.js";
import { isFunctionWord } from "./word-classes.js";

/** Fisher-Yates on a copy. */
export function shuffle<T>(items: T[], random: () => number): T[] {
  const a = items.slice();
  for (let i = a.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [a[i], a[j]] = [a[j] as T, a[i] as T];
  }
  return a;
}

/**
 * Rough sentence break for degradation only: end punctuation, then space and a capital. The space is captured, so
 * a split keeps it at the odd indices.
 */
const SENTENCE_BREAK = /(?<=[.!?])(\s+)(?=[A-Z(\d])/;

export function roughSentences(text: string): string[] {
  return text.split(SENTENCE_BREAK).filter((s, i) => i % 2 === 0 && s.trim().length > 0);
}

/** Sentences shuffled across the whole document, joined by `separator`. */
export function shuffleSentences(text: string, seed: number, separator = " "): string {
  return shuffle(roughSentences(text), rng(seed)).join(separator);
}

/**
 * A share of the sentences moved to one another's places, the rest left where they were, line breaks included:
 * text whose order is broken in places only, as when a document is spliced or merged with parts of itself. With a
 * `group`, the moved sentences trade places only within runs of that many of them: order broken locally, each
 * sentence still among its paragraph's topic.
 */
export function displaceSentences(text: string, share: number, seed: number, group = Number.POSITIVE_INFINITY): string {
  if (!(group >= 1)) throw new RangeError(`displaceSentences: group ${group}: give 1 or more`);
  const random = rng(seed);
  const parts = text.split(SENTENCE_BREAK);
  const moved = parts.flatMap((_, i) => (i % 2 === 0 && random() < share ? [i] : []));
  const out = parts.slice();
  for (let g = 0; g < moved.length; g += group) {
    const from = moved.slice(g, g + group);
    const places = shuffle(from, random);
    from.forEach((sentence, k) => {
      out[places[k] as number] = parts[sentence] as string;
    });
  }
  return out.join("");
}

/** How a Markov chain cuts its training text into tokens and glues generated tokens back into text. */
export interface MarkovTokens {
  split: (text: string) => string[];
  join: (tokens: string[]) => string;
}
const WHITESPACE_WORDS: MarkovTokens = {
  split: (text) => text.split(/\s+/).filter(Boolean),
  join: (tokens) => tokens.join(" "),
};

/**
 * Token-level Markov chain of `order` trained on `training`, built once; the returned generator makes about
 * `tokens` tokens per call, restarting at a sentence-initial state when the chain reaches a dead end.
 */
export function markovChain(
  training: string[],
  order: number,
  tokens: MarkovTokens = WHITESPACE_WORDS,
): (length: number, seed: number) => string {
  const next = new Map<string, string[]>();
  const starts: string[] = [];
  for (const text of training) {
    const w = tokens.split(text);
    for (let i = order; i < w.length; i++) {
      const key = w.slice(i - order, i).join(" ");
      let list = next.get(key);
      if (!list) {
        list = [];
        next.set(key, list);
        if (/^[A-Z]/.test(w[i - order] as string)) starts.push(key);
      }
      list.push(w[i] as string);
    }
  }
  return (length, seed) => {
    if (starts.length === 0) return "";
    const random = rng(seed);
    const restart = () => (starts[Math.floor(random() * starts.length)] as string).split(" ");
    let state = restart();
    const out = state.slice();
    while (out.length < length) {
      const list = next.get(state.join(" "));
      if (!list) {
        state = restart();
        out.push(...state);
        continue;
      }
      const w = list[Math.floor(random() * list.length)] as string;
      out.push(w);
      state = [...state.slice(1), w];
    }
    return tokens.join(out);
  };
}

/** Word-level Markov chain of `order` trained on `training`, generating about `words` words. */
export function markovText(training: string[], words: number, order: number, seed: number): string {
  return markovChain(training, order)(words, seed);
}

const BOILER_LINES = [
  "Home | About | Contact | Privacy Policy | Terms of Use",
  "We use cookies to improve your experience. By continuing you accept our cookie policy.",
  "Share this article: Twitter Facebook LinkedIn Email",
  "Subscribe to our newsletter for the latest updates.",
  "Copyright © 2024 All rights reserved.",
  "Sign in or create an account to continue reading.",
  "Related articles",
  "Click here to download the PDF",
  "Skip to main content",
  "Back to top",
  "Advertisement",
  "Powered by WordPress",
  // Furniture no phrase list names, so the fitted weights cannot lean on the boilerplate phrases alone.
  "Home > Research > Articles",
  "Comments (3)",
  "Next article",
  "Menu",
  "Posted in Science, Technology",
  "Most read this week",
];

/** Paragraphs interleaved with navigation/consent chrome until about `share` of the text is boilerplate. */
export function addBoilerplate(text: string, share: number, seed: number): string {
  const random = rng(seed);
  return interleaveChrome(text, share, () => BOILER_LINES[Math.floor(random() * BOILER_LINES.length)] as string);
}

/** After each paragraph, chrome from `next` until about `share` of the text is chrome; paragraphs stay apart. */
function interleaveChrome(text: string, share: number, next: () => string): string {
  const out: string[] = [];
  let real = 0;
  let chrome = 0;
  for (const p of text.split(/\n\s*\n/)) {
    out.push(p);
    real += p.length;
    while (chrome < (real * share) / (1 - share)) {
      const added = next();
      out.push(added);
      chrome += added.length;
    }
  }
  return out.join("\n\n");
}

const MONTHS = ["Jan", "March", "June", "Sep.", "October", "Dec"];
const SEPARATORS = [" | ", " · ", " > ", "   ", " / "];

/**
 * Site furniture made from templates and the text's own words, in blocks of 2-5 lines (a page's menu, byline, tags or
 * footer as a scrape leaves them): what a page's chrome looks like (short title-case lines, separators, dates,
 * counts, the same lines again) without the phrases of a list, so that the fit learns its shape, not its words.
 */
export function addTemplateChrome(text: string, share: number, seed: number): string {
  const random = rng(seed);
  const words = text.match(/\b[a-z]{4,12}\b/g) ?? ["item"];
  const pick = <T>(items: readonly T[]) => items[Math.floor(random() * items.length)] as T;
  const title = () => pick(words).replace(/^./, (c) => c.toUpperCase());
  const titles = (n: number) => Array.from({ length: n }, title);
  const number = (max: number) => 1 + Math.floor(random() * max);
  const templates = [
    () => titles(3 + number(4)).join(pick(SEPARATORS)),
    () => titles(1 + number(3)).join(" "),
    () => `${title()} ${title()} on ${pick(MONTHS)} ${number(28)}, ${2000 + number(24)}`,
    () => `${number(300)} ${pick(words)}s`,
    () => `${title()}: ${titles(2 + number(3)).join(", ")}`,
    () => `${title()} ${number(9)} of ${9 + number(20)}`,
    () => `© ${2000 + number(24)} ${titles(2).join(" ")}`,
  ];
  // A site repeats its furniture (the menu above and below, the same sidebar): half the lines come from its own few.
  const site = Array.from({ length: 6 }, () => pick(templates)());
  const line = () => (random() < 0.5 ? pick(site) : pick(templates)());
  const block = () => Array.from({ length: 1 + number(4) }, line).join("\n");
  return interleaveChrome(text, share, block);
}

const CONFUSIONS: [string, string][] = [
  ["m", "rn"],
  ["rn", "m"],
  ["l", "1"],
  ["1", "l"],
  ["o", "0"],
  ["0", "o"],
  ["e", "c"],
  ["c", "e"],
  ["i", "l"],
  ["h", "b"],
  ["u", "v"],
  ["s", "5"],
  ["fi", "ﬁ"],
  ["t", "f"],
  ["a", "o"],
  ["n", "h"],
  ["d", "cl"],
  ["w", "vv"],
];

/** OCR-like noise: at `rate` per character, a confusion, a dropped or doubled char, a split or merged word. */
export function ocrNoise(text: string, rate: number, seed: number): string {
  const random = rng(seed);
  let out = "";
  for (let i = 0; i < text.length; i++) {
    const ch = text[i] as string;
    if (random() >= rate || ch === "\n") {
      out += ch;
      continue;
    }
    const r = random();
    if (r < 0.5) {
      const pair = CONFUSIONS.find(([from]) => text.startsWith(from, i));
      if (pair) {
        out += pair[1];
        i += pair[0].length - 1;
      } else out += ch === ch.toLowerCase() ? ch.toUpperCase() : ch.toLowerCase();
    } else if (r < 0.65) {
      // dropped
    } else if (r < 0.75) out += ch + ch;
    else if (r < 0.9) out += ch === " " ? "" : `${ch} `;
    else out += "~^'`,."[Math.floor(random() * 6)] as string;
  }
  return out;
}

/**
 * Word-level damage inside sentences, as a corrupted copy or a bad translation does: at `rate` per word, the word
 * swaps with the next, is replaced by a word drawn from the text itself, or is dropped. Line breaks stay put.
 */
export function scrambleWords(text: string, rate: number, seed: number): string {
  const random = rng(seed);
  const parts = text.split(/(\s+)/); // words at even indices, the whitespace between them at odd ones
  const words = parts.filter((p, i) => i % 2 === 0 && p !== "");
  for (let i = 0; i < parts.length; i += 2) {
    if (parts[i] === "" || random() >= rate) continue;
    const r = random();
    if (r < 1 / 3 && i + 2 < parts.length) {
      [parts[i], parts[i + 2]] = [parts[i + 2] as string, parts[i] as string];
      i += 2;
    } else if (r < 2 / 3) parts[i] = words[Math.floor(random() * words.length)] as string;
    else {
      parts[i] = "";
      if (!(parts[i + 1] ?? "").includes("\n")) parts[i + 1] = "";
    }
  }
  return parts.join("");
}

/**
 * Degenerate decoding, the signature of a model fed its own output: a `share` of sentences come twice or three
 * times in a row, verbatim.
 */
export function repeatSentences(text: string, share: number, seed: number): string {
  const random = rng(seed);
  const out: string[] = [];
  for (const sentence of roughSentences(text)) {
    out.push(sentence);
    if (random() < share) out.push(...Array.from({ length: 1 + Math.floor(random() * 2) }, () => sentence));
  }
  return out.join(" ");
}

/** Longest sentence taken as a template: a longer "sentence" is a table or a list run together. */
const TEMPLATE_MAX_CHARS = 300;

/**
 * Text cast in a few moulds, as template generators write it: `frames` sentences of the text (8 words or more, up to
 * TEMPLATE_MAX_CHARS) are the templates, and each sentence of the output is one of them drawn at random, its lower-case
 * words of four letters or more that are not function words each replaced, at `fill`, by such a word drawn from the
 * text (names and the capital opening word stay, as a template's fixed words do). Sentences are written while the
 * output stays as long as the text or shorter, so a copy stays in its text's length scale. A template's line breaks
 * are not kept: a generator lays out its own lines, and repeated, they would be duplicated lines. Every sentence is whole, on topic and
 * grammatical; only the moulds repeat.
 */
export function templateSentences(text: string, frames: number, fill: number, seed: number): string {
  const random = rng(seed);
  const sentences = roughSentences(text).map((s) => s.trim().replace(/\s+/g, " "));
  const ordinary = sentences.filter((s) => s.length <= TEMPLATE_MAX_CHARS && s.split(" ").length >= 8);
  const templates = shuffle(ordinary.length >= frames ? ordinary : sentences, random).slice(0, frames);
  const slot = (w: string) => w.length >= 4 && w === w.toLowerCase() && !isFunctionWord(hashWord(w));
  const fillers = text.match(/\p{L}+/gu)?.filter(slot) ?? [];
  const out: string[] = [];
  for (let length = 0; templates.length > 0; ) {
    const sentence = (templates[Math.floor(random() * templates.length)] as string).replace(/\p{L}+/gu, (w) =>
      slot(w) && random() < fill ? (fillers[Math.floor(random() * fillers.length)] as string) : w,
    );
    length += sentence.length + (out.length > 0 ? 1 : 0);
    if (length > text.length && out.length > 0) break;
    out.push(sentence);
  }
  return out.join(" ");
}

/**
 * Two columns read across, the commonest reading-order failure of PDF extraction: the lines are cut into blocks of
 * `lines`, and each line of one block is followed by the same line of the next block.
 */
export function readAcrossColumns(text: string, lines: number): string {
  const all = text.split("\n").filter((line) => line.trim().length > 0);
  const out: string[] = [];
  for (let i = 0; i < all.length; i += 2 * lines) {
    const left = all.slice(i, i + lines);
    const right = all.slice(i + lines, i + 2 * lines);
    for (let j = 0; j < left.length; j++)
      out.push(left[j] as string, ...(j < right.length ? [right[j] as string] : []));
  }
  return out.join("\n");
}

/**
 * Character-spaced layout extracted letter by letter, as text layers with wide tracking give: a `share` of the lines
 * become "T h e  n e t w o r k".
 */
export function letterSpaceLines(text: string, share: number, seed: number): string {
  const random = rng(seed);
  return text
    .split("\n")
    .map((line) => (random() < share ? [...line].join(" ") : line))
    .join("\n");
}

/** A text layer whose ligature glyphs map to nothing: a `share` of the fi, fl, ff, ffi and ffl vanish. */
export function dropLigatures(text: string, share: number, seed: number): string {
  const random = rng(seed);
  return text.replace(/ff[il]?|f[il]/g, (l) => (random() < share ? "" : l));
}
