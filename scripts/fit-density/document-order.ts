// The document order detector (DensityWeights.documentOrder): a document's order over all its chunks, fitted on
// whole real papers against the same papers with their sentences shuffled or displaced.
import { documentOrderInputs } from "../../filters/density/density.js";
import { type LogisticModel, predictLogit } from "../../filters/density/logistic.js";
import { quantile, roundModel } from "./calibration.js";
import { fitOnDocuments } from "./document-fit.js";
import type { Kind } from "./kinds.js";
import type { Sample } from "./samples.js";

/** What the order detector is fitted against: whole documents whose order, and nothing else, is broken. */
const ORDER_KINDS: readonly Kind[] = ["shuffled", "displaced"];

/** Given-new is evidence (real papers have more); the other three are penalties. */
const ORDER_SIGNS = [1, -1, -1, -1];

/**
 * What a logit of the order detector weighs against a logit of the chunks' (documentLogits adds the two). Its tail on
 * real papers is long and depends on which papers it was fitted on: a paper whose layout puts figure captions out of
 * turn, or one that names its tables ahead, reads as disordered. At full weight, held-out documents of model-written
 * papers fell up to 0.1 AUC on one split, below real papers the detector took for disordered.
 */
const ORDER_WEIGHT = 0.25;

/**
 * The share of real papers it was fitted on that the order detector may lower. Shifted to the lowest of them instead,
 * one paper far below the rest (the fitted half's or all 52 papers' PaLM) set the shift, and reversed papers gained
 * 0.03 AUC where the tenth part gains 0.16-0.19 (docs/density.md, "A document's order").
 */
const LOWERED_REAL = 0.1;

/**
 * Fitted on the family-A documents of `train`, then shifted so that all but LOWERED_REAL of the real papers score 0
 * or more and scaled by ORDER_WEIGHT: the detector is added to the chunks' lowest logit (documentLogits), so it lowers
 * a document only when its order is unlike nine real papers in ten.
 */
export function fitDocumentOrder(train: Sample[]): LogisticModel {
  const { model: m, real } = fitOnDocuments(train, ORDER_KINDS, (d) => documentOrderInputs(d.order), ORDER_SIGNS);
  const shift = quantile(
    real.map((x) => predictLogit(m, x)),
    LOWERED_REAL,
  );
  return roundModel({
    ...m,
    weights: m.weights.map((w) => w * ORDER_WEIGHT),
    bias: (m.bias - shift) * ORDER_WEIGHT,
  });
}
