// FineWeb rules at their exact datatrove limits.
import { describe, expect, it } from "vitest";
import { FINEWEB_DEFAULTS, fineweb } from "../../filters/fineweb.js";
import { tdoc } from "./tdoc.js";

const verdict = (text: string) => {
  const d = fineweb(tdoc(text));
  return d.keep ? "pass" : d.reason;
};
/** A long line (over 30 characters) with unique words; `end` is its last character. */
const longLine = (i: number, end = "") => `word${i} another${i} third${i} fourth${i} fifth${i} sixth${i}${end}`;

describe("fineweb", () => {
  it("uses datatrove's defaults", () => {
    expect(FINEWEB_DEFAULTS).toMatchObject({ linePunctThreshold: 0.12, shortLineThreshold: 0.67, shortLineLength: 30 });
    expect(FINEWEB_DEFAULTS).toMatchObject({ charDuplicatesRatio: 0.01, newLineRatio: 0.3 });
  });
  it("empty when no line holds text", () => expect(verdict(" \n\t\n")).toBe("empty"));
  it("line_punct_ratio under 12% of lines ending in terminal punctuation", () => {
    const text = (k: number) => Array.from({ length: 50 }, (_, i) => longLine(i, i < k ? "." : "")).join("\n");
    expect(verdict(text(6))).toBe("pass"); // 0.12
    expect(verdict(text(5))).toBe("line_punct_ratio"); // 0.10
  });
  it("short_line_ratio over 67% of lines of at most 30 characters", () => {
    const text = (short: number) =>
      Array.from({ length: 100 }, (_, i) => (i < short ? `short line ${i}.` : longLine(i, "."))).join("\n");
    expect(verdict(text(67))).toBe("pass");
    expect(verdict(text(68))).toBe("short_line_ratio");
  });
  it("char_dup_ratio over 1% of characters in repeated lines", () => {
    // 100 unique lines of 45 characters plus one repeated line of 46: 46 / 4,592 characters is just over 1%.
    const lines = Array.from({ length: 100 }, (_, i) => longLine(i + 100, "."));
    const ratio = (extra: string) =>
      fineweb(tdoc([...lines, extra].join("\n"))).scores.fineweb_char_dup_ratio as number;
    expect(verdict([...lines, lines[0]].join("\n"))).toBe("pass");
    expect(ratio(lines[0] as string)).toBeLessThanOrEqual(0.01);
    expect(verdict([...lines, lines[0], lines[1]].join("\n"))).toBe("char_dup_ratio");
  });
  it("list_ratio over 0.3 newlines per word", () => {
    // 10 lines of 9 words and a period: 100 tokens; 30 newlines is exactly 0.3.
    const lines = Array.from({ length: 10 }, (_, i) => longLine(i, " and two more."));
    const text = (newlines: number) => lines.join("\n") + "\n".repeat(newlines - 9);
    expect(verdict(text(30))).toBe("pass");
    expect(verdict(text(31))).toBe("list_ratio");
  });
});
