// Gopher repetition rules: paragraph and line duplicates at their exact datatrove limits, and the n-gram rules.
import { describe, expect, it } from "vitest";
import { GOPHER_REPETITION_DEFAULTS, gopherRepetition } from "../../filters/gopher-repetition.js";
import { tdoc } from "./tdoc.js";

const verdict = (text: string, opts = GOPHER_REPETITION_DEFAULTS) => {
  const d = gopherRepetition(tdoc(text), opts);
  return d.keep ? "pass" : d.reason;
};
const NO_NGRAM_RULES = { ...GOPHER_REPETITION_DEFAULTS, topNGrams: [], dupNGrams: [] };
/** A line whose every word is unique to it, so no n-gram repeats across lines. */
const line = (i: number) =>
  ["alpha", "beta", "gamma", "delta", "epsilon", "zeta", "eta", "theta"].map((w) => `${w}${i}`).join(" ");

describe("gopher_repetition", () => {
  it("dup_para_frac above 30% duplicated paragraphs", () => {
    const paragraphs = (dups: number) => [
      ...Array.from({ length: 10 - dups }, (_, i) => line(i)),
      ...Array(dups).fill("x"),
    ];
    // 7 unique + "x" three times: 2 of 10 paragraphs repeat an earlier one.
    expect(verdict(paragraphs(3).join("\n\n"), NO_NGRAM_RULES)).toBe("pass");
    expect(verdict([...paragraphs(3), "x", "x"].join("\n\n"), NO_NGRAM_RULES)).toBe("dup_para_frac");
  });
  it("dup_line_frac above 30% duplicated lines", () => {
    const lines = (dups: number) => [...Array.from({ length: 10 - dups }, (_, i) => line(i)), ...Array(dups).fill("x")];
    expect(verdict(lines(4).join("\n"), NO_NGRAM_RULES)).toBe("pass"); // 3 of 10 repeat
    expect(verdict(lines(5).join("\n"), NO_NGRAM_RULES)).toBe("dup_line_frac"); // 4 of 10
  });
  it("dup_para_char_frac above 20% of characters in repeated paragraphs", () => {
    // 40 repeated characters in a 200-character text is exactly 0.2; one character less of text tips it over.
    const repeated = "r".repeat(40);
    const text = (firstLength: number) => {
      const unique = Array.from({ length: 8 }, (_, i) =>
        String.fromCharCode(97 + i).repeat(i === 0 ? firstLength : 10),
      );
      return [...unique, repeated, repeated].join("\n\n");
    };
    expect(text(32).length).toBe(200);
    expect(verdict(text(32), NO_NGRAM_RULES)).toBe("pass");
    expect(verdict(text(31), NO_NGRAM_RULES)).toBe("dup_para_char_frac");
  });
  it("top_2_gram when one 2-gram covers more than 20% of the text", () => {
    const text = `${"of the ".repeat(30)}${Array.from({ length: 5 }, (_, i) => line(i)).join(" ")}`;
    expect(verdict(text)).toBe("top_2_gram");
  });
  it("duplicated_5_n_grams when repeated 5-grams cover more than 15% of the text", () => {
    const unique = Array.from({ length: 12 }, (_, i) => line(i)).join(" ");
    const passage = "alpha beta gamma delta epsilon zeta eta theta iota kappa lambda mu";
    const text = `${unique} ${passage} ${passage} ${passage}`;
    expect(verdict(text)).toMatch(/^duplicated_\d+_n_grams$|^top_\d_gram$/);
    expect(verdict(unique)).toBe("pass");
  });
  it("records every fraction as a score", () => {
    const d = gopherRepetition(tdoc(Array.from({ length: 5 }, (_, i) => line(i)).join("\n\n")));
    expect(Object.keys(d.scores)).toHaveLength(13);
    expect(d.scores.gopher_repetition_dup_para_frac).toBe(0);
  });
});
