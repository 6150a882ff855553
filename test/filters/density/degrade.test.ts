import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { displaceSentences, roughSentences, templateSentences } from "../../../filters/density/degrade.js";

/** 200 numbered sentences wrapped at a sentence boundary every third sentence, paragraphs every tenth. */
function numberedText(): string {
  let text = "";
  for (let i = 0; i < 200; i++) {
    text += `Sentence ${i} says something about item ${i}.`;
    text += i % 10 === 9 ? "\n\n" : i % 3 === 2 ? "\n" : " ";
  }
  return text.trim();
}

const separators = (text: string) => text.match(/(?<=[.!?])\s+(?=[A-Z(\d])/g) ?? [];

describe("displaceSentences", () => {
  const text = numberedText();

  it("moves about the given share of sentences and keeps every sentence and every break where it was", () => {
    const out = displaceSentences(text, 0.5, 7);
    const before = roughSentences(text);
    const after = roughSentences(out);
    expect([...after].sort()).toEqual([...before].sort());
    expect(separators(out)).toEqual(separators(text));
    const moved = after.filter((s, i) => s !== before[i]).length;
    // Half the sentences are drawn; a drawn one may land on its own place, so a little under half move.
    expect(moved).toBeGreaterThan(0.35 * before.length);
    expect(moved).toBeLessThan(0.6 * before.length);
  });

  it("is seeded, and leaves the text alone at share 0", () => {
    expect(displaceSentences(text, 0.3, 1)).toBe(displaceSentences(text, 0.3, 1));
    expect(displaceSentences(text, 0.3, 1)).not.toBe(displaceSentences(text, 0.3, 2));
    expect(displaceSentences(text, 0, 1)).toBe(text);
  });

  it("in groups, moves each sentence only among the next and previous few moved ones", () => {
    const out = displaceSentences(text, 0.85, 3, 5);
    const number = (s: string) => Number(/Sentence (\d+)/.exec(s)?.[1]);
    const places = roughSentences(out).map(number);
    expect([...places].sort((a, b) => a - b)).toEqual(roughSentences(text).map(number));
    expect(separators(out)).toEqual(separators(text));
    // Five moved sentences span at most ~5 / 0.85 places in a row; anywhere, they would travel ~65 on average.
    const distances = places.map((n, i) => Math.abs(n - i));
    expect(Math.max(...distances)).toBeLessThanOrEqual(12);
    expect(distances.filter((d) => d > 0).length).toBeGreaterThan(0.5 * places.length);
    // Without a group, the same draws as before groups existed (the digest of this output then).
    const digest = createHash("sha256")
      .update(displaceSentences(text, 0.5, 7))
      .digest("hex")
      .slice(0, 16);
    expect(digest).toBe("cda55d4d2dc2af87");
    expect(() => displaceSentences(text, 0.5, 7, 0)).toThrow(RangeError);
  });
});

describe("templateSentences", () => {
  const text =
    "We train the encoder on labelled images. The decoder predicts masks from pooled features. " +
    "Our results improve segmentation accuracy considerably. Training converges within twenty epochs. " +
    "Dropout reduces overfitting on small datasets. Figure 2 compares both networks directly.";

  it("writes up to the text's length, each sentence one of a few templates with its slots refilled", () => {
    const written = templateSentences(text, 2, 0.7, 3);
    expect(written.length).toBeLessThanOrEqual(text.length);
    expect(written.length).toBeGreaterThan(text.length - 80);
    const out = roughSentences(written);
    // Function words, capitals and short words are the template's fixed words: at most two skeletons.
    const skeleton = (s: string) => s.replace(/\b[a-z]{4,}\b/g, "_");
    expect(new Set(out.map(skeleton)).size).toBeLessThanOrEqual(2);
    const words = new Set(text.match(/\p{L}+/gu));
    for (const s of out) for (const w of s.match(/\p{L}+/gu) ?? []) expect(words.has(w)).toBe(true);
  });

  it("is seeded, and with nothing filled repeats the templates verbatim", () => {
    expect(templateSentences(text, 3, 0.7, 1)).toBe(templateSentences(text, 3, 0.7, 1));
    expect(templateSentences(text, 3, 0.7, 1)).not.toBe(templateSentences(text, 3, 0.7, 2));
    const sentences = new Set(roughSentences(text));
    for (const s of roughSentences(templateSentences(text, 3, 0, 5))) expect(sentences.has(s)).toBe(true);
  });
});
