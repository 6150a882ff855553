// Density scores the prose of assay's own PDF extraction, without its code paragraphs; other text whole.
import { describe, expect, it } from "vitest";
import { scoredText } from "../../../filters/density/scored-text.js";
import { makeDoc } from "../../../src/doc.js";

const PROSE = "We fit the model to the counts.\n\nThe fit improves when the zeros are modelled apart.";
const CODE = "R> fit <- glm(y ~ x, family = poisson)\nR> summary(fit)";
const LAID_OUT = `${PROSE}\n\n${CODE}\n\nThe residuals show no trend.`;

describe("scoredText", () => {
  it("leaves out the code paragraphs of text assay laid out from a PDF", () => {
    const doc = makeDoc("a", LAID_OUT, "a.pdf", { extraction: "text-layer" });
    expect(scoredText(doc)).toBe(`${PROSE}\n\nThe residuals show no trend.`);
  });

  it("scores other text whole: its line breaks may be wrapping", () => {
    const doc = makeDoc("a", LAID_OUT, "docs.jsonl#1");
    expect(scoredText(doc)).toBe(LAID_OUT);
  });

  it("scores whole a record whose extraction field names another tool", () => {
    const doc = makeDoc("a", LAID_OUT, "docs.jsonl#1", { extraction: "trafilatura" as never });
    expect(scoredText(doc)).toBe(LAID_OUT);
  });

  it("scores a document that is all code as it is", () => {
    const doc = makeDoc("a", CODE, "a.pdf", { extraction: "text-layer" });
    expect(scoredText(doc)).toBe(CODE);
  });
});
