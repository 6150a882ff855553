// A composite TrueType font without a ToUnicode map: pdf.js (and pdftotext) read each glyph id as a character, so
// a font in the standard glyph order gives every letter shifted ("We study" read ":HVWXG\"). The font program's
// own cmap says which character each glyph draws; ingest reads the text from it.
import { PDFDocument, StandardFonts } from "pdf-lib";
import { beforeAll, describe, expect, it } from "vitest";
import type { OcrMode } from "../../ingest/ocr/page-decision.js";
import type { extractPdf as ExtractPdf, PdfText } from "../../ingest/pdf.js";
import { loadPdfjsThread } from "../../ingest/pdfjs-thread.js";
import { type CidTrueTypeOptions, cidTrueTypePdf } from "../../scripts/fixtures/cid-truetype.js";

// pdf.js as an ingest thread loads it, with assay's worker edits.
let extractPdf: typeof ExtractPdf;
beforeAll(async () => {
  ({ extractPdf } = await loadPdfjsThread(() => import("../../ingest/pdf.js")));
});

const LINES = [
  "We study the convergence of stochastic gradient descent (SGD) on wide networks,",
  "and show that the training loss falls at a linear rate: 0.5% per step in Fig. 3.",
];
const PARAGRAPH = LINES.join(" ");

async function read(options: CidTrueTypeOptions, ocr: OcrMode = "never"): Promise<PdfText> {
  const result = await extractPdf(await cidTrueTypePdf(LINES, options), {
    maxPages: 5,
    copyProtected: "extract",
    ocr,
    dropSections: [],
  });
  if (!result.ok) throw new Error(`${result.reason}: ${result.detail}`);
  return result.value;
}

async function textOf(options: CidTrueTypeOptions = {}): Promise<string> {
  return (await read(options)).text;
}

describe("a composite TrueType font without a ToUnicode map", () => {
  it("is read through the font's own cmap, spaces and punctuation included", async () => {
    expect(await textOf()).toBe(PARAGRAPH);
  });

  it("reads the same as with a ToUnicode map", async () => {
    expect(await textOf({ toUnicode: (c) => c })).toBe(PARAGRAPH);
  });

  it("leaves a ToUnicode map the last word, even where the cmap says otherwise", async () => {
    // A producer may map a glyph to more than the cmap knows (a ligature's letters) or to another character.
    const swapped = (c: string) => (c === "a" ? "o" : c === "o" ? "a" : c);
    expect(await textOf({ toUnicode: swapped })).toBe([...PARAGRAPH].map(swapped).join(""));
  });

  it("leaves a ToUnicode that names the Identity map as pdf.js reads it: codes as characters", async () => {
    // Here the codes are glyph ids, so that reading is garbled letters, and nothing is kept with OCR off.
    const result = await extractPdf(await cidTrueTypePdf(LINES, { identityToUnicode: true }), {
      maxPages: 5,
      copyProtected: "extract",
      ocr: "never",
      dropSections: [],
    });
    expect(result.ok || result.reason).toBe("no_text");
  });

  it("without a cmap in the font, reads the page by OCR: its glyph ids are control codes and shifted letters", async () => {
    const { text, ocrPages, pageReasons } = await read({ withoutCmap: true }, "auto");
    expect(pageReasons).toEqual({ garbage_unmapped: 1 });
    expect(ocrPages).toEqual([1]);
    expect(text).toContain("stochastic gradient descent");
  });
});

describe("a text layer of shifted letters that no map mends", () => {
  // A font not embedded draws glyph ids with a stand-in font: the page shows the shifted letters too, so its text
  // layer is what a Helvetica page of those letters gives. Mostly letters, no control codes: only how the letters
  // follow each other tells it from text.
  async function shiftedPage(): Promise<Uint8Array> {
    const doc = await PDFDocument.create();
    const font = await doc.embedFont(StandardFonts.Helvetica);
    const page = doc.addPage([612, 792]);
    const shifted = (line: string) =>
      [...line].map((c) => (c.charCodeAt(0) - 29 >= 32 ? String.fromCharCode(c.charCodeAt(0) - 29) : "")).join("");
    [...LINES, ...LINES, ...LINES].forEach((line, i) => {
      page.drawText(shifted(line), { x: 72, y: 720 - 14 * i, size: 10, font });
    });
    return doc.save();
  }

  it("is judged garbage, on a born-digital page, and never kept as text", async () => {
    const bytes = await shiftedPage();
    const options = { maxPages: 5, copyProtected: "extract", dropSections: [] } as const;
    // pdf.js takes the bytes it is given (transferred to its worker): each read gets a copy.
    const read = await extractPdf(bytes.slice(), { ...options, ocr: "auto" });
    expect(read.ok && read.value.pageReasons).toEqual({ garbage_letters: 1 });
    const kept = await extractPdf(bytes.slice(), { ...options, ocr: "never" });
    expect(kept.ok || kept.reason).toBe("no_text");
  });
});
