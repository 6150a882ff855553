import { beforeAll, describe, expect, it } from "vitest";
import { ocrNoise } from "../../../filters/density/degrade.js";
import { ocrNoiseWords } from "../../../filters/density/degrade-unseen.js";
import { pairwiseAuc } from "../../../filters/density/logistic.js";
import { oneEditIndex, oneEditTable } from "../../../filters/density/one-edit.js";
import { haveShared } from "./shared-text.js";
import { measureUnknownWords, sampledParagraphs } from "./unknown-words-measure.js";

describe("one-edit index", () => {
  const lexicon = new Set(["model", "network", "training", "the", "decoded", "epoch"]);
  const index = oneEditIndex(oneEditTable(lexicon));

  it("finds a letter swapped, dropped or added, and swapped neighbours", () => {
    for (const slip of ["modei", "nodel", "mdel", "moodel", "netwrok", "trainig", "traning"])
      expect(index.near(slip), slip).toBe(true);
  });

  it("leaves out words two edits away, short lexicon words, inflections and possessives", () => {
    // "rnodel" is two edits from "model"; "tbe" is one from "the", whose 3 letters are too few to tell.
    for (const word of ["rnodel", "tbe", "mdl", "epochs", "decoder", "model’s", "model's", "convolution"])
      expect(index.near(word), word).toBe(false);
  });

  it("answers for a token far longer than any lexicon word at once", () => {
    // Each letter's deletion was hashed over the whole token: a 100,000-letter token took 34 s.
    expect(index.near("a".repeat(100_000))).toBe(false);
    expect(index.near("networkk")).toBe(true);
  });
});

describe.skipIf(!haveShared)("near misses on real paragraphs", () => {
  let paragraphs: string[];
  beforeAll(() => {
    paragraphs = sampledParagraphs();
  });

  it("tell mild OCR noise from real paragraphs better than all one-off unknown words", () => {
    // Measured on these ~1.2 KB paragraphs: near misses 0.90 / 0.91 against 0.6% character noise and 4% word-level
    // noise, one-off unknown words 0.84 / 0.88 (a paper's one-off names and symbols are seldom one slip from a word).
    expect(paragraphs.length).toBeGreaterThan(30);
    const real = paragraphs.map(measureUnknownWords);
    const char = paragraphs.map((p, i) => measureUnknownWords(ocrNoise(p, 0.006, i)));
    const word = paragraphs.map((p, i) => measureUnknownWords(ocrNoiseWords(p, 0.04, i)));
    const auc = (f: "nearMisses" | "oneOff", noised: typeof real) =>
      pairwiseAuc(
        noised.map((u) => u[f]),
        real.map((u) => u[f]),
      );
    expect(auc("nearMisses", char)).toBeGreaterThan(0.86);
    expect(auc("nearMisses", word)).toBeGreaterThan(0.87);
    expect(auc("nearMisses", char)).toBeGreaterThan(auc("oneOff", char));
    expect(auc("nearMisses", word)).toBeGreaterThan(auc("oneOff", word));
  });

  it("counts one-off slips only, per lower-case word", () => {
    // "modei" and "netwrok" are one-off slips; "hypercolumn" is unknown but no slip; "trainig" comes twice.
    const text = "the modei and the netwrok use one hypercolumn with trainig and more trainig";
    const u = measureUnknownWords(text);
    expect(u.nearMisses).toBeCloseTo(2 / 13);
  });
});
