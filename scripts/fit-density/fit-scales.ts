// Fitting: one logistic detector per kind and length scale, calibrated, and the detectors of model-written text
// carried to the longer scale.
import type { DensityDetector, DensityScale } from "../../filters/density/density.js";
import { DENSITY_FEATURES } from "../../filters/density/features.js";
import { fitLogistic } from "../../filters/density/logistic.js";
import { calibrate, LONG_STRETCH, PARAGRAPH_STRETCH, roundModel, stretch, stretchAroundMedian } from "./calibration.js";
import { DETECTORS, type Detectors, SCALES } from "./detectors.js";
import { ignoredFeatures } from "./feature-ignores.js";
import { SIGNS } from "./feature-signs.js";
import { IMITATION_LIFT, matchedToScale } from "./matched-to-scale.js";
import { type Sample, within } from "./samples.js";

/**
 * The weight of a text made from a paper of another field (--more-papers) against a reference paper's. At 1 and at
 * 0.25 alike the other field's held-out cells rose (33 statistics papers, swapped split: ~8 KB mean 0.943 -> 0.989 and
 * 0.983); at 0.25 the reference papers' model-written chunks lost less (0.916 -> 0.872, against 0.839 at 1).
 */
export const OTHER_FIELD_WEIGHT = 0.25;

/** The detectors of every length scale, fitted on the family-A texts of `train`. */
export function fitScales(train: Sample[]): DensityScale[] {
  // One detector per negative kind (real vs that kind, balanced weights); density is the minimum of their logits,
  // so a document ranks high only if no detector recognises it as degraded. A single linear model over all kinds
  // let the features of one kind drown the signal of another (held-out chunk AUC 0.89 vs 0.96 for the best single
  // feature). A logistic model over the ~8 KB detectors' logits (and their lowest two) fitted on family A lifted some
  // fitted kinds but lost unseen ones (garbled sentences 0.942 -> 0.772, mean 0.979 -> 0.974): the minimum carries to
  // kinds no detector was fitted on, a learned weighing of the detectors does not.
  const scales = SCALES.map((upToChars, k) => {
    const from = k === 0 ? 0 : (SCALES[k - 1] as number);
    const inScale = (s: Sample) => within(s, from, upToChars);
    const detectors = Object.entries(DETECTORS[k] as Detectors).map(([kind, kinds]) => {
      const rows = train.filter((s) => s.family === "A" && (s.kind === "real" || kinds.includes(s.kind)) && inScale(s));
      const nReal = rows.filter((s) => s.kind === "real").length;
      const nNeg = rows.length - nReal;
      const ignored = ignoredFeatures(kind, kinds, upToChars);
      const m = fitLogistic(
        rows.map((s) => s.x.map((v, j) => (ignored.includes(DENSITY_FEATURES[j] as string) ? 0 : v))),
        rows.map((s) => (s.kind === "real" ? 1 : 0)),
        rows.map((s) => (s.kind === "real" ? 1 : nReal / nNeg) * (s.otherField ? OTHER_FIELD_WEIGHT : 1)),
        3,
        25,
        SIGNS,
      );
      return {
        kind,
        ...roundModel(
          upToChars === null
            ? stretchAroundMedian(
                m,
                rows.filter((s) => s.kind === "real"),
                LONG_STRETCH[kind] ?? 1,
              )
            : stretch(
                calibrate(
                  m,
                  rows.filter((s) => s.kind === "real"),
                ),
                PARAGRAPH_STRETCH[kind] ?? 1,
              ),
        ),
      };
    });
    return { upToChars, detectors };
  });
  const machine = (scales[0] as DensityScale).detectors.find((d) => d.kind === "machine") as DensityDetector;
  return scales.map((scale, k) => {
    if (k === 0) return scale;
    const from = (scales[k - 1] as DensityScale).upToChars as number;
    const imitation = scale.detectors.find((d) => d.kind === "imitation") as DensityDetector;
    const others = { ...scale, detectors: scale.detectors.filter((d) => d.kind !== "imitation") };
    const matched = (d: DensityDetector, lift: number) => matchedToScale(others, from, d, train, lift);
    return { ...others, detectors: [...others.detectors, matched(machine, 0), matched(imitation, IMITATION_LIFT)] };
  });
}
