import { describe, expect, it } from "vitest";
import { distribution, quantile } from "../../../src/report/distribution.js";

describe("distribution", () => {
  it("bins kept and rejected values on shared bins, each set's shares summing to 1", () => {
    const kept = Array.from({ length: 1000 }, (_, i) => i / 100); // 0 .. 9.99
    const rejected = Array.from({ length: 200 }, (_, i) => 5 + i / 100); // 5 .. 6.99
    const d = distribution("x", kept, rejected, 10);
    expect(d.log).toBe(false);
    expect(d.kept.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
    expect(d.rejected.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
    // the rejected values sit in the middle bins only
    const used = d.rejected.flatMap((share, b) => (share > 0 ? [b] : []));
    expect(Math.min(...used)).toBeGreaterThanOrEqual(4);
    expect(Math.max(...used)).toBeLessThanOrEqual(7);
    expect(d.keptQuantiles).toEqual([quantile(kept, 0.1), quantile(kept, 0.5), quantile(kept, 0.9)]);
    expect(d.keptQuantiles?.[1]).toBeCloseTo(5, 1);
    expect(d.rejectedN).toBe(200);
  });

  it("counts outliers in the end bins and bins a wide positive column (lengths) on a log scale", () => {
    const lengths = [...Array.from({ length: 99 }, (_, i) => 10 * 1.1 ** i), 1e9];
    const d = distribution("n_words", lengths, [], 20);
    expect(d.log).toBe(true);
    expect(d.hi).toBeLessThan(1e9);
    expect(d.kept.at(-1)).toBeGreaterThanOrEqual(2 / 100);
    // geometric values spread evenly over log bins
    for (const share of d.kept.slice(1, -1)) expect(share).toBeLessThan(0.1);
    expect(d.rejectedQuantiles).toBeNull();
    expect(d.rejected.every((share) => share === 0)).toBe(true);
  });

  it("puts a constant column in one bin", () => {
    const d = distribution("c", [3, 3, 3], [3], 10);
    expect(d.kept[0]).toBe(1);
    expect(d.rejected[0]).toBe(1);
  });
});
