import { existsSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { NgramModel } from "../../../filters/ngram-lm/model.js";
import { DEFAULT_MODEL_PATH, loadDefaultModel, perplexity } from "../../../filters/ngram-lm/perplexity.js";
import { LETTER_DIGIT, NUMBER, ODD_CASE, tokenize, WORD } from "../../../filters/ngram-lm/tokens.js";
import { trainNgramModel } from "../../../filters/ngram-lm/train.js";

const PROSE = [
  "The gradient of the loss with respect to the weights is computed by back-propagation.",
  "The matrix is positive definite, and therefore its eigenvalues are positive.",
  "We show that the estimator is consistent and that its variance decreases with the sample size.",
  "The eigenvalues of a symmetric matrix are real, and the eigenvectors can be chosen orthogonal.",
];

describe("tokenize", () => {
  it("hashes words case-insensitively, maps numbers to one token and splits sentences", () => {
    const t = tokenize("The Model has 3.5 million weights. the model is small.\n\nA new paragraph");
    expect(t.hashes[0]).toBe(t.hashes[7]);
    expect((t.flags[3] as number) & NUMBER).toBeTruthy();
    expect(t.sentences).toBe(2); // "weights. the" does not split: lower case after the period
    expect(t.sentenceStarts[1]).toBe(12);
  });
  it("flags OCR-like words", () => {
    const t = tokenize("tHe l1ke ResNet");
    expect((t.flags[0] as number) & ODD_CASE).toBeTruthy();
    expect((t.flags[1] as number) & LETTER_DIGIT).toBeTruthy();
    expect((t.flags[2] as number) & ODD_CASE).toBeFalsy();
    expect((t.flags[2] as number) & WORD).toBeTruthy();
  });
});

describe("n-gram LM", () => {
  it("trains, round-trips through bytes and prefers seen word order", async () => {
    const bytes = await trainNgramModel(() => PROSE.concat(PROSE), { order: 3 });
    const model = new NgramModel(bytes);
    expect(model.order).toBe(3);
    const fluent = perplexity(
      model,
      tokenize("The matrix is positive definite, and therefore its eigenvalues are real."),
    );
    const scrambled = perplexity(
      model,
      tokenize("definite eigenvalues the therefore positive and, matrix its real is are."),
    );
    expect(fluent.perplexity).toBeLessThan(scrambled.perplexity / 2);
    expect(fluent.oov).toBe(0);
    expect(perplexity(model, tokenize("zebra quokka")).oov).toBe(1);
  });

  it("rejects a file that is not a model", () => {
    expect(() => new NgramModel(new Uint8Array(128))).toThrow(/magic/);
  });

  it.skipIf(!existsSync(DEFAULT_MODEL_PATH))(
    "the default model fits the size budget and reads scientific prose better than word salad",
    () => {
      const model = loadDefaultModel();
      expect(model.bytes).toBeLessThan(2_000_000);
      const text = PROSE.join(" ");
      const salad = text.split(" ").reverse().join(" ");
      expect(perplexity(model, tokenize(text)).perplexity).toBeLessThan(
        perplexity(model, tokenize(salad)).perplexity / 2,
      );
    },
  );
});
