// Red-team synthetic text, made differently from the fit's Markov and markovify chains: a SCIgen-like context-free
// grammar, a handful of sentence frames, lorem ipsum, each filled with the paper's own terms; a character-level chain;
// a word chain over many papers at once. Each makes about `length` characters.
import { seededRandom as rng } from "../../src/seeded-random.js";
import { FUNCTION_WORDS, layOutSentences } from "./edits.js";

const pick = <T>(items: readonly T[], random: () => number): T => items[Math.floor(random() * items.length)] as T;
const capitalised = (s: string) => (s[0] ?? "").toUpperCase() + s.slice(1);

/** The paper's 200 commonest content words of 5+ letters. */
export function termsOf(text: string): string[] {
  const counts = new Map<string, number>();
  for (const w of text.toLowerCase().match(/[a-z][a-z-]{4,}/g) ?? [])
    if (!FUNCTION_WORDS.has(w)) counts.set(w, (counts.get(w) ?? 0) + 1);
  return [...counts]
    .sort((a, b) => b[1] - a[1])
    .slice(0, 200)
    .map(([w]) => w);
}

/** The paper's 80 commonest pairs of adjacent content words ("neural network", "training data"). */
function phrasesOf(text: string): string[] {
  const counts = new Map<string, number>();
  const w = text.toLowerCase().match(/[a-z][a-z-]+/g) ?? [];
  const content = (x: string) => x.length >= 4 && !FUNCTION_WORDS.has(x);
  for (let i = 1; i < w.length; i++)
    if (content(w[i - 1] as string) && content(w[i] as string)) {
      const key = `${w[i - 1]} ${w[i]}`;
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
  return [...counts]
    .sort((a, b) => b[1] - a[1])
    .slice(0, 80)
    .map(([p]) => p);
}

/** Noun phrases from the paper: one of its common phrases, or two of its terms. */
function nounPhrases(text: string, random: () => number): () => string {
  const terms = termsOf(text);
  const phrases = phrasesOf(text);
  return () =>
    phrases.length > 0 && random() < 0.5 ? pick(phrases, random) : `${pick(terms, random)} ${pick(terms, random)}`;
}

const ADJECTIVES = [
  "scalable",
  "robust",
  "efficient",
  "probabilistic",
  "optimal",
  "distributed",
  "stochastic",
  "adaptive",
];
const NAMES = ["Smith", "Lee", "Chen", "Garcia", "Kumar", "Ito"];

/**
 * A SCIgen-like paper: sections of paragraphs drawn from 13 sentence rules (claims, comparisons, figure and
 * citation references, SCIgen's own stock phrases), then a numbered reference list.
 */
export function grammarPaper(text: string, length: number, seed: number): string {
  const random = rng(seed);
  const np = nounPhrases(text, random);
  const adj = () => pick(ADJECTIVES, random);
  const cite = () => `[${1 + Math.floor(random() * 40)}]`;
  const one = (options: string[]) => pick(options, random);
  const rules: (() => string)[] = [
    () =>
      `We ${one(["argue", "show", "demonstrate", "confirm"])} that ${np()} and ${np()} are ${one(["largely", "never", "often"])} ${one(["incompatible", "equivalent", "orthogonal"])}.`,
    () => `Our ${np()} is ${adj()}, ${adj()}, and ${adj()}.`,
    () => `The ${np()} of ${np()} has been widely studied ${cite()}, ${cite()}.`,
    () => `Unlike ${np()} ${cite()}, our method ${one(["requires", "avoids", "exploits", "refines"])} ${np()}.`,
    () => `Figure ${1 + Math.floor(random() * 8)} shows the ${np()} of our ${np()} as a function of ${np()}.`,
    () =>
      `Note that ${np()} ${one(["exhibits", "achieves", "reduces"])} ${(random() * 100).toFixed(1)}% ${one(["lower", "higher", "better"])} ${np()} than ${np()}.`,
    () =>
      `Continuing with this rationale, we assume that ${np()} can ${one(["learn", "model", "approximate"])} ${np()} without ${one(["needing", "requiring"])} ${np()}.`,
    () => "This may or may not actually hold in reality.",
    () =>
      `We first ${one(["train", "evaluate", "deploy", "measure"])} ${np()} on ${np()} to ${one(["prove", "measure", "quantify"])} ${np()}.`,
    () => `Clearly, ${np()} and ${np()} are ${one(["rarely", "generally", "always"])} at odds with ${np()}.`,
    () => `In this section, we ${one(["motivate", "describe", "introduce"])} ${np()} for ${np()}.`,
    () =>
      `Though many ${one(["skeptics", "researchers"])} said it couldn't be done (most notably ${pick(NAMES, random)} et al.), we present a fully-working version of ${np()}.`,
    () =>
      `With these considerations in mind, we ran ${2 + Math.floor(random() * 90)} trials with a simulated ${np()} workload, and compared results to our ${np()}.`,
  ];
  const sections = [
    "Abstract",
    "1 Introduction",
    "2 Related Work",
    "3 Model",
    "4 Implementation",
    "5 Evaluation",
    "6 Conclusion",
  ];
  const out: string[] = [];
  let size = 0;
  let next = 0;
  while (size < length) {
    if (next < sections.length && (next === 0 || random() < 0.12)) out.push(sections[next++] as string);
    const paragraph = Array.from({ length: 4 + Math.floor(random() * 6) }, () => pick(rules, random)()).join(" ");
    out.push(paragraph);
    size += paragraph.length;
  }
  out.push("References");
  for (let i = 1; i <= 20; i++)
    out.push(
      `[${i}] ${pick(NAMES, random)}, ${one(["A", "J", "K", "M"])}. ${capitalised(np())}. In Proceedings of ${one(["NIPS", "ICML", "OSDI", "ACL"])} (${1990 + Math.floor(random() * 30)}).`,
    );
  return out.join("\n\n");
}

/** A "paper" of five sentence frames, each filled with the paper's terms, six to a paragraph. */
export function framePaper(text: string, length: number, seed: number): string {
  const random = rng(seed);
  const np = nounPhrases(text, random);
  const frames: (() => string)[] = [
    () => `In this paper, we propose a novel ${np()} for ${np()}.`,
    () => `The ${np()} is an important component of ${np()}.`,
    () => `Experimental results show that the proposed ${np()} outperforms the ${np()}.`,
    () => `Furthermore, the ${np()} improves the ${np()} significantly.`,
    () => `Table ${1 + Math.floor(random() * 5)} reports the ${np()} on ${np()}.`,
  ];
  const out: string[] = [];
  for (let size = 0; size < length; ) {
    const paragraph = Array.from({ length: 6 }, () => pick(frames, random)()).join(" ");
    out.push(paragraph);
    size += paragraph.length;
  }
  return out.join("\n\n");
}

const LOREM = (
  "lorem ipsum dolor sit amet consectetur adipiscing elit sed do eiusmod tempor incididunt ut labore et dolore magna " +
  "aliqua enim ad minim veniam quis nostrud exercitation ullamco laboris nisi aliquip ex ea commodo consequat duis " +
  "aute irure in reprehenderit voluptate velit esse cillum eu fugiat nulla pariatur excepteur sint occaecat " +
  "cupidatat non proident sunt culpa qui officia deserunt mollit anim id est laborum"
).split(" ");

/** Lorem ipsum sentences of 8-25 words, 35% of them the paper's terms. */
export function loremPaper(text: string, length: number, seed: number): string {
  const random = rng(seed);
  const terms = termsOf(text);
  const sentences: string[] = [];
  for (let size = 0; size < length; ) {
    const n = 8 + Math.floor(random() * 18);
    const w = Array.from({ length: n }, () => (random() < 0.35 ? pick(terms, random) : pick(LOREM, random)));
    const sentence = `${capitalised(w.join(" "))}.`;
    sentences.push(sentence);
    size += sentence.length + 1;
  }
  return layOutSentences(sentences, random);
}

/** A character-level Markov chain of `order` over `training`, restarting at a random place at a dead end. */
export function characterChain(training: string, order: number, length: number, seed: number): string {
  const random = rng(seed);
  const next = new Map<string, string[]>();
  for (let i = order; i < training.length; i++) {
    const key = training.slice(i - order, i);
    const list = next.get(key);
    if (list) list.push(training[i] as string);
    else next.set(key, [training[i] as string]);
  }
  const restart = () => {
    const at = Math.floor(random() * (training.length - order));
    return training.slice(at, at + order);
  };
  let state = restart();
  let out = state;
  while (out.length < length) {
    const list = next.get(state);
    if (!list) {
      state = restart();
      out += ` ${state}`;
      continue;
    }
    const c = pick(list, random);
    out += c;
    state = state.slice(1) + c;
  }
  return out;
}

/**
 * A word-level Markov chain of `order` over many texts at once (whitespace tokens), started at sentence starts;
 * the returned generator makes `words` words, laid out in paragraphs.
 */
export function corpusWordChain(texts: readonly string[], order: number): (words: number, seed: number) => string {
  const next = new Map<string, string[]>();
  const starts: string[] = [];
  for (const text of texts) {
    const w = text.split(/\s+/).filter(Boolean);
    for (let i = order; i < w.length; i++) {
      const key = w.slice(i - order, i).join(" ");
      const list = next.get(key);
      if (list) {
        list.push(w[i] as string);
        continue;
      }
      next.set(key, [w[i] as string]);
      if (/[.!?]$/.test(w[i - order - 1] ?? ".") && /^[A-Z]/.test(w[i - order] as string)) starts.push(key);
    }
  }
  return (words, seed) => {
    const random = rng(seed);
    let state = pick(starts, random).split(" ");
    const out = state.slice();
    while (out.length < words) {
      const list = next.get(state.join(" "));
      if (!list) {
        state = pick(starts, random).split(" ");
        out.push(...state);
        continue;
      }
      const w = pick(list, random);
      out.push(w);
      state = [...state.slice(1), w];
    }
    const sentences = out.join(" ").split(/(?<=[.!?])\s+/);
    return layOutSentences(sentences, random);
  };
}
