// The document duplication detector (DensityWeights.documentDuplicates): the share of a document's 12-word runs said
// before in it, fitted on whole real papers against the same papers with sentences said again in a row (family A's
// "repeated" documents: degenerate decoding). What it is asked to find is farther apart (a paper twice, an abstract
// between every section): the measure does not care how far back the first copy is.
import { documentDuplicatesInputs } from "../../filters/density/density.js";
import type { DocumentSignals } from "../../filters/density/document-reading.js";
import { fitLogistic, type LogisticModel, predictLogit } from "../../filters/density/logistic.js";
import { roundModel } from "./calibration.js";
import type { Sample } from "./samples.js";

/**
 * The share of runs said before from which the detector lowers a document: chosen, not fitted. The real papers' tail
 * is too thin to estimate from a half: half 0's 33 papers say at most 0.013 of their runs again, half 1's pointer-
 * generator paper 0.034, and shifted to the fitted half's highest paper (or twice it) the detector lowered that paper
 * and cost model-written documents 0.01-0.03 AUC held out. A paper twice says 0.17-0.53 of its runs again.
 */
const DUPLICATED_SHARE = 0.06;

/**
 * Fitted on the family-A documents of `train`, then shifted so that a document saying DUPLICATED_SHARE of its runs
 * again scores 0: added to the chunks' lowest logit (documentLogits), it lowers only documents above that share.
 */

export function fitDocumentDuplicates(train: Sample[]): LogisticModel {
  const rows = train.filter(
    (s): s is Sample & { document: DocumentSignals } =>
      s.family === "A" && s.unit === "doc" && s.document !== undefined && (s.kind === "real" || s.kind === "repeated"),
  );
  const real = rows.filter((s) => s.kind === "real");
  const m = fitLogistic(
    rows.map((s) => documentDuplicatesInputs(s.document)),
    rows.map((s) => (s.kind === "real" ? 1 : 0)),
    rows.map((s) => (s.kind === "real" ? 1 : real.length / (rows.length - real.length))),
    3,
    25,
    [-1],
  );
  const shift = predictLogit(m, [DUPLICATED_SHARE]);
  return roundModel({ ...m, bias: m.bias - shift });
}
