import { describe, expect, it } from "vitest";
import { IdSample, sampleKey } from "../../../src/report/id-sample.js";
import { seededRandom } from "../../../src/seeded-random.js";

describe("IdSample", () => {
  const ids = Array.from({ length: 5000 }, (_, i) => `doc-${i}`);

  function sample(order: readonly string[], k: number): string[] {
    const s = new IdSample<string>(k);
    for (const id of order) s.offer(sampleKey(id), () => id);
    return s.values();
  }

  it("keeps the k ids that hash lowest, whatever order they arrive in", () => {
    const lowest = [...ids].sort((a, b) => (sampleKey(a) < sampleKey(b) ? -1 : 1)).slice(0, 40);
    const random = seededRandom(7);
    const shuffled = ids
      .map((id) => [random(), id] as const)
      .sort((a, b) => a[0] - b[0])
      .map(([, id]) => id);
    expect(sample(ids, 40)).toEqual(lowest);
    expect(sample(shuffled, 40)).toEqual(lowest);
    expect(sample([...ids].reverse(), 40)).toEqual(lowest);
  });

  it("builds values only for ids that can still make the sample, and keeps everything when k exceeds the count", () => {
    let built = 0;
    const s = new IdSample<number>(10);
    for (const id of ids) s.offer(sampleKey(id), () => ++built);
    expect(s.values()).toHaveLength(10);
    expect(built).toBeLessThan(ids.length / 10);
    expect(sample(ids.slice(0, 7), 10)).toHaveLength(7);
    expect(sample(ids, 0)).toEqual([]);
  });
});
