// The selection flags as `assay rank` and `assay run` read them: values a user types, and one-line refusals.
import { describe, expect, it } from "vitest";
import { UsageError } from "../../../src/cli/common.js";
import { RANK_FLAG_LIST, rankFlagArgs, rankOverrides } from "../../../src/cli/rank-flags.js";

describe("rank flags", () => {
  it("read a token budget written as a count, with k, M, B (or G) and T", () => {
    const tokens = (value: string) => rankOverrides({ "keep-tokens": value }).rank.keepTokens;
    expect(tokens("2.5B")).toBe(2_500_000_000);
    expect(tokens("400M")).toBe(400_000_000);
    expect(tokens("10k")).toBe(10_000);
    expect(tokens("3g")).toBe(3_000_000_000);
    expect(tokens("1T")).toBe(1_000_000_000_000);
    expect(tokens(" 1000000 ")).toBe(1_000_000);
    expect(tokens("1.5")).toBe(1);
  });

  it("refuse a budget of no whole token, or one they cannot read, in one line", () => {
    for (const value of ["0", "0.5", "2X", "1e9", "-5", "", "k", "1.5.2M"])
      expect(() => rankOverrides({ "keep-tokens": value }), value).toThrow(UsageError);
  });

  it("pass on as given to a later pass, and name every flag in messages", () => {
    expect(rankFlagArgs({ "keep-tokens": "2B", "keep-top": "0.5" })).toEqual([
      "--keep-top",
      "0.5",
      "--keep-tokens",
      "2B",
    ]);
    expect(RANK_FLAG_LIST).toBe("--keep-top, --keep-tokens, --min-tier, --cuts, --min-score and --rank-within");
  });
});
