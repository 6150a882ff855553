// Character error rate of OCR text against a reference: edit distance over reference length, after normalising what
// neither OCR nor pdftotext gets "wrong" (Unicode compatibility forms, quote and dash styles, line-end hyphenation,
// whitespace). Reading order still counts: text read out of order costs edits, as it costs a reader.
import { editDistance } from "../../src/edit-distance.js";

export function normalizeForCer(text: string): string {
  return text
    .normalize("NFKC")
    .replace(/[\u2018\u2019\u201a\u2032]/g, "'")
    .replace(/[\u201c\u201d\u201e\u2033]/g, '"')
    .replace(/[\u2010-\u2015\u2212]/g, "-")
    .replace(/-[ \t]*\r?\n[ \t]*(?=\S)/g, "")
    .replace(/\s+/g, " ")
    .trim();
}

export function characterErrorRate(hypothesis: string, reference: string): number {
  const ref = normalizeForCer(reference);
  const hyp = normalizeForCer(hypothesis);
  return ref.length === 0 ? (hyp.length === 0 ? 0 : 1) : editDistance(hyp, ref) / ref.length;
}
