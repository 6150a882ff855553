import { describe, expect, it } from "vitest";
import * as edit from "../../scripts/probe-degradations/edits.js";
import { PROBE_KINDS, ProbeCorpus } from "../../scripts/probe-degradations/kinds.js";
import { characterChain, corpusWordChain, grammarPaper, termsOf } from "../../scripts/probe-degradations/synthetic.js";
import { haveShared, PAPERS, readDocs } from "../filters/density/shared-text.js";

const words = (t: string) => t.split(/\s+/).filter(Boolean);
const sorted = (t: string) => words(t).sort().join(" ");

describe.skipIf(!haveShared)("the red-team kinds of the density probe", () => {
  const papers = haveShared ? [...readDocs(PAPERS).values()] : [];
  const paper = papers.find((t) => /\nReferences\s*\n/.test(t) && t.length > 30_000) as string;

  it("reorders without losing a word: paragraphs, sentences within their paragraph, the whole order reversed", () => {
    for (const made of [
      edit.shuffleParagraphs(paper, 1),
      edit.shuffleWithinParagraphs(paper, 1),
      edit.reverseSentences(paper, 1),
    ]) {
      expect(made).not.toBe(paper);
      expect(sorted(made)).toBe(sorted(paper));
    }
    // Within paragraphs: each paragraph keeps its own words and its place.
    const within = edit.paragraphsOf(edit.shuffleWithinParagraphs(paper, 2));
    const original = edit.paragraphsOf(paper);
    expect(within.length).toBe(original.length);
    within.forEach((p, i) => expect(sorted(p)).toBe(sorted(original[i] as string)));
  });

  it("drops the share of words or sentences it is asked to, and telegraphic text keeps no function word", () => {
    const n = words(paper).length;
    expect(words(edit.dropWords(paper, 0.3, 3)).length / n).toBeCloseTo(0.7, 1);
    expect(words(edit.dropSentences(paper, 0.5, 3)).length / n).toBeGreaterThan(0.35);
    expect(words(edit.dropSentences(paper, 0.5, 3)).length / n).toBeLessThan(0.65);
    const left = words(edit.telegraphic(paper)).map((w) => w.toLowerCase());
    expect(left.some((w) => edit.FUNCTION_WORDS.has(w))).toBe(false);
  });

  it("repeats the opening six more times and cuts the references section from its heading", () => {
    const opening = edit.paragraphsOf(paper)[0] as string;
    expect(edit.repeatOpening(paper, 6, 4).split(opening).length - 1).toBe(7);
    expect(edit.referencesSection(paper)?.trim().startsWith("References")).toBe(true);
  });

  it("fills a SCIgen-like paper with the paper's own terms, about as long as asked, the same for the same seed", () => {
    const made = grammarPaper(paper, 20_000, 5);
    expect(made).toBe(grammarPaper(paper, 20_000, 5));
    expect(made.length).toBeGreaterThan(20_000);
    expect(made.length).toBeLessThan(25_000);
    const terms = termsOf(paper).slice(0, 20);
    expect(terms.filter((t) => made.includes(t)).length).toBeGreaterThan(10);
  });

  it("walks chains that only take steps their training text took", () => {
    const chars = characterChain(paper, 8, 3000, 6);
    // Every 9 characters inside one run (runs restart after a space at a dead end) occur in the paper.
    const windows = Array.from({ length: 200 }, (_, i) => chars.slice(i * 10, i * 10 + 9));
    expect(windows.filter((w) => paper.includes(w)).length).toBeGreaterThan(190);
    const few = papers.slice(0, 8);
    const chain = corpusWordChain(few, 5)(500, 7);
    const flat = few.map((t) => words(t).join(" ")).join(" ");
    const w = words(chain);
    const steps = Array.from({ length: 50 }, (_, i) => w.slice(i * 8, i * 8 + 6).join(" "));
    expect(steps.filter((s) => flat.includes(s)).length).toBeGreaterThan(45);
  });

  it("makes every kind from a paper, none equal to it but the control, and the same text for the same seed", () => {
    const corpus = new ProbeCorpus(papers.slice(0, 6));
    for (const kind of PROBE_KINDS) {
      const made = kind.make(paper, corpus, 11);
      expect(made, kind.name).not.toBeNull();
      expect(made, kind.name).toBe(kind.make(paper, corpus, 11));
      if (!kind.control) expect(made, kind.name).not.toBe(paper);
      expect((made as string).length, kind.name).toBeGreaterThan(3000);
    }
  });
});
