import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { addPaperSamples } from "../../scripts/fit-density/paper-samples.js";
import { otherFieldPapers } from "../../scripts/fit-density/sample-sets.js";
import { haveShared, PAPERS, readDocs } from "../filters/density/shared-text.js";
import { tempDir } from "../temp-dir.js";

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

describe("papers of another field (fit-density --more-papers / --check-papers)", () => {
  it("reads them as density reads assay's own extraction: code left out, ids apart from the reference papers'", () => {
    const dir = tempDir("assay-other-field-");
    const prose = "We fit the model by maximum likelihood.\n\nThe estimates are consistent under mild conditions.";
    const code = "R> fm <- lm(y ~ x)\nR> summary(fm)";
    const path = join(dir, "papers.jsonl");
    writeFileSync(path, `${JSON.stringify({ id: "zoo__zoo", text: `${prose}\n\n${code}`, density: 1.2 })}\n`);
    expect(otherFieldPapers(path)).toEqual([{ id: "more:zoo__zoo", text: prose }]);
  });
});
