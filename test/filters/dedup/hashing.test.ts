// xxh64, numpy's RandomState draws and datatrove's text normalisation against values from the reference tools.
import { describe, expect, it } from "vitest";
import { Mt19937, randintUint64 } from "../../../filters/dedup/numpy-random.js";
import { simplifyText } from "../../../filters/dedup/text-norm.js";
import { xxh64Hex } from "../../../filters/dedup/xxh64.js";

describe("xxh64", () => {
  it("matches the spec's test vectors (seed 0)", () => {
    expect(xxh64Hex("")).toBe("ef46db3751d8e999");
    expect(xxh64Hex("a")).toBe("d24ec4f1a98c6e5b");
    expect(xxh64Hex("abc")).toBe("44bc2cf5ad770999");
    // >= 32 bytes takes the four-lane path
    expect(xxh64Hex("Nobody inspects the spammish repetition")).toBe("fbcea83c8a378bf1");
  });
});

describe("numpy RandomState(1).randint(1, 2^61 - 1, uint64)", () => {
  it("draws numpy's values (printed by numpy 2.4)", () => {
    const p = (1n << 61n) - 1n;
    const rng = new Mt19937(1);
    const a = randintUint64(rng, 1n, p, 112);
    const b = randintUint64(rng, 0n, p, 112);
    expect([a[0], a[1], a[2], a[111]]).toEqual([
      775169054918279404n,
      1758426461858698313n,
      2109959069025162n,
      223865076026037746n,
    ]);
    expect([b[0], b[111]]).toEqual([1062448801025099917n, 1097409548522419201n]);
  });
});

describe("simplifyText", () => {
  it("lowercases, folds numbers, turns punctuation into spaces, drops diacritics", () => {
    expect(simplifyText("  Héllo,\tWORLD!! Version 3.14 (of 1.2.3)  ")).toBe("hello world version 0 of 0 0");
    expect(simplifyText("naïve café—über")).toBe("naive cafe uber");
  });
});
