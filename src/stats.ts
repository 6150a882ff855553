// Per-step statistics: what went in, what came out, what was dropped and why, and where the time went.

export interface StepStatsJson {
  name: string;
  docs_in: number;
  docs_out: number;
  bytes_in: number;
  bytes_out: number;
  seconds: number;
  rejected: number;
  reject_reasons: Record<string, number>;
  counters: Record<string, number>;
}

export class StepStats {
  docsIn = 0;
  docsOut = 0;
  bytesIn = 0;
  bytesOut = 0;
  /** Milliseconds spent inside this step, upstream time excluded. */
  ms = 0;
  readonly rejectReasons = new Map<string, number>();
  readonly counters = new Map<string, number>();
  /** Pages read of documents not finished yet (StepContext.pagesInProgress): shown as progress, not saved. */
  pagesInProgress = 0;

  constructor(readonly name: string) {}

  reject(reason: string): void {
    // Reasons like `not_pdf:html` keep their detail; the histogram is by full reason.
    this.rejectReasons.set(reason, (this.rejectReasons.get(reason) ?? 0) + 1);
  }

  count(counter: string, by = 1): void {
    this.counters.set(counter, (this.counters.get(counter) ?? 0) + by);
  }

  toJSON(): StepStatsJson {
    let rejected = 0;
    for (const n of this.rejectReasons.values()) rejected += n;
    return {
      name: this.name,
      docs_in: this.docsIn,
      docs_out: this.docsOut,
      bytes_in: this.bytesIn,
      bytes_out: this.bytesOut,
      seconds: Math.round(this.ms) / 1000,
      rejected,
      reject_reasons: sortedRecord(this.rejectReasons),
      counters: sortedRecord(this.counters),
    };
  }
}

export function sortedRecord(map: Map<string, number>): Record<string, number> {
  return Object.fromEntries([...map.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/** Sums the stats of the same step across ranks. */
export function mergeStepStats(all: StepStatsJson[][]): StepStatsJson[] {
  const byName = new Map<string, StepStatsJson>();
  for (const rank of all) {
    for (const step of rank) {
      const into = byName.get(step.name);
      if (!into) {
        byName.set(step.name, structuredClone(step));
        continue;
      }
      into.docs_in += step.docs_in;
      into.docs_out += step.docs_out;
      into.bytes_in += step.bytes_in;
      into.bytes_out += step.bytes_out;
      into.seconds = Math.round((into.seconds + step.seconds) * 1000) / 1000;
      into.rejected += step.rejected;
      for (const [k, v] of Object.entries(step.reject_reasons))
        into.reject_reasons[k] = (into.reject_reasons[k] ?? 0) + v;
      for (const [k, v] of Object.entries(step.counters)) into.counters[k] = (into.counters[k] ?? 0) + v;
    }
  }
  // Sorted as one rank's are: in the order ranks first named them, a multi-rank run's stats.json (and the nightly
  // figures built from it) differed from a one-process run's, and with which rank a counter first appeared in.
  return [...byName.values()].map((step) => ({
    ...step,
    reject_reasons: sortedRecord(new Map(Object.entries(step.reject_reasons))),
    counters: sortedRecord(new Map(Object.entries(step.counters))),
  }));
}
