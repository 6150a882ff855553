// Notation as referents (notation.ts): symbols link a proof's sentences in discourse's linked sentences.
import { describe, expect, it } from "vitest";
import { displaceSentences } from "../../../filters/density/degrade.js";
import { discourse } from "../../../filters/density/discourse.js";
import { notationKey } from "../../../filters/density/notation.js";
import { proseTokens } from "../../../filters/density/prose-sentences.js";
import { FUNCTION_WORDS } from "../../../filters/density/words.js";
import { tokenize, WORD } from "../../../filters/ngram-lm/tokens.js";
import { haveShared, PAPERS, readDocs } from "./shared-text.js";

/** The words of `text` that discourse reads as notation (function words are never notation). */
function notation(text: string): string[] {
  const tokens = tokenize(text);
  return Array.from({ length: tokens.count }, (_, i) => {
    const at = tokens.offsets[i] as number;
    const length = tokens.lengths[i] as number;
    if (((tokens.flags[i] as number) & WORD) === 0 || FUNCTION_WORDS.has(tokens.hashes[i] as number)) return "";
    return notationKey(text, at, length, tokens.flags[i] as number) ? text.slice(at, at + length) : "";
  }).filter(Boolean);
}

describe("notation", () => {
  it("reads symbols, Greek letters and indexed names as notation, not words or abbreviations", () => {
    expect(notation("where H(t) is an n × n matrix with entry Hij (t) and λ0 , δ , w1 , R0")).toEqual([
      "H",
      "t",
      "n",
      "n",
      "t",
      "λ0",
      "δ",
      "w1",
      "R0",
    ]);
    // "e.g.", "cf.", "vs." and words of 3+ letters are not symbols; a Greek letter or an index makes a short token one.
    expect(notation("e.g. the model, cf. the baseline vs. the network")).toEqual([]);
    expect(notation("Hij ResNet50 αβγ x12")).toEqual(["αβγ", "x12"]);
    // Case matters: W and w are different symbols.
    const key = (t: string) => notationKey(t, 0, t.length, tokenize(t).flags[0] as number);
    expect(key("W")).not.toBe(key("w"));
    expect(key("W")).toBe(key("W"));
  });

  it("links sentences that share only a symbol, and is no stem", () => {
    const linked = (t: string) => discourse(t, tokenize(t)).linked;
    const stems = (t: string) => discourse(t, tokenize(t)).stemReuse;
    // The third sentence shares H with the first and no stem with either sentence before it.
    const proof =
      "Let H denote the Gram matrix. We bound its least eigenvalue below. Then H stays close during training.";
    expect(linked(proof)).toBe(1);
    const words =
      "Let K denote the Gram matrix. We bound its least eigenvalue below. Then H stays close during training.";
    expect(linked(words)).toBe(0);
    expect(stems(proof)).toBe(stems(words));
  });

  it("strands a sentence's symbols that no sentence near it uses, in longer texts only", () => {
    const stranded = (t: string, symbolsStrand: boolean) => discourse(t, tokenize(t), symbolsStrand).strandedStems;
    const same = "The kernels smooth signals with H. The kernels blur images with H.";
    const other = "The kernels smooth signals with H. The kernels blur images with W.";
    // Stems alone: "kernels" shared, 2 of 3 stranded in each sentence, whatever the symbols.
    expect(stranded(same, false)).toBeCloseTo(2 / 3);
    expect(stranded(other, false)).toBeCloseTo(2 / 3);
    // With symbols: H shared (2 of 4 stranded), or H and W each stranded (3 of 4).
    expect(stranded(same, true)).toBeCloseTo(2 / 4);
    expect(stranded(other, true)).toBeCloseTo(3 / 4);
  });
});

describe.skipIf(!haveShared)("notation in a real proof", () => {
  it("links the proof page of the over-parameterisation paper, and not its displaced copies", () => {
    const paper = [...readDocs(PAPERS).entries()].find(([id]) => id.includes("1810.02054"))?.[1] as string;
    const from = paper.indexOf("Our first step is to calculate the dynamics");
    const page = paper.slice(from, from + 8000);
    const linked = (t: string) => discourse(t, proseTokens(t, tokenize(t))).linked;
    const real = linked(page);
    const copies = Array.from({ length: 20 }, (_, i) => linked(displaceSentences(page, 0.7, i)));
    // Measured: 0.64, as linked as real prose (the 10th percentile of ~8 KB windows of the papers: 0.61), above 17 of 20
    // copies with 70% of their sentences displaced (median 0.57). Without notation: 0.36, above 13 of 20 (median 0.35).
    expect(real).toBeGreaterThan(0.55);
    expect(copies.filter((c) => c < real).length).toBeGreaterThanOrEqual(16);
  });
});
