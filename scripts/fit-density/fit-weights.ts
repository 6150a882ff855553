// Every detector the fit makes: those of each length scale and those of whole documents.
import type { DensityWeights } from "../../filters/density/density.js";
import { fitDocumentDuplicates, fitDocumentNeighbours, fitDocumentParagraphs } from "./document-detectors.js";
import { fitDocumentOrder } from "./document-order.js";
import { fitScales } from "./fit-scales.js";
import type { Sample } from "./samples.js";

/** Every detector fitted on `train`. */
export function fitWeights(train: Sample[]): DensityWeights {
  return {
    scales: fitScales(train),
    documentOrder: fitDocumentOrder(train),
    documentDuplicates: fitDocumentDuplicates(train),
    documentParagraphs: fitDocumentParagraphs(train),
    documentNeighbours: fitDocumentNeighbours(train),
  };
}
