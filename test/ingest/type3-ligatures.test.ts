// TeX's ligatures in a Type 3 font without a ToUnicode map (dvips bitmap fonts): pdf.js gives their codes through
// as control characters, which were dropped ("coecients", "nally"; pdftotext reads them the same way).
import { describe, expect, it } from "vitest";
import { cleanGlyphs } from "../../ingest/layout/glyphs.js";
import { extractPdf, type PdfOptions } from "../../ingest/pdf.js";
import { type3Pdf } from "../../scripts/fixtures/type3-font.js";

const OPTIONS: PdfOptions = { maxPages: 10, copyProtected: "extract", ocr: "never", dropSections: [] };

async function textOf(lines: string[]): Promise<string> {
  const result = await extractPdf(type3Pdf(lines), OPTIONS);
  if (!result.ok) throw new Error(result.detail);
  return result.value.text;
}

describe("ligatures at TeX's control codes", () => {
  it("reads T1 (EC) ligatures, 0x1B-0x1F, from a PDF", async () => {
    expect(await textOf(["\x1Cnally the coe\x1Ecients \x1Ductuate, a sta\x1B of ba\x1Fed \x1Cgures"])).toBe(
      "finally the coefficients fluctuate, a staff of baffled figures",
    );
  });

  it("reads OT1 (Computer Modern) ffi and ffl, 0x0E-0x0F, from a PDF", async () => {
    // pdf.js reads OT1's ff, fi and fl (0x0B-0x0D: vertical tab, form feed, carriage return) as white space.
    expect(await textOf(["an e\x0Ecient and ba\x0Fing method"])).toBe("an efficient and baffling method");
  });

  it("reads a control code as a ligature only next to a letter", () => {
    expect(cleanGlyphs("e\x1Bect \x1Cnd")).toBe("effect find");
    expect(cleanGlyphs("end. \x1C Next")).toBe("end.  Next");
    expect(cleanGlyphs("x = 1\x1E2")).toBe("x = 12");
  });
});
