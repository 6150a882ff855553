// What every document detector's fit shares: family A's whole documents, real papers against some kinds, one
// L2 logistic on a signal of the document, weighted so that both sides count alike.
import type { DocumentSignals } from "../../filters/density/document-reading.js";
import { fitLogistic, type LogisticModel } from "../../filters/density/logistic.js";
import type { Kind } from "./kinds.js";
import type { Sample } from "./samples.js";

/**
 * A logistic on `inputs` of the family-A documents of `train`, real (1) against `against` (0), each input's weight
 * held to the sign `signs` gives it; documents whose inputs are not all finite (too few paragraphs) are left out.
 * Also the real documents' inputs, from which each detector places its zero.
 */
export function fitOnDocuments(
  train: Sample[],
  against: readonly Kind[],
  inputs: (d: DocumentSignals) => number[],
  signs: number[],
): { model: LogisticModel; real: number[][] } {
  const rows = train.filter(
    (s): s is Sample & { document: DocumentSignals } =>
      s.family === "A" &&
      s.unit === "doc" &&
      s.document !== undefined &&
      inputs(s.document).every(Number.isFinite) &&
      (s.kind === "real" || against.includes(s.kind)),
  );
  const real = rows.filter((s) => s.kind === "real").length;
  const model = fitLogistic(
    rows.map((s) => inputs(s.document)),
    rows.map((s) => (s.kind === "real" ? 1 : 0)),
    rows.map((s) => (s.kind === "real" ? 1 : real / (rows.length - real))),
    3,
    25,
    signs,
  );
  return { model, real: rows.filter((s) => s.kind === "real").map((s) => inputs(s.document)) };
}
