import { describe, expect, it } from "vitest";
import { danglingEnds } from "../../../filters/density/dangling-ends.js";
import { garbleSentences } from "../../../filters/density/degrade-unseen.js";
import { pairwiseAuc } from "../../../filters/density/logistic.js";
import { tokenize } from "../../../filters/ngram-lm/tokens.js";
import { haveShared, PAPERS, paragraphUnits, readDocs } from "./shared-text.js";

const dangling = (text: string) => danglingEnds(text, tokenize(text));

describe("dangling sentence ends", () => {
  it("counts sentences stopping on an article, preposition, conjunction or possessive", () => {
    expect(dangling("We recover the. See Figure 1 for a. It works.")).toBeCloseTo(1 / 3);
    expect(dangling("Results of the. Trained with. Compared by our.")).toBe(1);
  });

  it("leaves variables, panels, elliptic ends and abbreviations alone", () => {
    expect(dangling("It is shown in Fig. 3a. And so on. We use e.g. the model. Let x be a.")).toBe(0);
    expect(dangling("no sentence ends here")).toBe(0);
  });

  it.skipIf(!haveShared)("are rare in real ~8 KB chunks and common once sentences are cut short", () => {
    const chunks = [...readDocs(PAPERS).values()].flatMap((text) => paragraphUnits(text, 8000));
    const real = chunks.map(dangling);
    const cut = chunks.map((c, i) => dangling(garbleSentences(c, 0, i)));
    // Measured on 336 chunks: real median and 90th percentile 0, highest 0.023; cut short median 0.15; AUC 1.00.
    const sorted = [...real].sort((a, b) => a - b);
    expect(sorted[Math.floor(sorted.length * 0.9)]).toBeLessThan(0.01);
    expect(pairwiseAuc(cut, real)).toBeGreaterThan(0.98);
  });
});
