// Scoring threads that fail: a text too big for a thread's heap is rejected alone, the rest of its batch is scored;
// threads that cannot start take no work.
import { expect, it } from "vitest";
import { DensityScorer, SCORED_ON_THREADS } from "../../../filters/density/density.js";
import { ScoringThreads } from "../../../filters/density/scoring-threads.js";
import { runDensityStep } from "./run-density-step.js";

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

it("never hands a batch to threads that failed to start, so the step scores every doc itself", async () => {
  // 8 MB of heap cannot even load the models: the warm-up fails, as it does for every thread when workers reject
  // the process's Node flags.
  const threads = new ScoringThreads(1, { maxMemoryMb: 8 });
  try {
    await threads.warm;
    expect(threads.ready).toBe(false);
    const text = "We show that the matrix is positive definite. Therefore its eigenvalues are real. ".repeat(20_000);
    const { out, counters } = await runDensityStep([text, text, text], { threads });
    expect(out.map((d) => d.meta.density)).toEqual(Array(3).fill(new DensityScorer().score(text).density));
    expect(counters.get(SCORED_ON_THREADS)).toBeUndefined();
  } finally {
    await threads.close();
  }
}, 60_000);
