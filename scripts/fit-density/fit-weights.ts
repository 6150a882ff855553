// Every detector the fit makes: those of each length scale and the two of whole documents.
import type { DensityWeights } from "../../filters/density/density.js";
import { fitDocumentDuplicates } from "./document-duplicates.js";
import { fitDocumentOrder } from "./document-order.js";
import { fitScales } from "./fit-scales.js";
import type { Sample } from "./samples.js";

/** Every detector fitted on `train`. */
export function fitWeights(train: Sample[]): DensityWeights {
  return {
    scales: fitScales(train),
    documentOrder: fitDocumentOrder(train),
    documentDuplicates: fitDocumentDuplicates(train),
  };
}
