// Scoring threads that fail: a text too big for a thread's heap is rejected alone, the rest of its batch is scored.
import { expect, it } from "vitest";
import { DensityScorer } from "../../../filters/density/density.js";
import { ScoringThreads } from "../../../filters/density/scoring-threads.js";

it("scores a failed batch again text by text, so only the text that crashed its thread fails", async () => {
  // 64 MB of heap scores a paragraph; a 44-million-character text does not fit in it.
  const threads = new ScoringThreads(1, { maxMemoryMb: 64 });
  try {
    await threads.warm;
    const small = "We show that the matrix is positive definite. Therefore its eigenvalues are real. ".repeat(20);
    const big = "We show that the estimator is consistent, and its variance falls with n. ".repeat(600_000);
    const [first, crashed, last] = await threads.score([small, big, small]);
    expect(crashed?.ok === false && crashed.failure).toBe("worker_crash");
    const expected = new DensityScorer().score(small);
    expect(first?.ok && first.value).toEqual(expected);
    expect(last?.ok && last.value).toEqual(expected);
  } finally {
    await threads.close();
  }
}, 60_000);
