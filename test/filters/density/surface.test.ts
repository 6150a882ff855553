import { describe, expect, it } from "vitest";
import { factMarkers } from "../../../filters/density/surface.js";
import { tokenize, WORD } from "../../../filters/ngram-lm/tokens.js";

const markers = (text: string) => factMarkers(text, tokenize(text));
/** Code tokens found, from their share of the words. */
const codeCount = (text: string) => {
  const tokens = tokenize(text);
  const words = tokens.flags.filter((f) => (f & WORD) !== 0).length;
  return Math.round(factMarkers(text, tokens).codeTokens * words);
};

describe("code tokens", () => {
  it("count manual sections and configuration keys, as manuals write them", () => {
    const sections = "See mmap(2) and systemd.unit(5) for the details, and printf(3p) for the format.";
    const keys = "Names follow NamePolicy= and MACAddressPolicy=, and the unit sets Type= too.";
    expect(codeCount(sections)).toBe(3);
    expect(codeCount(keys)).toBe(3);
    expect(markers(keys).equations).toBe(0);
  });

  it("leave equation references, math and assignments in papers alone", () => {
    const paper = "As in Eqn.(1), the loss f(x) of layer h(2) falls when p=0.05 and the rate k = 1 is kept.";
    expect(codeCount(paper)).toBe(0);
    expect(markers(paper).equations).toBeGreaterThan(0);
  });
});
