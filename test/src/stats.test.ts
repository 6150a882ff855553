import { describe, expect, it } from "vitest";
import { mergeStepStats, type StepStatsJson } from "../../src/stats.js";

function step(reasons: Record<string, number>, counters: Record<string, number>): StepStatsJson {
  const rejected = Object.values(reasons).reduce((a, b) => a + b, 0);
  return {
    name: "rank",
    docs_in: 2,
    docs_out: 2 - rejected,
    bytes_in: 10,
    bytes_out: 10,
    seconds: 0.5,
    rejected,
    reject_reasons: reasons,
    counters,
  };
}

describe("mergeStepStats", () => {
  it("sums ranks' steps with reasons and counters sorted by name, whichever rank named them first", () => {
    const a = step({ below_min_tier: 1 }, { "tier:B": 1, "tier_tokens:B": 7 });
    const b = step({ below_keep_top: 1 }, { "tier:A": 1, "tier:B": 1, "tier_tokens:A": 5, "tier_tokens:B": 3 });
    for (const merged of [mergeStepStats([[a], [b]]), mergeStepStats([[b], [a]])]) {
      const [rank] = merged;
      expect(JSON.stringify(rank?.counters)).toBe(
        JSON.stringify({ "tier:A": 1, "tier:B": 2, "tier_tokens:A": 5, "tier_tokens:B": 10 }),
      );
      expect(JSON.stringify(rank?.reject_reasons)).toBe(JSON.stringify({ below_keep_top: 1, below_min_tier: 1 }));
      expect(rank).toMatchObject({ docs_in: 4, docs_out: 2, rejected: 2, seconds: 1 });
    }
  });
});
