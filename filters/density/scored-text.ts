// What density scores of a document. Density measures prose: for text that assay's own layout wrote from a PDF, the
// code listings and program output it kept as they were set are left out. They are the only paragraphs of that
// layout with line breaks inside (prose paragraphs are one line each, ingest/layout/document-layout.ts), and their
// line breaks look to the detectors like damage: the lines-read-out-of-order detector put a statistics paper with R
// sessions at -12.4 instead of 0.8. Text from anywhere else (JSON Lines, Parquet without assay's extraction) is
// scored whole, as its line breaks may be wrapping.
import type { Doc } from "../../src/doc.js";

/**
 * Which text of a document density scores, as a version hashed into `density_model`: change it with `scoredText`,
 * so that outputs scored the old way are scored again by `assay rank` instead of being ranked with the new ones.
 * 2: code paragraphs of assay's own extractions left out.
 * 3: texts near a boundary between length scales scored by both scales' detectors, blended (density.ts).
 */
export const SCORED_TEXT_VERSION = 3;

export function scoredText(doc: Doc): string {
  const laidOut =
    doc.meta.extraction === "text-layer" || doc.meta.extraction === "ocr" || doc.meta.extraction === "mixed";
  if (!laidOut || !doc.text.includes("\n")) return doc.text;
  const prose = doc.text
    .split("\n\n")
    .filter((paragraph) => !paragraph.includes("\n"))
    .join("\n\n");
  // A document that is all code is scored as it is: there is no prose to rank it by.
  return prose.trim() === "" ? doc.text : prose;
}
