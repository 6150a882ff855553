import { beforeAll, describe, expect, it } from "vitest";
import { coherence } from "../../../filters/density/coherence.js";
import { addBoilerplate, markovText, ocrNoise, shuffleSentences } from "../../../filters/density/degrade.js";
import { DensityScorer, densityStep } from "../../../filters/density/density.js";
import { pairwiseAuc } from "../../../filters/density/logistic.js";
import { penalties } from "../../../filters/density/penalties.js";
import { factMarkers } from "../../../filters/density/surface.js";
import { tokenize } from "../../../filters/ngram-lm/tokens.js";
import { makeDoc } from "../../../src/doc.js";
import { haveShared, PAPERS, paragraphWith, readDocs, TEXT_DEV } from "./shared-text.js";

describe.skipIf(!haveShared)("density on real text", () => {
  let papers: Map<string, string>;
  let dev: Map<string, string>;
  let scorer: DensityScorer;
  beforeAll(() => {
    papers = readDocs(PAPERS);
    dev = readDocs(TEXT_DEV);
    scorer = new DensityScorer();
  });
  const paper = (id: string) => papers.get(id) as string;

  it("counts citations, numbers with units and claims in a results paragraph, few in a man page", () => {
    const results = paragraphWith(paper("arxiv-1706.03762v5_attention"), /\d\s*(GPUs|days|hours)/);
    const man = paragraphWith(dev.get("man:head.1") as string, /\w/, 100);
    const r = factMarkers(results, tokenize(results));
    const m = factMarkers(man, tokenize(man));
    expect(r.numbers).toBeGreaterThan(0.5);
    expect(r.units).toBeGreaterThan(m.units);
    expect(r.technical).toBeGreaterThan(m.technical);
  });

  it("finds citation markers in a related-work paragraph", () => {
    const text = paragraphWith(paper("arxiv-1512.03385v1_resnet"), /\[\d+\]/);
    const f = factMarkers(text, tokenize(text));
    const man = dev.get("man:head.1") as string;
    expect(f.citations).toBeGreaterThan(0.05);
    expect(factMarkers(man, tokenize(man)).citations).toBe(0);
  });

  it("penalises boilerplate, duplicated lines and OCR noise on the same paragraph", () => {
    const text = paragraphWith(paper("arxiv-1502.03167v3_batchnorm"), /normaliz/);
    const clean = penalties(text, tokenize(text));
    const chrome = addBoilerplate(text, 0.4, 1);
    const noisy = ocrNoise(text, 0.08, 1);
    expect(penalties(chrome, tokenize(chrome)).boilerplate).toBeGreaterThan(0.2);
    expect(clean.boilerplate).toBe(0);
    expect(penalties(noisy, tokenize(noisy)).ocrNoise).toBeGreaterThan(clean.ocrNoise + 0.02);
  });

  it("term continuity and burstiness separate a paper from its shuffled sentences", () => {
    const text = paper("arxiv-1409.0473v7_bahdanau-attention");
    const real = coherence(text, tokenize(text));
    const shuffled = shuffleSentences(text, 3);
    const fake = coherence(shuffled, tokenize(shuffled));
    expect(real.continuity).toBeGreaterThan(fake.continuity + 0.2);
    expect(real.burstiness).toBeLessThan(fake.burstiness - 0.2);
  });

  it("ranks real papers above their shuffled, Markov, boilerplate and OCR-noised versions", () => {
    const ids = [
      "arxiv-1406.2661v1_gan",
      "arxiv-1607.06450v1_layer-norm",
      "emnlp2016_wang_attention-lstm-aspect-sentiment",
    ];
    for (const [i, id] of ids.entries()) {
      const text = paper(id);
      const real = scorer.score(text).density;
      const words = text.split(/\s+/).length;
      for (const degraded of [
        shuffleSentences(text, i),
        markovText([text], words, 2, i),
        markovText([...papers.values()].slice(0, 8), words, 1, i),
        addBoilerplate(text, 0.4, i),
        ocrNoise(text, 0.05, i),
      ]) {
        expect(real).toBeGreaterThan(scorer.score(degraded).density);
      }
    }
  });

  it("ranks arXiv papers above man pages and changelogs", () => {
    const paperScores = [...papers.values()].map((t) => scorer.score(t).density);
    const devTexts = [...dev.values()].filter((t) => t.length >= 500);
    const devScores = devTexts.map((t) => scorer.score(t).density);
    expect(pairwiseAuc(paperScores, devScores)).toBeGreaterThanOrEqual(0.95);
    const changelogs = [...dev.entries()]
      .filter(([id]) => id.endsWith("changelog.Debian"))
      .map(([, t]) => scorer.score(t).density);
    expect(changelogs.length).toBeGreaterThan(5);
    expect(pairwiseAuc(paperScores, changelogs)).toBeGreaterThanOrEqual(0.99);
  });

  it("the step adds every column and meta.density", async () => {
    const doc = makeDoc("gan", paper("arxiv-1406.2661v1_gan"), "test");
    const step = densityStep(scorer);
    const ctx = { rank: 0, worldSize: 1, reject: async () => {}, count: () => {} };
    async function* one() {
      yield doc;
    }
    for await (const d of step.run(one(), ctx)) expect(d.meta.density).toBe(d.scores.density);
    for (const name of step.scoreNames) expect(Number.isFinite(doc.scores[name])).toBe(true);
  });
});
