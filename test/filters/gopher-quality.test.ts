// Each Gopher quality rule at its datatrove default: the boundary value passes, one step past it drops.
import { describe, expect, it } from "vitest";
import { GOPHER_QUALITY_DEFAULTS, gopherQuality } from "../../filters/gopher-quality.js";
import { plainWords, tdoc } from "./tdoc.js";

const verdict = (text: string) => {
  const d = gopherQuality(tdoc(text));
  return d.keep ? "pass" : d.reason;
};
/** n words: two stop words ("the", "and") and n - 2 five-letter words. */
const doc = (n: number) => ["the", "and", ...plainWords(n - 2)].join(" ");

describe("gopher_quality", () => {
  it("uses datatrove's defaults", () => {
    expect(GOPHER_QUALITY_DEFAULTS).toMatchObject({ minDocWords: 50, maxDocWords: 100_000, minAvgWordLength: 3 });
    expect(GOPHER_QUALITY_DEFAULTS).toMatchObject({ maxAvgWordLength: 10, maxSymbolWordRatio: 0.1, minStopWords: 2 });
  });
  it("gopher_short_doc below 50 words (punctuation does not count)", () => {
    expect(verdict(doc(50))).toBe("pass");
    expect(verdict(`${doc(49)} . , ;`)).toBe("gopher_short_doc");
  });
  it("gopher_long_doc above 100,000 words", () => {
    expect(verdict(doc(100_000))).toBe("pass");
    expect(verdict(doc(100_001))).toBe("gopher_long_doc");
  });
  it("gopher_below_avg_threshold under a mean of 3 characters", () => {
    const threeLetter = Array.from({ length: 48 }, () => "cat").join(" ");
    expect(verdict(`the and ${threeLetter}`)).toBe("pass");
    expect(verdict(`the and ${threeLetter} of`)).toBe("gopher_below_avg_threshold");
  });
  it("gopher_above_avg_threshold over a mean of 10 characters", () => {
    // 2 stop words (6 chars) + 14 words of 11 + 34 words of 10 = 500 chars over 50 words: exactly 10.
    const words = ["the", "and", ...Array(14).fill("abcdefghijk"), ...Array(34).fill("abcdefghij")];
    expect(verdict(words.join(" "))).toBe("pass");
    words[words.length - 1] = "abcdefghijk";
    expect(verdict(words.join(" "))).toBe("gopher_above_avg_threshold");
  });
  it("gopher_too_many_hashes above 0.1 hashes per word", () => {
    // "#river" is two tokens; 6 hashes over 54 + 6 tokens is exactly 0.1.
    const words = ["the", "and", ...plainWords(52)];
    const withHashes = (k: number) => words.map((w, i) => (i >= 2 && i < 2 + k ? `#${w}` : w)).join(" ");
    expect(verdict(withHashes(6))).toBe("pass");
    expect(verdict(withHashes(7))).toBe("gopher_too_many_hashes");
  });
  it("gopher_too_many_ellipsis above 0.1 ellipses per word", () => {
    const words = ["the", "and", ...plainWords(52)];
    const withDots = (k: number) => words.map((w, i) => (i >= 2 && i < 2 + k ? `${w}…` : w)).join(" ");
    expect(verdict(withDots(6))).toBe("pass");
    expect(verdict(withDots(7))).toBe("gopher_too_many_ellipsis");
  });
  it("gopher_too_many_bullets above 90% bullet lines", () => {
    const lines = (bullets: number) =>
      Array.from({ length: 10 }, (_, i) => `${i < bullets ? "- " : ""}the and ${plainWords(6).join(" ")}`).join("\n");
    expect(verdict(lines(9))).toBe("pass");
    expect(verdict(lines(10))).toBe("gopher_too_many_bullets");
  });
  it("gopher_too_many_end_ellipsis above 30% of lines ending in an ellipsis", () => {
    const lines = (k: number) =>
      Array.from({ length: 10 }, (_, i) => `the and ${plainWords(6).join(" ")}${i < k ? "..." : ""}`).join("\n");
    expect(verdict(lines(3))).toBe("pass");
    expect(verdict(lines(4))).toBe("gopher_too_many_end_ellipsis");
  });
  it("gopher_below_alpha_threshold when under 80% of words hold a letter", () => {
    const text = (numbers: number) => [doc(40), ...Array(numbers).fill("123")].join(" ");
    expect(verdict(text(10))).toBe("pass");
    expect(verdict(text(11))).toBe("gopher_below_alpha_threshold");
  });
  it("gopher_enough_stop_words with fewer than 2 stop words", () => {
    expect(verdict(["the", "and", ...plainWords(60)].join(" "))).toBe("pass");
    expect(verdict(["the", ...plainWords(60)].join(" "))).toBe("gopher_enough_stop_words");
  });
  it("records every measured value", () => {
    const d = gopherQuality(tdoc(doc(50)));
    expect(d.scores.gopher_quality_n_words).toBe(50);
    expect(d.scores.gopher_quality_stop_words).toBe(2);
    expect(d.scores.gopher_quality_mean_word_length).toBeCloseTo((6 + 48 * 5) / 50, 10);
  });
});
