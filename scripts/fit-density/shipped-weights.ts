// The shipped weights, models/density-weights.json: fitted on both halves, with the held-out AUC of one split.
import { writeFileSync } from "node:fs";
import { DENSITY_FEATURES } from "../../filters/density/features.js";
import type { HeldOutAuc } from "./evaluation.js";
import { OTHER_FIELD_WEIGHT } from "./fit-scales.js";
import { fitWeights } from "./fit-weights.js";
import type { Sample } from "./samples.js";

/**
 * Fits on family A of both halves `sets` and writes the weights, with the held-out samples `test` and their AUC for
 * the record; `morePapers`, the file of another field's papers fitted with them (--more-papers).
 */
export function writeShippedWeights(
  sets: [Sample[], Sample[]],
  test: Sample[],
  seed: number,
  { auc, bestSingle }: HeldOutAuc,
  morePapers?: string,
): void {
  // Shipped weights: the same recipe on both halves, twice the papers. More papers still help: over four held-out
  // quarters, fitting on two quarters instead of three lowered the mean AUC by 0.004-0.009 per unit size.
  const all = [...sets[0], ...sets[1]].filter((s) => s.family === "A");
  const trainCounts: Record<string, number> = {};
  for (const s of all) trainCounts[s.kind] = (trainCounts[s.kind] ?? 0) + 1;
  const testCounts: Record<string, number> = {};
  for (const s of test)
    testCounts[`${s.family}:${s.kind}:${s.unit}`] = (testCounts[`${s.family}:${s.kind}:${s.unit}`] ?? 0) + 1;
  const out = {
    about:
      "density = min over the detectors of the first scale whose upToChars >= text length, of the logistic logit on standardised featureVector() (within 1.25x of a boundary between scales, both scales' logits blended by log length, each scale reading the discourse as it was fitted: SCALE_BLEND in density.ts); a text over DOCUMENT_CHARS takes, per detector, the mean logit of its documentChunks, an 'order' detector, the lowest of those means plus documentOrder's logit on documentOrderInputs, a 'duplicated' detector, the same lowest mean plus documentDuplicates' logit on documentDuplicatesInputs, and a 'paragraphs' detector, the same lowest mean plus documentParagraphs' logit on documentParagraphsInputs where the document has a paragraph lift, and a 'neighbours' detector, the same lowest mean plus documentNeighbours' logit on documentNeighboursInputs where it has a sentence lift (filters/density/density.ts); scripts/fit-density.ts",
    seed,
    features: DENSITY_FEATURES,
    fittedOn:
      morePapers === undefined
        ? "family A of all papers (both halves)"
        : `family A of all papers (both halves) and of the papers of ${morePapers}, weighted ${OTHER_FIELD_WEIGHT}`,
    ...fitWeights(all),
    heldOutAucOf: "the same recipe fitted on half 0 only, evaluated on half 1 (testCounts)",
    heldOutAuc: auc,
    bestSingleFeatureAuc: bestSingle,
    trainCounts,
    testCounts,
  };
  writeFileSync("models/density-weights.json", `${JSON.stringify(out, null, 2)}\n`);
}
