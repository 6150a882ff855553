// --keep-tokens: the run's best documents up to a budget of whitespace tokens, cut at one rank_pct found from the
// merged histograms (each bin sums its documents' tokens), so every rank keeps what one process keeps.
import { describe, expect, it } from "vitest";
import { makeDoc } from "../../../src/doc.js";
import { countTokens } from "../../../src/python-space.js";
import { DensityHistogram } from "../../../src/rank/density-histogram.js";
import { BarrierError, rankStep, sketchDensity } from "../../../src/rank/global-rank.js";
import { RANK_DEFAULTS, type RankOptions } from "../../../src/rank/tiers.js";
import { tokenBudgetCut } from "../../../src/rank/token-budget.js";
import { seededRandom as rng } from "../../../src/seeded-random.js";
import { tempDir } from "../../temp-dir.js";

/** Documents of these densities, each of `tokens[i]` words. */
function docs(densities: number[], tokens: number[]) {
  return densities.map((density, i) => {
    const doc = makeDoc(`d${i}`, "w ".repeat(tokens[i] as number).trim(), "test");
    doc.meta.density = density;
    return doc;
  });
}

async function* stream<T>(items: T[]): AsyncIterable<T> {
  yield* items;
}

/** The ids a rank step with this budget (or this whole selection) keeps, and the reasons it drops the rest for. */
async function selected(histograms: DensityHistogram[], all: ReturnType<typeof docs>, selection: number | RankOptions) {
  const dropped = new Map<string, string>();
  const ctx = {
    rank: 0,
    worldSize: 1,
    reject: async (doc: { id: string }, reason: string) => void dropped.set(doc.id, reason),
    count: () => {},
  };
  const kept: string[] = [];
  const options = typeof selection === "number" ? { ...RANK_DEFAULTS, keepTokens: selection } : selection;
  for await (const doc of rankStep(histograms, options).run(stream(all), ctx)) kept.push(doc.id);
  return { kept, dropped };
}

function histogramOf(all: ReturnType<typeof docs>): DensityHistogram {
  const h = new DensityHistogram();
  for (const doc of all) h.add(doc.meta.density as number, countTokens(doc.text));
  return h;
}

describe("token budget", () => {
  const three = docs([3, 2, 1], [100, 200, 300]);
  const cut = (budget: number, h = histogramOf(three)) => tokenBudgetCut([h], [h.cumulative()], budget);

  it("keeps the best documents whose tokens fit, never more than the budget", async () => {
    const h = histogramOf(three);
    expect(await selected([h], three, 300)).toEqual({
      kept: ["d0", "d1"],
      dropped: new Map([["d2", "below_keep_tokens"]]),
    });
    // one token short of the second document: the first alone, although the budget is nearly twice its size
    expect((await selected([h], three, 299)).kept).toEqual(["d0"]);
    expect((await selected([h], three, 600)).kept).toEqual(["d0", "d1", "d2"]);
    expect((await selected([h], three, 99)).kept).toEqual([]);
  });

  it("is a rank_pct: 0 when the run fits, Infinity when not even its best document does", () => {
    expect(cut(600)).toBe(0);
    expect(cut(99)).toBe(Number.POSITIVE_INFINITY);
    const h = histogramOf(three);
    expect(cut(300)).toBe(h.percentile(2, h.cumulative()));
  });

  it("keeps or drops documents of one bin together: equal densities are ties", () => {
    const tied = docs([3, 3, 1], [100, 100, 100]);
    const h = histogramOf(tied);
    expect(tokenBudgetCut([h], [h.cumulative()], 150)).toBe(Number.POSITIVE_INFINITY);
    expect(tokenBudgetCut([h], [h.cumulative()], 200)).toBe(h.percentile(3, h.cumulative()));
  });

  it("walks the length classes' rank_pct together, as --rank-within length ranks them", () => {
    // two classes, each ranked within itself: the top of each shares rank_pct 0.75, the bottom 0.25
    const [short, long] = [histogramOf(docs([-2, -1], [10, 20])), histogramOf(docs([2, 3], [1000, 2000]))];
    const cuts = (budget: number) => tokenBudgetCut([short, long], [short.cumulative(), long.cumulative()], budget);
    expect(cuts(2020)).toBe(0.75);
    expect(cuts(2019)).toBe(Number.POSITIVE_INFINITY);
    expect(cuts(3030)).toBe(0);
  });

  it("is found from the merged sketches of any split of the run, as from one", async () => {
    const random = rng(5);
    const all = docs(
      Array.from({ length: 400 }, () => random() * 10 - 5),
      Array.from({ length: 400 }, () => 1 + Math.floor(random() * 500)),
    );
    const whole = histogramOf(all);
    const parts = [0, 1, 2].map((r) => histogramOf(all.filter((_, i) => i % 3 === r)));
    const merged = new DensityHistogram();
    for (const part of parts) merged.merge(DensityHistogram.fromJSON(JSON.parse(JSON.stringify(part))));
    const budget = 40_000;
    expect(tokenBudgetCut([merged], [merged.cumulative()], budget)).toBe(
      tokenBudgetCut([whole], [whole.cumulative()], budget),
    );
    const { kept } = await selected([merged], all, budget);
    const keptTokens = all.filter((d) => kept.includes(d.id)).reduce((n, d) => n + countTokens(d.text), 0);
    expect(keptTokens).toBeLessThanOrEqual(budget);
    // the best document left out would have overrun it
    const best = all.filter((d) => !kept.includes(d.id)).sort((a, b) => (b.meta.density ?? 0) - (a.meta.density ?? 0));
    expect(keptTokens + countTokens((best[0] as (typeof all)[0]).text)).toBeGreaterThan(budget);
  });

  it("counts each document's tokens in the sketch, and takes back a dropped copy's", async () => {
    const dir = tempDir("assay-token-budget-");
    const counted: number[] = [];
    const [sketch] = await sketchDensity(stream(three), dir, 0, RANK_DEFAULTS, "", (_, __, tokens) =>
      counted.push(tokens),
    );
    expect(counted).toEqual([100, 200, 300]);
    const h = sketch as DensityHistogram;
    expect(h.tokens.reduce((a, b) => a + b, 0)).toBe(600);
    h.remove(h.binOf(1), 300);
    expect(tokenBudgetCut([h], [h.cumulative()], 300)).toBe(0);
  });

  it("spends none of the budget on documents --min-score drops: it is filled with documents that pass", async () => {
    const scored = docs([4, 3, 2, 1], [100, 100, 100, 100]);
    (scored[0] as (typeof scored)[0]).scores.quality = 0.1;
    const selection = { ...RANK_DEFAULTS, minScores: { quality: 0.5 }, keepTokens: 200 };
    const dir = tempDir("assay-token-budget-");
    const sketch = await sketchDensity(stream(scored), dir, 0, selection);
    const { kept, dropped } = await selected(sketch, scored, selection);
    // the best document fails its minimum; the next two fill the 200 tokens
    expect(kept).toEqual(["d1", "d2"]);
    expect(dropped).toEqual(
      new Map([
        ["d0", "below_min_score:quality"],
        ["d3", "below_keep_tokens"],
      ]),
    );
  });

  it("refuses a sketch an older assay wrote without tokens", () => {
    const older = DensityHistogram.fromJSON({ shape: histogramOf(three).shape, total: 1, bins: [[40000, 1]] });
    expect(older.tokensCounted).toBe(false);
    expect(() => rankStep([older], { ...RANK_DEFAULTS, keepTokens: 10 })).toThrow(BarrierError);
    expect(() => rankStep([older], RANK_DEFAULTS)).not.toThrow();
  });
});
