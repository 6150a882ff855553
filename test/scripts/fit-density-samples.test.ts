import { describe, expect, it } from "vitest";
import { addPaperSamples } from "../../scripts/fit-density/paper-samples.js";
import { haveShared, PAPERS, readDocs } from "../filters/density/shared-text.js";

describe.skipIf(!haveShared)("the fit's negatives of one half", () => {
  it("draws every unit's Markov text over the half (markov1) from its own seed (no two units share one)", () => {
    const mine = [...readDocs(PAPERS)].slice(0, 4).map(([id, text]) => ({ id, text }));
    const openings: string[] = [];
    addPaperSamples(
      mine,
      (id) => id,
      8,
      false,
      (family, kind, _unit, text) => {
        if (family === "A" && kind === "markov1") openings.push(text.slice(0, 200));
      },
    );
    // Each unit has two variants; a shared seed would give two units of different papers the same opening words.
    expect(openings.length).toBeGreaterThan(4 * 2 * 4);
    expect(new Set(openings).size).toBe(openings.length);
  });
});
