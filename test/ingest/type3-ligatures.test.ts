// TeX's ligatures in a Type 3 font without a ToUnicode map (dvips bitmap fonts): pdf.js reads their codes as control
// characters, which were dropped ("coecients", "nally"; pdftotext reads them the same way), or, for OT1's ff, fi and
// fl, as white space ("e ects").
import { beforeAll, describe, expect, it } from "vitest";
import { cleanGlyphs } from "../../ingest/layout/glyphs.js";
import type { extractPdf as ExtractPdf } from "../../ingest/pdf.js";
import { loadPdfjsThread } from "../../ingest/pdfjs-thread.js";
import { type3Pdf } from "../../scripts/fixtures/type3-font.js";

// pdf.js as an ingest thread loads it, with assay's worker edits (this file imports it nowhere else first).
let extractPdf: typeof ExtractPdf;
beforeAll(async () => {
  ({ extractPdf } = await loadPdfjsThread(() => import("../../ingest/pdf.js")));
});

async function textOf(lines: string[]): Promise<string> {
  const result = await extractPdf(type3Pdf(lines), {
    maxPages: 10,
    copyProtected: "extract",
    ocr: "never",
    dropSections: [],
  });
  if (!result.ok) throw new Error(result.detail);
  return result.value.text;
}

describe("ligatures at TeX's control codes", () => {
  it("reads T1 (EC) ligatures, 0x1B-0x1F, from a PDF", async () => {
    expect(await textOf(["\x1Cnally the coe\x1Ecients \x1Ductuate, a sta\x1B of ba\x1Fed \x1Cgures"])).toBe(
      "finally the coefficients fluctuate, a staff of baffled figures",
    );
  });

  it("reads OT1 (Computer Modern) ligatures, 0x0B-0x0F, from a PDF", async () => {
    expect(await textOf(["the \x0Crst e\x0Bect was \x0Dat, e\x0Ecient and ba\x0Fing"])).toBe(
      "the first effect was flat, efficient and baffling",
    );
  });

  it("reads a control code that comes through as a ligature only next to a letter", () => {
    expect(cleanGlyphs("e\x1Bect \x1Cnd")).toBe("effect find");
    expect(cleanGlyphs("end. \x1C Next")).toBe("end.  Next");
    expect(cleanGlyphs("x = 1\x1E2")).toBe("x = 12");
  });
});
