// bandPairs: datatrove's neighbours where nothing is verified, a bounded reach where pairs are.
import { describe, expect, it } from "vitest";
import { bandPairs } from "../../../filters/dedup/lsh.js";

/** Pairs as "a-b" strings, in the order made. */
const pairsOf = (flat: Uint32Array) =>
  Array.from({ length: flat.length / 2 }, (_, k) => `${flat[2 * k]}-${flat[2 * k + 1]}`);

describe("bandPairs", () => {
  // rows 0-5 share band value 7 (one run), row 6 is alone with value 9; width 1
  const table = Uint32Array.from([7, 7, 7, 7, 7, 7, 9]);

  it("pairs each row of a run with the previous one when ties are equal (datatrove's rule)", () => {
    expect(pairsOf(bandPairs(table, 1, 7))).toEqual(["0-1", "1-2", "2-3", "3-4", "4-5"]);
    expect(pairsOf(bandPairs(table, 1, 7, new Uint32Array(7), 4))).toEqual(["0-1", "1-2", "2-3", "3-4", "4-5"]);
  });

  it("pairs a row with the `reach` signatures before it in its run, and no more", () => {
    const ties = Uint32Array.from([60, 50, 40, 30, 20, 10, 0]);
    // sorted by tie: 5, 4, 3, 2, 1, 0
    expect(pairsOf(bandPairs(table, 1, 7, ties, 2))).toEqual([
      "4-5",
      "3-5",
      "3-4",
      "2-4",
      "2-3",
      "1-3",
      "1-2",
      "0-2",
      "0-1",
    ]);
    expect(bandPairs(table, 1, 7, ties, 100).length / 2).toBe(15);
  });

  it("counts copies of one signature as one: the reach goes past them", () => {
    // rows 1-4 are copies of one signature (tie 5), between row 0 (tie 1) and row 5 (tie 9)
    const ties = Uint32Array.from([1, 5, 5, 5, 5, 9, 0]);
    expect(pairsOf(bandPairs(table, 1, 7, ties, 2))).toEqual(["0-1", "1-2", "2-3", "3-4", "0-5", "4-5"]);
  });
});
