// Runs the density step over texts as a pipeline would, failing the test on any reject, and returns the docs it
// passed on with the step's counters.
import { expect } from "vitest";
import { type DensityStepOptions, densityStep } from "../../../filters/density/density.js";
import { type Doc, makeDoc } from "../../../src/doc.js";

export async function runDensityStep(
  texts: readonly string[],
  options: DensityStepOptions,
): Promise<{ out: Doc[]; counters: Map<string, number> }> {
  const counters = new Map<string, number>();
  const ctx = {
    rank: 0,
    worldSize: 1,
    reject: async () => expect.fail("no doc is rejected"),
    count: (name: string, by = 1) => counters.set(name, (counters.get(name) ?? 0) + by),
  };
  async function* docs() {
    for (const [i, text] of texts.entries()) yield makeDoc(`d${i}`, text, "test");
  }
  const out: Doc[] = [];
  for await (const doc of densityStep(undefined, options).run(docs(), ctx)) out.push(doc);
  return { out, counters };
}
