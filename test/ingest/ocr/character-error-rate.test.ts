import { describe, expect, it } from "vitest";
import { characterErrorRate, normalizeForCer } from "../../../ingest/ocr/character-error-rate.js";
import { editDistance } from "../../../src/edit-distance.js";

describe("character error rate", () => {
  it("is edit distance over reference length", () => {
    expect(editDistance("kitten", "sitting")).toBe(3);
    expect(editDistance("", "abc")).toBe(3);
    expect(editDistance("abc", "")).toBe(3);
    // A swap of neighbours is two edits in an error rate, one in a typo ("colmun").
    expect(editDistance("colmun", "column")).toBe(2);
    expect(editDistance("colmun", "column", true)).toBe(1);
    expect(editDistance("ca", "abc", true)).toBe(3);
    expect(characterErrorRate("attentlon is all", "attention is all")).toBeCloseTo(1 / 16);
  });

  it("does not count typography or line-end hyphenation as errors", () => {
    expect(normalizeForCer("ﬁne “quoted” text—a hyphen-\n  ated\n\nword")).toBe('fine "quoted" text-a hyphenated word');
    expect(characterErrorRate("English-\nto-German", "Englishto-German")).toBe(0);
  });
});
