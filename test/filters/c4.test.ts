// C4 rules: whole-document drops and the sentence count over the lines that survive the line rules.
import { describe, expect, it } from "vitest";
import { C4_DEFAULTS, c4, c4RemoveLines } from "../../filters/c4.js";
import { tdoc } from "./tdoc.js";

const verdict = (text: string) => {
  const d = c4(tdoc(text));
  return d.keep ? "pass" : d.reason;
};
const sentences = (n: number) => Array.from({ length: n }, (_, i) => `This is sentence number ${i + 1}.`).join(" ");

describe("c4", () => {
  it("uses C4's defaults", () => expect(C4_DEFAULTS).toMatchObject({ minNumSentences: 5, minWordsPerLine: 3 }));
  it("too_few_sentences under 5 sentences", () => {
    expect(verdict(sentences(5))).toBe("pass");
    expect(verdict(sentences(4))).toBe("too_few_sentences");
  });
  it("counts only lines that survive the line rules", () => {
    const dropped = [
      "A line without terminal punctuation",
      "Two words.",
      "Please enable JavaScript to continue.",
      "Read our privacy policy before use.",
      "It trails off...",
    ];
    expect(verdict([sentences(4), ...dropped].join("\n"))).toBe("too_few_sentences");
    expect(c4(tdoc([sentences(4), ...dropped].join("\n"))).scores.c4_lines_kept).toBe(1);
    expect(verdict([sentences(4), "Another sentence is kept."].join("\n"))).toBe("pass");
  });
  it("lorem_ipsum and curly_bracket drop the document, in a line that survives the line rules", () => {
    expect(verdict(`${sentences(5)}\nLorem ipsum dolor sit amet.`)).toBe("lorem_ipsum");
    expect(verdict(`${sentences(5)}\nThe set {a, b} is small.`)).toBe("curly_bracket");
    expect(verdict(`${sentences(5)}\nfunction f() {`)).toBe("pass"); // no terminal punctuation: only the line goes
  });
  it("removes citations before checking terminal punctuation", () => {
    expect(verdict(`${sentences(4)}\nThis claim is well known.[12]`)).toBe("pass");
  });
  it("can return the text with failing lines removed", () => {
    expect(c4RemoveLines(tdoc(`${sentences(2)}\nno punctuation here`))).toBe(sentences(2));
  });
});
