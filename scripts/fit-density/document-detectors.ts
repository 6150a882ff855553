// The document detectors of one signal each, built as the order detector is (document-order.ts): a logistic on the
// signal, fitted on the fitted half's whole real papers against family-A documents the signal tells, shifted so that
// a chosen value scores 0: added to the chunks' lowest mean (documentLogits), each lowers only documents past it.
// The points are chosen, not fitted: the real papers' tails are too thin to estimate from a half (below).
import {
  documentDuplicatesInputs,
  documentNeighboursInputs,
  documentParagraphsInputs,
} from "../../filters/density/density.js";
import type { DocumentSignals } from "../../filters/density/document-reading.js";
import { type LogisticModel, predictLogit } from "../../filters/density/logistic.js";
import { roundModel } from "./calibration.js";
import { fitOnDocuments } from "./document-fit.js";
import type { Kind } from "./kinds.js";
import type { Sample } from "./samples.js";

/**
 * The share of 12-word prose runs said before from which a document is lowered. Half 0's 33 papers say at most 0.013
 * of their runs again, half 1's pointer-generator paper 0.035: shifted to the fitted half's highest paper (or twice
 * it), the detector lowered that paper and cost model-written documents 0.01-0.03 AUC held out. A paper written out
 * twice says 0.17-0.53 of its runs again.
 */
const DUPLICATED_SHARE = 0.06;

/**
 * Fitted against papers with 10-40% of their sentences said again in a row (family A's "repeated" documents:
 * degenerate decoding). What it is asked to find is farther apart (a paper twice, an abstract between every section):
 * the share does not care how far back the first copy is.
 */
export function fitDocumentDuplicates(train: Sample[]): LogisticModel {
  return fitOneSignal(train, ["repeated"], documentDuplicatesInputs, -1, DUPLICATED_SHARE);
}

/**
 * The paragraph lift below which a document is lowered: the 52 papers' lowest is 1.23, their paragraphs shuffled
 * 0.78-1.35 (median 1.01).
 */
const PARAGRAPH_LIFT = 1.15;

/** Fitted against papers with their sentences shuffled or displaced: their paragraphs are made of any sentences. */
export function fitDocumentParagraphs(train: Sample[]): LogisticModel {
  return fitOneSignal(train, ["shuffled", "displaced"], documentParagraphsInputs, 1, PARAGRAPH_LIFT);
}

/** The sentence lift below which a document is lowered: the 52 papers' lowest is 0.96. */
const NEIGHBOUR_LIFT = 0.8;

/** Fitted against papers with their sentences shuffled or displaced: a paragraph's sentences come from anywhere. */
export function fitDocumentNeighbours(train: Sample[]): LogisticModel {
  return fitOneSignal(train, ["shuffled", "displaced"], documentNeighboursInputs, 1, NEIGHBOUR_LIFT);
}

function fitOneSignal(
  train: Sample[],
  against: readonly Kind[],
  inputs: (d: DocumentSignals) => number[],
  sign: 1 | -1,
  zeroAt: number,
): LogisticModel {
  const { model } = fitOnDocuments(train, against, inputs, [sign]);
  return roundModel({ ...model, bias: model.bias - predictLogit(model, [zeroAt]) });
}
