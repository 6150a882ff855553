import { describe, expect, it } from "vitest";
import { fitLogistic, pairwiseAuc, predictLogit } from "../../../filters/density/logistic.js";
import { seededRandom as rng } from "../../../src/seeded-random.js";

describe("logistic fit", () => {
  it("learns the sign and relative size of informative inputs and ignores noise", () => {
    const random = rng(5);
    const x: number[][] = [];
    const y: number[] = [];
    for (let i = 0; i < 400; i++) {
      const a = random() * 4 - 2;
      const b = random() * 4 - 2;
      const noise = random();
      x.push([a, b, noise]);
      y.push(2 * a - b + (random() - 0.5) > 0 ? 1 : 0);
    }
    const m = fitLogistic(x, y, new Array(400).fill(1), 0.1);
    const [wa, wb, wn] = m.weights as [number, number, number];
    expect(wa).toBeGreaterThan(0);
    expect(wb).toBeLessThan(0);
    expect(Math.abs(wn)).toBeLessThan(Math.abs(wb) / 4);
    expect(wa / -wb).toBeGreaterThan(1.4);
    const scores = x.map((row) => predictLogit(m, row));
    const auc = pairwiseAuc(
      scores.filter((_, i) => y[i] === 1),
      scores.filter((_, i) => y[i] === 0),
    );
    expect(auc).toBeGreaterThan(0.97);
  });

  it("a sign constraint drops an input whose weight would take the other sign, keeping the rest", () => {
    const random = rng(7);
    const x: number[][] = [];
    const y: number[] = [];
    for (let i = 0; i < 400; i++) {
      const a = random() * 4 - 2;
      const b = random() * 4 - 2;
      x.push([a, b]);
      y.push(a + b + (random() - 0.5) > 0 ? 1 : 0);
    }
    const free = fitLogistic(x, y, new Array(400).fill(1), 0.1);
    expect(free.weights[1]).toBeGreaterThan(0.5);
    const m = fitLogistic(x, y, new Array(400).fill(1), 0.1, 25, [1, -1]);
    expect(m.weights[1]).toBeCloseTo(0, 6);
    expect(m.weights[0]).toBeGreaterThan(0.5);
  });

  it("pairwise AUC counts ties as half", () => {
    expect(pairwiseAuc([2, 3], [1, 1])).toBe(1);
    expect(pairwiseAuc([1], [1])).toBe(0.5);
    expect(pairwiseAuc([0], [1, -1])).toBe(0.5);
  });
});
