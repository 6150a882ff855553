// Texts whose order within paragraphs is known, for the measures of how a paragraph's sentences follow one another
// (sentence-adjacency.ts, sentence-chaining.ts).
import { roughSentences, shuffle } from "../../../filters/density/degrade.js";
import { seededRandom } from "../../../src/seeded-random.js";

/** A word of letters only for each number. */
const tag = (i: number) => [...String(i)].map((d) => "abcdefghij"[Number(d)]).join("");

/**
 * Six paragraphs of eight sentences, each naming the term the one before introduced and then one of its own; the
 * rest are short words, which no measure counts.
 */
export function chainedTerms(): string {
  const paragraph = (p: number) =>
    Array.from(
      { length: 8 },
      (_, s) => `The one we call term${tag(p * 100 + s)} is how we get to term${tag(p * 100 + s + 1)} in all of it.`,
    ).join(" ");
  return Array.from({ length: 6 }, (_, p) => paragraph(p)).join("\n\n");
}

/** Thirty paragraphs of two sentences. */
export const twoSentenceParagraphs = () =>
  Array.from(
    { length: 30 },
    (_, p) => `Term x${tag(p)} opens the paragraph here. It closes it too, as x${tag(p)} does.`,
  ).join("\n\n");

const paragraphsOf = (text: string) => text.split(/\n\s*\n/).map((p) => roughSentences(p.replace(/\s*\n\s*/g, " ")));

/** Each paragraph's sentences in a random order, the paragraphs where they were. */
export function shuffleWithinParagraphs(text: string, seed: number): string {
  const random = seededRandom(seed);
  return paragraphsOf(text)
    .map((p) => shuffle(p, random).join(" "))
    .join("\n\n");
}

/** Each paragraph's sentences last to first. */
export const reverseWithinParagraphs = (text: string) =>
  paragraphsOf(text)
    .map((p) => p.reverse().join(" "))
    .join("\n\n");
