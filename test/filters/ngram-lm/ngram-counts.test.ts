import { describe, expect, it } from "vitest";
import { NgramCounts } from "../../../filters/ngram-lm/ngram-counts.js";

describe("NgramCounts", () => {
  it("counts past 2^24 distinct n-grams, the most a JS Map holds (lm train died there)", () => {
    const c = new NgramCounts();
    const distinct = 2 ** 24 + 1000;
    // An odd multiplier is a bijection on 32 bits: every key differs, and none is 0.
    const key = (i: number) => Math.imul(i, 0x9e3779b1) >>> 0;
    for (let i = 1; i <= distinct; i++) c.add(key(i), 0, 0);
    for (const i of [1, 2 ** 24, distinct]) expect(c.add(key(i), 0, 0)).toBe(false);
    expect(c.length).toBe(distinct);
    expect(c.raw[c.indexOf(key(2 ** 24))]).toBe(2);
    expect(c.raw[c.indexOf(key(2 ** 24 - 1))]).toBe(1);
    expect(c.indexOf(key(distinct + 1))).toBe(-1);
  }, 60_000);

  it("keeps entries in first-seen order, with their context, suffix and extensions, through growth and pruning", () => {
    const c = new NgramCounts();
    // Key k is seen k % 3 + 1 times; 500 keys make the index grow several times.
    for (let round = 0; round < 3; round++)
      for (let k = 1; k <= 500; k++) if (round <= k % 3) c.add(k * 7919, k, k + 1);
    for (let k = 1; k <= 500; k += 50) c.addExtension(k * 7919);
    expect(Array.from(c.keys.subarray(0, 4))).toEqual([7919, 2 * 7919, 3 * 7919, 4 * 7919]);
    c.prune(2);
    const kept = Array.from({ length: 500 }, (_, i) => i + 1).filter((k) => k % 3 >= 1);
    expect(Array.from(c.keys.subarray(0, c.length))).toEqual(kept.map((k) => k * 7919));
    for (const k of [1, 2, 151, 500]) {
      const j = c.indexOf(k * 7919);
      expect([c.ctx[j], c.suffix[j], c.raw[j], c.extensions[j]]).toEqual([k, k + 1, (k % 3) + 1, k % 50 === 1 ? 1 : 0]);
    }
    expect(c.indexOf(3 * 7919)).toBe(-1);
  });
});
