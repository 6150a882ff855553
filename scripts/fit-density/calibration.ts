// How a fitted detector's logit is rescaled, so that the detectors' false alarms on real text weigh alike in their
// minimum, and stretched where what one detector finds should weigh more.
import { type LogisticModel, predictLogit } from "../../filters/density/logistic.js";
import type { Sample } from "./samples.js";

/** `m` with every number rounded to 6 decimals, as the weights file keeps them. */
export function roundModel(m: LogisticModel): LogisticModel {
  const r = (v: number) => Number(v.toFixed(6));
  return { mean: m.mean.map(r), scale: m.scale.map(r), weights: m.weights.map(r), bias: r(m.bias) };
}

/**
 * Rescales a detector so that on real training texts its logit has median 0 (or, if most of them share its ceiling,
 * CEILING_LIFT) and its lower tail (median minus 10th percentile) spans 1. Density is the minimum over detectors, so
 * their false alarms on real text must weigh alike: uncalibrated, each paragraph detector alone told unseen boilerplate
 * and OCR text from real paragraphs at 0.94-0.96 AUC (1.2 KB), but their minimum only at 0.83-0.85, real paragraphs
 * being dragged down by the incoherent detector's wide spread. Longer texts are not rescaled: their few real training
 * documents make the quantiles noisy (it cost 0.05 AUC on whole Markov documents). Mapping each detector's
 * real-paragraph quantiles (2.5th, 10th, 50th) onto a normal's, so heavy lower tails weigh alike too, lifted man pages
 * as ~1.2 KB paragraphs 0.93 -> 0.97-0.99 but cost shuffled, interleaved and model-written paragraphs 0.01-0.03: mean AUC -0.006-0.015 on ~3 KB, within ±0.006 on ~1.2 KB. Refitting with the
 * real paragraphs the minimum rated lowest weighted 2-3 times: +0.001-0.008 on one split, -0.005-0.011 on the other.
 * Stretching each detector whose training negatives' median sits above -3 until it sits at -3 (the machine detector's
 * was at -1.5) lifted model imitations 0.04-0.12 but moved the other ~1.2 KB cells' mean +0.001 / -0.013, documentation
 * -0.05.
 */
export function calibrate(m: LogisticModel, reals: Sample[]): LogisticModel {
  const logits = reals.map((s) => predictLogit(m, s.x));
  const median = quantile(logits, 0.5);
  const spread = Math.max(1e-3, median - quantile(logits, 0.1));
  const lift = quantile(logits, 0.9) - median < 1e-6 ? CEILING_LIFT : 0;
  return { ...m, weights: m.weights.map((w) => w / spread), bias: (m.bias - median) / spread + lift };
}

/**
 * Where a calibrated detector's ceiling goes when most real paragraphs sit on it (the repeated-sentences and templated
 * text detectors: a paragraph with no repeats has nothing for them to weigh): at 0, its median, it capped them all at 0, level with
 * degraded texts the other detectors rate higher; at 1 it is near the other detectors' 90th percentile on real
 * paragraphs (0.8-1.1). Lifted by 0.25-2 the mean ~3 KB AUC of the two splits rose 0.003-0.006, by 1 the most.
 */
const CEILING_LIFT = 1;

/**
 * Paragraph detectors whose calibrated logit is multiplied (around real paragraphs' median, 0), so that what they find
 * weighs more in the minimum. Documentation alone told ~1.2 KB paragraphs from real ones at ~1.00 in sample, but its
 * logits on man pages (-1.6 and below) sat level with other detectors' false alarms on real paragraphs (median of the
 * minimum -1.1, 10th percentile -2.3): held out, man pages as ~1.2 KB paragraphs scored 0.933 / 0.930 (this split /
 * swapped), under the 0.95. Stretched 1.5x: 0.982 / 0.983, unseen documentation 0.965 / 0.961; 1.25x: 0.965 /
 * 0.966, unseen 0.952 / 0.945. The cost falls on paragraph cells of sentence-level damage, none of which reaches 0.97
 * either way: ~3 KB mean -0.008 / -0.006 (fitted kinds) and -0.011 / -0.009 (unseen), ~1.2 KB -0.004 / -0.004 and
 * -0.002 / -0.005; chunks and documents have their own detectors and do not move.
 */
export const PARAGRAPH_STRETCH: Readonly<Record<string, number>> = { textdev: 1.5 };

/**
 * Long-text detectors whose logit is multiplied around its median on real training texts, so that what they find
 * weighs more in the minimum. Boilerplate: a scraped page's furniture in blocks (unseen) told ~8 KB chunks apart by
 * the boilerplate detector alone at ~0.97 in sample, but by density at ~0.85: its logits on such chunks sat level with
 * other detectors' false alarms on real ones. Held out (this split / swapped), 1.5x: chrome blocks 0.921 -> 0.975 /
 * 0.774 -> 0.880, documents 0.995 -> 1.000 / 0.925 -> 0.952, the other unseen chrome 0.993 -> 1.000 / 0.967 ->
 * 0.992; on this split model-written chunks -0.014 to -0.024 and other chunk cells at most -0.006, none on the
 * swapped one. 2x: chrome blocks 0.989 / 0.906, but this split's chunk cells -0.01 to -0.04 (shuffled 0.974 -> 0.956,
 * OCR noise 0.970 -> 0.947).
 *
 * Templated text, 0.5x: its detector weighs repeated sentence frames, which real papers repeat over their length too
 * ("We use the", lower-case reference entries), so at full strength its false alarms on a real paper's chunks set the
 * paper's density (documents of papers a model continued 0.943 -> 0.816, imitations 0.983 -> 0.868 on this split),
 * while text cast in a few moulds repeats nearly every frame and sits far below real chunks either way. At 0.5x,
 * templated ~8 KB chunks 0.952 -> 0.969 / 0.768 -> 0.860 (this split / swapped) with no cell falling more than 0.003;
 * it is the one factor tried besides 1 (and matching the detector to the others' minimum, as matchedToScale does,
 * which cost documents up to 0.29).
 */
export const LONG_STRETCH: Readonly<Record<string, number>> = { boilerplate: 1.5, templated: 0.5 };

/** `m` with its logit multiplied by `factor` around its median on `reals`. */
export function stretchAroundMedian(m: LogisticModel, reals: Sample[], factor: number): LogisticModel {
  if (factor === 1) return m;
  const median = quantile(
    reals.map((s) => predictLogit(m, s.x)),
    0.5,
  );
  return { ...m, weights: m.weights.map((w) => w * factor), bias: m.bias * factor + (1 - factor) * median };
}

export function stretch(m: LogisticModel, factor: number): LogisticModel {
  return { ...m, weights: m.weights.map((w) => w * factor), bias: m.bias * factor };
}

/** The value at fraction `q` of the sorted values (lower one of a pair). */
export function quantile(values: number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(q * (sorted.length - 1))] as number;
}
