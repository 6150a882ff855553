// An index or table of contents of short entries is mostly leader dots: read from its text layer, never OCR'd. Such
// pages were taken for symbol soup and OCR'd, and the OCR of their dots, the only OCR text in the document, made a
// 36-page manual with a clean text layer (GNU libtasn1's) an `ocr_low_quality` reject.
import { PDFDocument, StandardFonts } from "pdf-lib";
import { beforeAll, describe, expect, it } from "vitest";
import type { extractPdf as ExtractPdf } from "../../ingest/pdf.js";
import { loadPdfjsThread } from "../../ingest/pdfjs-thread.js";

let extractPdf: typeof ExtractPdf;
beforeAll(async () => {
  ({ extractPdf } = await loadPdfjsThread(() => import("../../ingest/pdf.js")));
});

const ENTRIES = ["asn1_array2tree", "asn1_bit_der", "asn1_copy_node", "asn1_der_coding", "asn1_find_node"];

/** A page of prose, then an index page: each entry, a row of leader dots, its page number. */
async function pdfWithIndex(): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.TimesRoman);
  const prose = doc.addPage([612, 792]);
  prose.drawText("The library encodes and decodes ASN.1 structures in DER.", { x: 72, y: 700, size: 11, font });
  const index = doc.addPage([612, 792]);
  index.drawText("Function Index", { x: 72, y: 720, size: 14, font });
  ENTRIES.forEach((entry, i) => {
    index.drawText(`${entry} ${". ".repeat(40)}${i + 9}`, { x: 72, y: 690 - i * 14, size: 10, font });
  });
  return doc.save();
}

describe("index pages", () => {
  it("reads an index page of leader dots from its text layer, with OCR on", async () => {
    const result = await extractPdf(
      await pdfWithIndex(),
      { maxPages: 10, copyProtected: "extract", ocr: "auto", dropSections: [] },
      {
        ocr: async () => {
          throw new Error("no page of this PDF needs OCR");
        },
      },
    );
    if (!result.ok) throw new Error(result.detail);
    expect(result.value.pageReasons).toEqual({ text_layer: 2 });
    expect(result.value.ocrPages).toEqual([]);
    expect(result.value.damagedPages).toEqual([]);
    expect(result.value.extraction).toBe("text-layer");
    for (const entry of ENTRIES) expect(result.value.text).toContain(entry);
  });
});
