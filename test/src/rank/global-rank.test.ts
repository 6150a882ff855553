import { readFileSync } from "node:fs";
import { readFile, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { DOCUMENT_CHARS } from "../../../filters/density/density.js";
import { type Doc, makeDoc } from "../../../src/doc.js";
import { DensityHistogram } from "../../../src/rank/density-histogram.js";
import {
  checkSketchInputs,
  inputsDigest,
  mergeSketches,
  rankStep,
  sketchDensity,
  sketchPath,
} from "../../../src/rank/global-rank.js";
import { LENGTH_CLASS_BOUNDS, rankClass } from "../../../src/rank/length-classes.js";
import { parseTier, RANK_DEFAULTS, selectionReason, tierOf } from "../../../src/rank/tiers.js";
import { seededRandom as rng } from "../../../src/seeded-random.js";
import { ROOT } from "../../e2e/cli.js";
import { tempDir } from "../../temp-dir.js";

function docsWithDensity(values: number[]): Doc[] {
  return values.map((d, i) => {
    const doc = makeDoc(`d${i}`, "one two three", "test");
    doc.meta.density = d;
    return doc;
  });
}

async function* stream<T>(items: T[]): AsyncIterable<T> {
  yield* items;
}

describe("density histogram", () => {
  it("percentiles match exact ranks within a bin width", () => {
    const random = rng(1);
    const values = Array.from({ length: 5000 }, () => (random() - 0.5) * 20);
    const h = new DensityHistogram();
    for (const v of values) h.add(v);
    const cum = h.cumulative();
    const sorted = values.slice().sort((a, b) => a - b);
    for (const q of [0.01, 0.25, 0.5, 0.9, 0.999]) {
      const v = sorted[Math.floor(q * sorted.length)] as number;
      expect(Math.abs(h.percentile(v, cum) - q)).toBeLessThan(0.002);
    }
  });

  it("counts ties half: one document, equal densities and two documents get their mid-rank", () => {
    const percentiles = (values: number[]) => {
      const h = new DensityHistogram();
      for (const v of values) h.add(v);
      const cum = h.cumulative();
      return values.map((v) => h.percentile(v, cum));
    };
    for (const v of [-3.217, 0.0004, 2.9871]) expect(percentiles([v])).toEqual([0.5]);
    expect(percentiles(Array(10).fill(1.2345))).toEqual(Array(10).fill(0.5));
    expect(percentiles([0.3141, -1.5926])).toEqual([0.75, 0.25]);
  });

  it("merging is independent of how documents were split across ranks", () => {
    const random = rng(2);
    const values = Array.from({ length: 1000 }, () => random() * 8 - 4);
    const whole = new DensityHistogram();
    for (const v of values) whole.add(v);
    const parts = [new DensityHistogram(), new DensityHistogram(), new DensityHistogram()];
    values.forEach((v, i) => {
      parts[i % 3]?.add(v);
    });
    const merged = new DensityHistogram();
    for (const p of parts.reverse()) merged.merge(DensityHistogram.fromJSON(JSON.parse(JSON.stringify(p))));
    expect(JSON.stringify(merged)).toBe(JSON.stringify(whole));
  });
});

describe("tiers and selection", () => {
  it("cuts at the configured percentiles", () => {
    expect(tierOf(0.75)).toBe("A");
    expect(tierOf(0.7499)).toBe("B");
    expect(tierOf(0.25)).toBe("C");
    expect(tierOf(0.2499)).toBe("D");
    expect(tierOf(0.95, { A: 0.9, B: 0.6, C: 0.3 })).toBe("A");
    expect(tierOf(0.85, { A: 0.9, B: 0.6, C: 0.3 })).toBe("B");
    expect(() => tierOf(0.5, { A: 0.2, B: 0.6, C: 0.3 })).toThrow();
  });
  it("keep-top, min-tier and min-score drop with their reasons", () => {
    const all = { keepTop: 1, minTier: "D", minScores: {} } as const;
    expect(selectionReason(0.85, "A", { ...all, keepTop: 0.1 })).toBe("below_keep_top");
    expect(selectionReason(0.95, "A", { ...all, keepTop: 0.1 })).toBeNull();
    // On the cut, whatever the binary digits of 1 - P (1 - 0.7 is 0.30000000000000004), as --min-tier keeps it.
    for (const [pct, top] of [
      [0.3, 0.7],
      [0.05, 0.95],
      [0.9, 0.1],
    ] as const) {
      expect(selectionReason(pct, "A", { ...all, keepTop: top }), `${pct} ${top}`).toBeNull();
      expect(selectionReason(pct - 1e-6, "A", { ...all, keepTop: top }), `${pct} ${top}`).toBe("below_keep_top");
    }
    expect(selectionReason(0.6, "B", { ...all, minTier: parseTier("a") })).toBe("below_min_tier");
    expect(() => parseTier("E")).toThrow(/tier/);
    const strict = { ...all, minScores: { density_vs_machine: 1, density_vs_markov1: 0 } };
    expect(selectionReason(0.9, "A", strict, { density_vs_machine: 0.5 })).toBe("below_min_score:density_vs_machine");
    expect(selectionReason(0.9, "A", strict, { density_vs_machine: 1, density_vs_markov1: -2 })).toBe(
      "below_min_score:density_vs_markov1",
    );
    // a paragraph has no order-1 Markov detector: it is held to the scores it has
    expect(selectionReason(0.9, "A", strict, { density_vs_machine: 1.5 })).toBeNull();
  });
});

describe("global rank across ranks", () => {
  it("two ranks sketch, merge and rank into the same tiers as one rank would", async () => {
    const dir = tempDir("assay-rank-");
    try {
      const values = Array.from({ length: 400 }, (_, i) => ((i * 37) % 400) / 40 - 5);
      const docs = docsWithDensity(values);
      await sketchDensity(stream(docs.filter((_, i) => i % 2 === 0)), dir, 0);
      await sketchDensity(stream(docs.filter((_, i) => i % 2 === 1)), dir, 1);
      expect(JSON.parse(await readFile(sketchPath(dir, 1), "utf8")).histograms[0].total).toBe(200);
      await expect(mergeSketches(dir, 3)).rejects.toThrow(/2 density histograms for 3 ranks; .* on rank 2 first/);
      // a rank's sketch left by a run of more ranks is named, so the user knows what to delete
      await expect(mergeSketches(dir, 1)).rejects.toThrow(
        /density-histogram-00001.json sketched by a run of 2 ranks: give --world-size 2/,
      );
      const merged = await mergeSketches(dir, 2);
      const rejected: string[] = [];
      const counters = new Map<string, number>();
      const ctx = {
        rank: 0,
        worldSize: 2,
        reject: async (_d: Doc, reason: string) => {
          rejected.push(reason);
        },
        count: (name: string, by = 1) => counters.set(name, (counters.get(name) ?? 0) + by),
      };
      const step = rankStep(merged, { cuts: { A: 0.75, B: 0.5, C: 0.25 }, keepTop: 0.5, minTier: "D", minScores: {} });
      const kept: Doc[] = [];
      for await (const d of step.run(stream(docs), ctx)) kept.push(d);
      expect(kept.length).toBeGreaterThanOrEqual(199);
      expect(kept.length).toBeLessThanOrEqual(201);
      expect(rejected.length + kept.length).toBe(400);
      expect(Math.min(...kept.map((d) => d.meta.density as number))).toBeGreaterThanOrEqual(0);
      expect(counters.get("tier:A")).toBe(100);
      expect(counters.get("tier_tokens:A")).toBe(300);
      // keepTop 0.5 keeps tiers A and B only; C and D are counted as none, not left out
      expect(counters.get("tier:C")).toBe(0);
      expect(counters.get("tier_tokens:D")).toBe(0);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it("refuses to apply a sketch made from other input files", async () => {
    const dir = tempDir("assay-rank-");
    try {
      const [a, b] = [join(dir, "a.jsonl"), join(dir, "b.jsonl")];
      await writeFile(a, "{}\n");
      await writeFile(b, "{}\n{}\n");
      const digest = await inputsDigest([a]);
      await sketchDensity(stream(docsWithDensity([1, 2])), dir, 0, RANK_DEFAULTS, digest);
      await expect(checkSketchInputs(dir, 0, digest)).resolves.toBeUndefined();
      await expect(checkSketchInputs(dir, 0, await inputsDigest([a, b]))).rejects.toThrow(/other input files/);
      // the same path with other contents is other input too
      await writeFile(a, "{}\n{}\n");
      await expect(checkSketchInputs(dir, 0, await inputsDigest([a]))).rejects.toThrow(/other input files/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it("ranks within length classes when asked: short texts are no longer ranked below long ones for being short", async () => {
    const dir = tempDir("assay-rank-");
    // paragraphs score -3..-1, whole papers 1..3: over the run every paragraph sits below every paper
    const paragraphs = docsWithDensity(Array.from({ length: 100 }, (_, i) => -3 + i / 50));
    const papers = docsWithDensity(Array.from({ length: 100 }, (_, i) => 1 + i / 50)).map((d) => ({
      ...d,
      id: `p${d.id}`,
      text: "word ".repeat(5000),
    }));
    const options = { ...RANK_DEFAULTS, within: "length" as const };
    const ranked = async (within: "run" | "length") => {
      const sub = join(dir, within);
      await sketchDensity(stream([...paragraphs, ...papers]), sub, 0, { ...RANK_DEFAULTS, within });
      const step = rankStep(await mergeSketches(sub, 1), { ...options, within });
      const ctx = { rank: 0, worldSize: 1, reject: async () => {}, count: () => {} };
      const tiers = new Map<string, string>();
      for await (const d of step.run(stream([...paragraphs, ...papers]), ctx)) tiers.set(d.id, d.meta.tier as string);
      return tiers;
    };
    const run = await ranked("run");
    expect(new Set(paragraphs.map((d) => run.get(d.id)))).toEqual(new Set(["C", "D"]));
    const byLength = await ranked("length");
    for (const group of [paragraphs, papers]) {
      const counts = new Map<string, number>();
      for (const d of group)
        counts.set(byLength.get(d.id) as string, (counts.get(byLength.get(d.id) as string) ?? 0) + 1);
      expect(Object.fromEntries(counts)).toEqual({ A: 25, B: 25, C: 25, D: 25 });
    }
    // sketches made one way cannot be applied the other, and ranks must agree
    expect(() => rankStep([new DensityHistogram()], options)).toThrow(
      /rank.within is "length" but the sketches hold 1 histogram/,
    );
    await sketchDensity(stream(paragraphs), join(dir, "mixed"), 0, RANK_DEFAULTS);
    await sketchDensity(stream(paragraphs), join(dir, "mixed"), 1, { ...RANK_DEFAULTS, within: "length" });
    await expect(mergeSketches(join(dir, "mixed"), 2)).rejects.toThrow(/different rank.within/);
  });

  it("length classes are density's length scales", () => {
    const weights = JSON.parse(readFileSync(join(ROOT, "models/density-weights.json"), "utf8"));
    // paragraphs' detectors, then longer texts', documents (scored by their chunks) beyond DOCUMENT_CHARS
    expect([weights.scales[0].upToChars, DOCUMENT_CHARS]).toEqual([...LENGTH_CLASS_BOUNDS]);
    expect(weights.scales.map((s: { upToChars: number | null }) => s.upToChars)).toEqual([5000, null]);
    expect(rankClass("length", 5000)).toBe(0);
    expect(rankClass("length", 5001)).toBe(1);
    expect(rankClass("length", 20_001)).toBe(2);
    expect(rankClass("run", 20_001)).toBe(0);
  });
});
