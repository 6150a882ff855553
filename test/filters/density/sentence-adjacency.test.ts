import { describe, expect, it } from "vitest";
import { roughSentences, shuffle } from "../../../filters/density/degrade.js";
import { documentChunks, documentSignals } from "../../../filters/density/density.js";
import { pairwiseAuc } from "../../../filters/density/logistic.js";
import { seededRandom } from "../../../src/seeded-random.js";
import { haveShared, PAPERS, readDocs } from "./shared-text.js";

const lift = (text: string) => documentSignals(documentChunks(text)).sentenceLift;

/** Each paragraph's sentences in a random order, the paragraphs where they were. */
function shuffleWithinParagraphs(text: string, seed: number): string {
  const random = seededRandom(seed);
  return text
    .split(/\n\s*\n/)
    .map((p) => shuffle(roughSentences(p.replace(/\s*\n\s*/g, " ")), random).join(" "))
    .join("\n\n");
}

/** A word of letters only for each number. */
const tag = (i: number) => [...String(i)].map((d) => "abcdefghij"[Number(d)]).join("");

describe("sentence adjacency within paragraphs", () => {
  it("is above 1 when each sentence picks up the one before, ~1 when a paragraph's sentences are shuffled", () => {
    // Each sentence names the term the one before introduced, and one of its own; the rest are short words, which
    // do not count.
    const paragraph = (p: number) =>
      Array.from(
        { length: 8 },
        (_, s) => `The one we call term${tag(p * 100 + s)} is how we get to term${tag(p * 100 + s + 1)} in all of it.`,
      ).join(" ");
    const text = Array.from({ length: 6 }, (_, p) => paragraph(p)).join("\n\n");
    expect(lift(text)).toBeGreaterThan(2);
    expect(lift(shuffleWithinParagraphs(text, 1))).toBeLessThan(2);
  });

  it("has no lift for a text of few paragraphs of four sentences or more", () => {
    const twoSentences = Array.from(
      { length: 30 },
      (_, p) => `Term x${tag(p)} opens the paragraph here. It closes it too, as x${tag(p)} does.`,
    );
    expect(lift(twoSentences.join("\n\n"))).toBeNaN();
  });

  it("tells the 52 papers from their sentences shuffled within paragraphs", { skip: !haveShared }, () => {
    const papers = [...readDocs(PAPERS).values()];
    const real = papers.map(lift);
    const shuffled = papers.map((t, i) => lift(shuffleWithinParagraphs(t, i)));
    // Measured: real 0.96-2.2 (median 1.51), shuffled 0.82-1.58 (median 1.17); AUC 0.864.
    expect(Math.min(...real)).toBeGreaterThan(0.9);
    expect(pairwiseAuc(real, shuffled)).toBeGreaterThan(0.82);
  });
});
