import { describe, expect, it } from "vitest";
import { documentChunks } from "../../../filters/density/density.js";
import { DocumentRepeats } from "../../../filters/density/document-repeats.js";
import { GrowingKeySet } from "../../../filters/density/key-set.js";
import { pairwiseAuc } from "../../../filters/density/logistic.js";
import { tokenize } from "../../../filters/ngram-lm/tokens.js";
import { haveShared, PAPERS, readDocs } from "./shared-text.js";

/** The share of a text's runs said before, read chunk by chunk as the scorer reads a document. */
function repeats(text: string): number {
  const gathered = new DocumentRepeats();
  for (const chunk of documentChunks(text)) gathered.add(tokenize(chunk));
  return gathered.share;
}

/** A word of letters only for each number (a run with a number in it is not prose). */
const tag = (i: number) => [...String(i)].map((d) => "abcdefghij"[Number(d)]).join("");
/** Sentences of prose of ten words, no two alike: every 12-word run holds a tag. */
const sentence = (i: number) => `The model x${tag(i)} is trained on the papers it reads.`;

describe("a document's repeats", () => {
  it("counts the second copy of a prose run, not the first, and no run with a number in it", () => {
    const prose = Array.from({ length: 300 }, (_, i) => sentence(i)).join(" ");
    expect(repeats(prose)).toBe(0);
    // Said twice: the second copy's runs repeat the first's (1 run in 8 is kept, both copies' alike).
    expect(repeats(`${prose}\n\n${prose}`)).toBeGreaterThan(0.45);
    expect(repeats(`${prose}\n\n${prose}`)).toBeLessThan(0.55);
    // Table rows said twice repeat only runs with numbers in them.
    const rows = Array.from({ length: 300 }, (_, i) => `layer ${i} conv 256 3 3 conv 256 stride 2 output ${i * 7}`);
    expect(repeats(`${rows.join("\n")}\n\n${rows.join("\n")}`)).toBe(0);
    // Runs of terms without a function word are lists, not prose.
    const terms = Array.from({ length: 300 }, (_, i) => `encoder decoder attention softmax term${i} residual`);
    expect(repeats(`${terms.join("\n")}\n\n${terms.join("\n")}`)).toBe(0);
    expect(repeats("too short to have a run")).toBe(0);
  });

  it("sees a repeat however far back its first copy is, across chunks", () => {
    const body = Array.from({ length: 2_000 }, (_, i) => sentence(i)).join(" ");
    // An opening of 30 sentences, said again at the end, three chunks on.
    const opening = Array.from({ length: 30 }, (_, i) => sentence(1_000_000 + i)).join(" ");
    expect(documentChunks(`${opening}\n\n${body}\n\n${opening}`).length).toBeGreaterThan(3);
    expect(repeats(`${opening}\n\n${body}\n\n${opening}`)).toBeGreaterThan(repeats(`${opening}\n\n${body}`));
  });

  it("tells a paper said twice, or with its abstract put back six times, from the paper", { skip: !haveShared }, () => {
    const papers = [...readDocs(PAPERS).values()];
    const real = papers.map(repeats);
    const twice = papers.map((t) => repeats(`${t}\n\n${t}`));
    const abstractAgain = papers.map((t) => {
      const paragraphs = t.split(/\n\s*\n/);
      const abstract = t.slice(0, 1_500);
      const step = Math.ceil(paragraphs.length / 7);
      return repeats(paragraphs.map((p, i) => (i > 0 && i % step === 0 ? `${abstract}\n\n${p}` : p)).join("\n\n"));
    });
    // Measured: real papers at most 0.034 (the pointer-generator paper's examples), twice 0.168 and more (the rest of
    // a table-heavy paper's runs have numbers in them).
    expect(Math.max(...real)).toBeLessThan(0.05);
    expect(Math.min(...twice)).toBeGreaterThan(0.15);
    // Six abstracts are 3% of PaLM's runs: each paper is above itself, and as a whole (measured 0.997) above the real.
    abstractAgain.forEach((share, i) => expect(share).toBeGreaterThan((real[i] as number) + 0.005));
    expect(pairwiseAuc(abstractAgain, real)).toBeGreaterThan(0.98);
  });
});

describe("GrowingKeySet", () => {
  it("keeps every key as it grows past its first table", () => {
    const set = new GrowingKeySet();
    const keys = Array.from({ length: 50_000 }, (_, i) => Math.imul(i + 1, 0x9e3779b1) >>> 0 || 1);
    expect(keys.every((k) => set.add(k))).toBe(true);
    expect(keys.every((k) => !set.add(k))).toBe(true);
  });
});
