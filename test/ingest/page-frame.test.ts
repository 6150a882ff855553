// Text placed as a viewer shows the page: a landscape page set upright by /Rotate (its lines drawn up the page in
// user space) and a page box that does not start at 0, 0 were read as margin stamps or margins and lost.
import { degrees, PDFDocument, type PDFPage, StandardFonts } from "pdf-lib";
import type { TextContent } from "pdfjs-dist/types/src/display/api.js";
import { beforeAll, describe, expect, it } from "vitest";
import type { extractPdf as ExtractPdf, pageInput as PageInputOf } from "../../ingest/pdf.js";
import { loadPdfjsThread } from "../../ingest/pdfjs-thread.js";

// pdf.js as an ingest thread loads it, with assay's worker edits (this file imports it nowhere else first).
let extractPdf: typeof ExtractPdf;
let pageInput: typeof PageInputOf;
beforeAll(async () => {
  ({ extractPdf, pageInput } = await loadPdfjsThread(() => import("../../ingest/pdf.js")));
});

const LINES = [
  "We study the convergence of gradient descent on wide networks and show that the",
  "training loss falls at a linear rate once the hidden layer is wide enough, because",
  "the tangent kernel stays close to its value at initialisation throughout training.",
];

/** A one-page PDF of LINES, each drawn by `draw` (its index), on a page `setUp` shapes. */
async function pdf(setUp: (page: PDFPage) => void, draw: (page: PDFPage, line: string, i: number) => void) {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.TimesRoman);
  const page = doc.addPage([612, 792]);
  page.setFont(font);
  page.setFontSize(10);
  setUp(page);
  LINES.forEach((line, i) => draw(page, line, i));
  return doc.save();
}

async function textOf(bytes: Uint8Array): Promise<string> {
  const result = await extractPdf(bytes, { maxPages: 5, copyProtected: "extract", ocr: "never", dropSections: [] });
  if (!result.ok) throw new Error(`${result.reason}: ${result.detail}`);
  return result.value.text;
}

const PARAGRAPH = LINES.join(" ");

describe("text as the page is shown", () => {
  it("reads a landscape page set upright by /Rotate, whichever way it is turned", async () => {
    // A point (X, Y) of the page as shown, up from its bottom-left corner, in user space of a 612 x 792 page turned
    // clockwise by /Rotate; text drawn turned back by as much reads left to right as shown (pdflscape's pages).
    const W = 612;
    const H = 792;
    const userPoint: Record<number, (X: number, Y: number) => [number, number]> = {
      90: (X, Y) => [W - Y, X],
      180: (X, Y) => [W - X, H - Y],
      270: (X, Y) => [Y, H - X],
    };
    for (const turn of [90, 180, 270]) {
      const shownHeight = turn === 180 ? H : W;
      const bytes = await pdf(
        (page) => page.setRotation(degrees(turn)),
        (page, line, i) => {
          const [x, y] = (userPoint[turn] as (X: number, Y: number) => [number, number])(72, shownHeight - 72 - 14 * i);
          page.drawText(line, { x, y, rotate: degrees(turn) });
        },
      );
      expect(await textOf(bytes), `/Rotate ${turn}`).toBe(PARAGRAPH);
    }
  });

  it("reads a page turned by /Rotate whose text its producer drew upright, unturned", async () => {
    const bytes = await pdf(
      (page) => page.setRotation(degrees(90)),
      (page, line, i) => page.drawText(line, { x: 72, y: 700 - 14 * i }),
    );
    expect(await textOf(bytes)).toBe(PARAGRAPH);
  });

  it("reads a page whose box does not start at 0, 0, its first lines included", async () => {
    for (const [x0, y0] of [
      [0, 72],
      [-300, -400],
      [5000, 5000],
    ] as const) {
      const bytes = await pdf(
        (page) => {
          page.setMediaBox(x0, y0, 612, 792);
          page.setCropBox(x0, y0, 612, 792);
        },
        (page, line, i) => page.drawText(line, { x: x0 + 72, y: y0 + 760 - 14 * i }),
      );
      expect(await textOf(bytes), `box at ${x0}, ${y0}`).toBe(PARAGRAPH);
    }
  });

  it("scales a run's length with its position on a page that sets /UserUnit", () => {
    // pdf.js's viewport of a 612 x 792 page at /UserUnit 2: twice the size, y down
    const viewport = { width: 1224, height: 1584, transform: [2, 0, 0, -2, 0, 1584] };
    const item = { str: "prose", transform: [10, 0, 0, 10, 72, 700], width: 100, height: 10, fontName: "f1" };
    const content = { items: [{ ...item, dir: "ltr", hasEOL: false }], styles: {} } as unknown as TextContent;
    const [run] = pageInput(1, [viewport], content).runs;
    expect(run).toMatchObject({ transform: [20, 0, 0, 20, 144, 1400], width: 200, height: 20 });
  });
});
