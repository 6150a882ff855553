// Prose sentences apart from extraction debris (prose-sentences.ts), on the reference papers as pdftotext laid them out.
import { beforeAll, describe, expect, it } from "vitest";
import { interleaveDocuments, windowShuffle } from "../../../filters/density/degrade-unseen.js";
import { discourse } from "../../../filters/density/discourse.js";
import { pairwiseAuc } from "../../../filters/density/logistic.js";
import { isProseSentence, PROSE_ONLY_OVER_CHARS, proseTokens } from "../../../filters/density/prose-sentences.js";
import { tokenize } from "../../../filters/ngram-lm/tokens.js";
import { SCALES } from "../../../scripts/fit-density/detectors.js";
import { haveShared, PAPERS, readDocs } from "./shared-text.js";

/** Each sentence of `text` as the tokenizer splits it, with whether it reads as prose. */
function sentences(text: string): { text: string; prose: boolean }[] {
  const tokens = tokenize(text);
  return Array.from({ length: tokens.sentences }, (_, s) => {
    const first = tokens.sentenceStarts[s] as number;
    const last = (tokens.sentenceStarts[s + 1] as number) - 1;
    const end = (tokens.offsets[last] as number) + (tokens.lengths[last] as number);
    return {
      text: text.slice(tokens.offsets[first], end).replace(/\s+/g, " "),
      prose: isProseSentence(text, tokens, s),
    };
  });
}

describe("prose sentences", () => {
  it("tells running sentences, with or without inline math, from table rows, names and labels", () => {
    const verdicts = (text: string) => sentences(text).map((s) => s.prose);
    expect(verdicts("We train the base models for 100,000 steps on 8 GPUs.")).toEqual([true]);
    expect(
      verdicts("then with probability at least 1 − δ over the initialization, we have ku(t) − yk ≤ exp(−λ0 t)."),
    ).toEqual([true]);
    expect(
      verdicts("Model BLEU EN-DE EN-FR\nByteNet 23.75 39.2 1.0 · 10^20\n\nAbigail See\nStanford University"),
    ).toEqual([false, false]);
    expect(verdicts("Figure 3: Pointer-generator model.")).toEqual([false]);
    // The thresholds: three lower-case words, one of them a function word, and half the non-punctuation tokens.
    expect(verdicts("Results of the model.")).toEqual([true]);
    expect(verdicts("Results of the Model.")).toEqual([false]);
    expect(verdicts("Image models reach high accuracy.")).toEqual([false]);
    expect(verdicts("A B C of the set.")).toEqual([true]);
    expect(verdicts("A B C D of the set.")).toEqual([false]);
    // Fewer kept sentences come back renumbered, offsets still into the same text; all prose comes back as it was.
    const text = "Results\n\nWe report the accuracy of the model. It is higher than the baseline.\n\n1 2 3";
    const prose = proseTokens(text, tokenize(text));
    expect(prose.sentences).toBe(2);
    expect(prose.count).toBe(15); // "Results" and "1 2 3" left out of 19 tokens
    expect(text.slice(prose.offsets[0], (prose.offsets[0] as number) + 2)).toBe("We");
    const clean = tokenize("We report the accuracy. It is higher than the baseline.");
    expect(proseTokens("We report the accuracy. It is higher than the baseline.", clean)).toBe(clean);
    // Only the longer scale's detectors were fitted on discourse over prose alone.
    expect(PROSE_ONLY_OVER_CHARS).toBe(SCALES[0]);
  });
});

describe.skipIf(!haveShared)("prose sentences of the reference papers", () => {
  let papers: string[];
  beforeAll(() => {
    papers = [...readDocs(PAPERS).values()].filter((t) => t.length > 20_000);
  });

  it("leaves a title page's names, affiliations and arXiv stamp out and keeps its abstract", () => {
    const paper = [...readDocs(PAPERS).entries()].find(([id]) => id.includes("1704.04368"))?.[1] as string;
    const firstPage = sentences(paper.slice(0, 2000));
    const debris = firstPage.filter((s) => !s.prose).map((s) => s.text);
    expect(debris).toContain("Abigail See Stanford University abisee@stanford.edu");
    expect(debris.some((s) => s.startsWith("arXiv:1704.04368v2 [cs.CL]"))).toBe(true);
    expect(debris.some((s) => s.startsWith("Get To The Point"))).toBe(true);
    const abstract = firstPage.filter((s) => /shortcomings|orthogonal|coverage to keep track/.test(s.text));
    expect(abstract.length).toBe(3);
    expect(abstract.every((s) => s.prose)).toBe(true);
  });

  it("linked sentences over the prose alone tell real windows from sentences out of place better", () => {
    // ~8 KB windows at a paper's start (title page), a third in and past the middle (tables, figures, references).
    const windows = papers.flatMap((paper, i) =>
      [0, 0.33, 0.6].map((at) => ({ paper, i, text: paper.slice(paper.length * at, paper.length * at + 8000) })),
    );
    const linked = (text: string, prose: boolean) => {
      const tokens = tokenize(text);
      return discourse(text, prose ? proseTokens(text, tokens) : tokens).linked;
    };
    const other = (i: number, step: number) => papers[(i + step) % papers.length] as string;
    const degraded = {
      drawn: windows.map((w, k) => windowShuffle(w.paper, w.text.length, k)),
      interleaved: windows.map((w, k) => interleaveDocuments(w.text, [other(w.i, 1), other(w.i, 2)], k)),
    };
    const auc = (texts: string[], prose: boolean) =>
      pairwiseAuc(
        windows.map((w) => linked(w.text, prose)),
        texts.map((t) => linked(t, prose)),
      );
    // Measured on these windows: 0.861 -> 0.939 against sentences drawn from the whole paper, 0.711 -> 0.890 against
    // the paper interleaved with two others (0.820 -> 0.921 and 0.657 -> 0.863 before notation linked sentences,
    // notation.ts: an equation's lines then link to the sentences around them). Debris between a real window's
    // sentences links to nothing.
    for (const [kind, texts] of Object.entries(degraded)) {
      const all = auc(texts, false);
      const prose = auc(texts, true);
      expect(prose, kind).toBeGreaterThan(all + 0.07);
      expect(prose, kind).toBeGreaterThan(0.85);
    }
  });
});

describe("proseTokens' line breaks", () => {
  it("count every line break since the last sentence kept, across the sentences left out", () => {
    const text =
      "We show that the method is fast and it works for all the data we have.\n" +
      "TABLE 2 ACCURACY 93.1 88.2.\n" +
      "This result is the one we expected from the model of the data and it holds.";
    const all = tokenize(text);
    const prose = proseTokens(text, all);
    expect(prose.sentences).toBe(2); // the table row is left out
    const second = prose.sentenceStarts[1] as number;
    expect(prose.newlinesBefore[second]).toBe(2);
    expect(all.newlinesBefore[all.sentenceStarts[2] as number]).toBe(1);
    // Within a kept sentence, each token keeps its own count.
    expect(Array.from(prose.newlinesBefore.subarray(1, second))).toEqual(
      Array.from(all.newlinesBefore.subarray(1, second)),
    );
  });
});
