// Timing for the benches. The machine is shared and single runs are noisy: a bench reports the median of several
// runs (typical speed) or the best (least disturbed), and says which.

/** Wall seconds of each of `runs` runs of `work`, in run order. */
async function runSeconds(runs: number, work: () => unknown): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    await work();
    times.push((performance.now() - start) / 1000);
  }
  return times;
}

export async function medianSeconds(runs: number, work: () => unknown): Promise<number> {
  const times = (await runSeconds(runs, work)).sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)] as number;
}

export async function bestSeconds(runs: number, work: () => unknown): Promise<number> {
  return Math.min(...(await runSeconds(runs, work)));
}
