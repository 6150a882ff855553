// The samples made from one half's papers: each unit as it is, its family-A negatives in two variants and, on the
// held-out half, its family-B negatives.
import { halfChains, paperChains } from "./chains.js";
import { degradeA, degradeB, type PaperUnit, sameWords } from "./negatives.js";
import type { AddSample } from "./samples.js";
import { EVALUATED_UNITS, moreChunks, unitsOf } from "./units.js";

/**
 * Seed offset of the second family-A variant of each unit: apart from every first variant's seed while a half holds
 * fewer than SECOND_SEED / UNIT_SEEDS (156) papers (the reference set has 52 in all).
 */
const SECOND_SEED = 5000;

/**
 * Seeds a paper reserves for its units (a document, EVALUATED_UNITS of each other size and the fitted chunks are
 * fewer). Each unit's seed is unique across the half: chains over the whole half draw the same text from the same
 * seed, and a seed of paper index + unit index gave papers i, u and i + 1, u - 1 one Markov text.
 */
const UNIT_SEEDS = 32;

/**
 * Adds the samples of `mine`, the papers of one half (`heldOut`: the evaluation half), to `addSample`; `family` names
 * a paper's family by its id.
 */
export function addPaperSamples(
  mine: { id: string; text: string }[],
  family: (id: string) => string,
  seed: number,
  heldOut: boolean,
  addSample: AddSample,
): void {
  const chainsOfHalf = halfChains(
    mine.map((p) => p.text),
    seed,
    heldOut,
  );
  // Another paper of the same half, not a version of this one, `step` papers on.
  const otherPaper = (i: number, step: number) => {
    const others = mine.filter((q) => family(q.id) !== family((mine[i] as { id: string }).id));
    return (others[(i + step) % others.length] as { text: string }).text;
  };
  mine.forEach((p, i) => {
    const s = seed * 1000 + i;
    const chains = paperChains(p.text, chainsOfHalf, s, heldOut);
    const units = unitsOf(p.text, EVALUATED_UNITS);
    [...units, ...moreChunks(p.text, units)].forEach(([unit, text], u) => {
      if (u >= UNIT_SEEDS) throw new Error(`a paper has more than ${UNIT_SEEDS} units: raise UNIT_SEEDS`);
      const r = s * UNIT_SEEDS + u;
      const evaluated = u < units.length;
      const paperUnit: PaperUnit = { unit, text, paper: p.text, chains };
      const v = (i + u) % 3;
      addSample("A", "real", unit, text, evaluated);
      for (const [kind, degraded] of degradeA(paperUnit, v, r))
        if (!sameWords(text, degraded)) addSample("A", kind, unit, degraded, evaluated);
      // A second variant of each, only fitted on: more negatives lifted held-out documents and chunks by ~0.003.
      for (const [kind, degraded] of degradeA(paperUnit, (v + 1) % 3, r + SECOND_SEED))
        if (!sameWords(text, degraded)) addSample("A", kind, unit, degraded, false);
      if (!heldOut || !evaluated) return;
      for (const [kind, degraded] of degradeB(paperUnit, v, r, [otherPaper(i, 1), otherPaper(i, 2)]))
        if (!sameWords(text, degraded)) addSample("B", kind, unit, degraded);
    });
  });
}
