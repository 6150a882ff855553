// A corpus scan page skewed in code by a few degrees must read as the page does straight: without deskew, tesseract
// cut its two columns into slanted fragments and the layout interleaved them (CER 0.71 against the straight reading).
import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { getDocument } from "pdfjs-dist/legacy/build/pdf.mjs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DocumentLayout } from "../../../ingest/layout/document-layout.js";
import type { PageInput } from "../../../ingest/layout/types.js";
import { characterErrorRate, normalizeForCer } from "../../../ingest/ocr/character-error-rate.js";
import { DESKEW_DEFAULTS, deskewed, rotateRaster, skewDegrees } from "../../../ingest/ocr/deskew.js";
import { hocrPageInput } from "../../../ingest/ocr/hocr-runs.js";
import { OcrEngine } from "../../../ingest/ocr/ocr-engine.js";
import { turnRaster } from "../../../ingest/ocr/orientation.js";
import { type GrayRaster, pageRaster } from "../../../ingest/ocr/page-raster.js";
import { toPgm } from "../../../ingest/ocr/pgm.js";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "../../..");
const SCANNED = join(ROOT, "../shared/corpus/pdf/scanned");
const WASM = `${join(ROOT, "node_modules/pdfjs-dist/wasm")}/`;
// Two columns under a full-width title, and an arXiv stamp in the left margin; the scan lies 0.32° clockwise.
const FILE = join(SCANNED, "scan-03_arxiv-1810.04805v1_bert_mild.pdf");
const SCAN_SKEW = 0.32;
if (!existsSync(FILE)) console.warn(`skipping skewed-scan tests: ${FILE} is absent`);

/** The page's text as ingest lays it out. */
function laidOut(input: PageInput): string {
  const layout = new DocumentLayout();
  layout.addPage(input);
  return layout.finish().text;
}

describe.skipIf(!existsSync(FILE))("a scan page skewed by a few degrees", () => {
  let raster: GrayRaster;
  let size: [number, number];
  beforeAll(async () => {
    const pdf = await getDocument({ data: new Uint8Array(readFileSync(FILE)), wasmUrl: WASM, verbosity: 0 }).promise;
    try {
      const page = await pdf.getPage(1);
      const { width, height } = page.getViewport({ scale: 1 });
      size = [width, height];
      raster = await pageRaster(pdf, page);
    } finally {
      await pdf.destroy();
    }
  });

  it("has its skew found within 0.1° either way, and none once turned straight", () => {
    expect(Math.abs(skewDegrees(raster) - SCAN_SKEW)).toBeLessThanOrEqual(0.1);
    for (const degrees of [-4, -2.5, -1, 1, 2.5, 4]) {
      expect(Math.abs(skewDegrees(rotateRaster(raster, degrees)) - (SCAN_SKEW + degrees))).toBeLessThanOrEqual(0.1);
    }
    expect(skewDegrees(deskewed(rotateRaster(raster, 2.5)).raster)).toBe(0);
    // Under minDegrees a page is left alone: the same raster, not a resampled copy.
    const slight = rotateRaster(raster, DESKEW_DEFAULTS.minDegrees / 2 - SCAN_SKEW);
    expect(deskewed(slight).raster).toBe(slight);
  });

  it("is a blank page's none", () => {
    const blank = { ...raster, gray: new Uint8Array(raster.gray.length).fill(255) };
    expect(skewDegrees(blank)).toBe(0);
    expect(deskewed(blank).raster).toBe(blank);
  });

  describe("read by OCR", () => {
    let engine: OcrEngine;
    beforeAll(async () => {
      engine = await OcrEngine.create({ workers: 2 });
    });
    afterAll(async () => {
      await engine?.close();
    });

    it("turned 2.5° clockwise, reads as the straight page does, its lines straight across the page", async () => {
      const [width, height] = size;
      const skewed = rotateRaster(raster, 2.5);
      const [straight, asItLies, read] = await Promise.all([
        engine.recognize(raster, 1, width, height),
        engine.recognizeHocr(toPgm(skewed)).then((hocr) => hocrPageInput(hocr, skewed, 1, width, height)),
        engine.recognize(skewed, 1, width, height),
      ]);
      const straightText = laidOut(straight);
      // What deskew is for: read as it lies, the page's columns come out in fragments.
      expect(characterErrorRate(laidOut(asItLies), straightText)).toBeGreaterThan(0.3);
      const text = laidOut(read);
      expect(characterErrorRate(text, straightText)).toBeLessThanOrEqual(0.02);
      expect(normalizeForCer(text).length).toBeGreaterThanOrEqual(0.98 * normalizeForCer(straightText).length);
      // Words land in the page's straight frame: runs level (a 2.5° slope is 0.044), inside the page box.
      const slopes = read.runs.map((run) => Math.abs((run.transform[1] as number) / (run.transform[0] as number)));
      const level = slopes.filter((slope) => slope < 0.01).length;
      expect(level / slopes.length).toBeGreaterThan(0.9);
      for (const run of read.runs) {
        expect(run.transform[4]).toBeGreaterThanOrEqual(0);
        expect((run.transform[4] as number) + run.width).toBeLessThanOrEqual(width + 1);
        expect(run.transform[5]).toBeGreaterThanOrEqual(0);
        expect(run.transform[5]).toBeLessThanOrEqual(height);
      }
    });

    it("lying sideways too, reads as the straight page does: the profile finds the skew of the sideways page", async () => {
      const [width, height] = size;
      // Skewed 2.5° clockwise, then fed turned a quarter counter-clockwise: a landscape page.
      const sideways = turnRaster(rotateRaster(raster, 2.5), 270, width, height);
      const [straight, read] = await Promise.all([
        engine.recognize(raster, 1, width, height),
        engine.recognize(sideways, 1, height, width),
      ]);
      expect(characterErrorRate(laidOut(read), laidOut(straight))).toBeLessThanOrEqual(0.02);
    });
  });
});
