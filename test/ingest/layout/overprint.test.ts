// Text drawn twice over itself (fake bold, \pmb, a PDF OCR'd twice) reads once; the same words elsewhere stay.
import { PDFDocument, StandardFonts } from "pdf-lib";
import { describe, expect, it } from "vitest";
import { DocumentLayout } from "../../../ingest/layout/document-layout.js";
import { withoutOverprints } from "../../../ingest/layout/overprint.js";
import type { Piece } from "../../../ingest/layout/page-lines.js";
import { pageInputs } from "../../../scripts/fixtures/page-inputs.js";

function piece(str: string, x0: number, y: number, size = 10): Piece {
  return { str, x0, x1: x0 + 0.5 * size * str.length, y, size, recognized: false, typewriter: false };
}

describe("withoutOverprints", () => {
  it("drops a copy drawn a fraction of an em away and keeps the same string anywhere else", () => {
    const first = piece("1 Introduction", 72, 700, 12);
    const kept = [
      first,
      piece("1 Introduction", 72, 688, 12), // the next line
      piece("1 Introduction", 320, 700, 12), // the other column
      piece("1 Introduction", 72.2, 700.1, 7), // another size: a label over a heading is not a copy of it
    ];
    expect(withoutOverprints([first, piece("1 Introduction", 72.4, 700, 12), ...kept.slice(1)])).toEqual(kept);
  });
});

describe("a page with overprinted text", () => {
  it("reads each heading and line once", async () => {
    const doc = await PDFDocument.create();
    const roman = await doc.embedFont(StandardFonts.TimesRoman);
    const bold = await doc.embedFont(StandardFonts.TimesRomanBold);
    const page = doc.addPage([612, 792]);
    const body = [
      "We study how representations are learned from data, and we show that the method works.",
      "The result holds because the bound is tight, hence the estimator is consistent here.",
    ];
    // Fake bold: the heading three times, 0.3 pt apart.
    for (const dx of [0, 0.3, 0.6]) page.drawText("1 Introduction", { x: 72 + dx, y: 700, size: 12, font: bold });
    body.forEach((line, i) => {
      // A second text layer with the same words at the same place.
      for (let copy = 0; copy < 2; copy++) page.drawText(line, { x: 72, y: 680 - i * 12, size: 10, font: roman });
    });
    const layout = new DocumentLayout();
    for await (const input of pageInputs(await doc.save())) layout.addPage(input);
    expect(layout.finish().text).toBe(`1 Introduction\n\n${body.join(" ")}`);
  });
});
