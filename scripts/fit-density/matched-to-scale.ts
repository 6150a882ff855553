// How a detector of model-written text is carried to a longer scale than its own.
import { type DensityDetector, type DensityScale, DOCUMENT_CHARS } from "../../filters/density/density.js";
import { predictLogit } from "../../filters/density/logistic.js";
import { quantile, roundModel } from "./calibration.js";
import { type Sample, within } from "./samples.js";

/**
 * How far the imitation detector's logits are raised above where matchedToScale puts them: it then flags fewer real
 * texts. Held out (this split / swapped), against no imitation detector: at 0, whole imitations the fit never saw
 * 0.814 -> 0.951 / 1.000 -> 1.000 and their ~8 KB chunks 0.851 -> 0.890 / 0.950 -> 0.948, for fitted kinds' chunk
 * mean -0.0016 / -0.0010; at 0.5, 0.924 / 1.000 and 0.895 / 0.946 for -0.0008 / -0.0005 (Markov loops, interleaved
 * papers and unseen chrome, already under 0.97, -0.003 each); at 1, 0.909 / 1.000 and 0.887 / 0.949 for -0.0003 /
 * -0.0002, no ~8 KB cell down more than 0.002 (measured while it weighed list lines: IMITATION_IGNORES).
 */
export const IMITATION_LIFT = 1;

/**
 * A detector of model-written text for a longer scale, stretched and shifted so that on the scale's real training
 * texts its median and 10th percentile sit where the minimum of the scale's other detectors has them (then `lift`
 * higher): it then flags real texts about as often as the others together do. Model-written text is not damage to a
 * paper, and its detectors, fitted on few texts, are far more confident than the damage detectors on real texts: at
 * its own scale the imitation detector's false alarms cost fitted kinds' ~8 KB chunk mean 0.011 / 0.002. The
 * paragraph detector of model-written papers is borrowed this way: without it, unseen whole 5-6 KB imitations of
 * machine-learning papers ranked among real papers at 0.86-0.90 (the two splits); with it at 0.99-1.00, for ~8 KB
 * chunks -0.0016 / +0.0003 mean AUC (misordered lines -0.014). Scored on three spread ~3 KB windows (the median of
 * their logits) instead of the whole text, it did less (0.95 / 0.99) at a larger cost (chunks -0.002 on both splits).
 */
export function matchedToScale(
  scale: DensityScale,
  from: number,
  detector: DensityDetector,
  train: Sample[],
  lift: number,
): DensityDetector {
  // Documents are scored by their chunks, so the chunks are the real texts it is matched to.
  const reals = train.filter((s) => s.family === "A" && s.kind === "real" && within(s, from, DOCUMENT_CHARS));
  const own = reals.map((s) => predictLogit(detector, s.x));
  const others = reals.map((s) => Math.min(...scale.detectors.map((d) => predictLogit(d, s.x))));
  const spread = (v: number[]) => Math.max(1e-3, quantile(v, 0.5) - quantile(v, 0.1));
  const stretch = spread(others) / spread(own);
  const shift = quantile(others, 0.5) - stretch * quantile(own, 0.5) + lift;
  const matched = {
    ...detector,
    weights: detector.weights.map((w) => w * stretch),
    bias: detector.bias * stretch + shift,
  };
  return { ...roundModel(matched), kind: detector.kind };
}
