import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";
import { characterErrorRate } from "../../ingest/ocr/character-error-rate.js";
import { OcrEngine } from "../../ingest/ocr/ocr-engine.js";
import { loadPdfjsThread } from "../../ingest/pdfjs-thread.js";
import { editedWorkerSource } from "../../ingest/pdfjs-worker-edits.js";
import { truthSet } from "../../scripts/fixtures/truth-set.js";

const isNative = (fn: unknown) =>
  typeof fn === "function" && Function.prototype.toString.call(fn).includes("[native code]");

// This file must not import pdf.js before the test runs: the loader can only keep built-ins it sees first.
describe("loadPdfjsThread", () => {
  it("keeps V8's built-ins, keeps pdf.js's additions, drops DecompressionStream, and pdf.js still extracts", async () => {
    const { extractPdf } = await loadPdfjsThread(() => import("../../ingest/pdf.js"));
    expect(isNative(Array.prototype.push)).toBe(true);
    expect(isNative(JSON.parse)).toBe(true);
    expect(isNative(JSON.stringify)).toBe(true);
    expect(typeof (Promise as { withResolvers?: unknown }).withResolvers).toBe("function");
    expect("DecompressionStream" in globalThis).toBe(false);

    const [doc] = await truthSet();
    if (!doc) throw new Error("empty truth set");
    const result = await extractPdf(doc.pdf, {
      maxPages: 100,
      copyProtected: "extract",
      ocr: "never",
      dropSections: [],
    });
    expect(result.ok && result.value.title).toBe(doc.title);
  });
});

describe("pdf.js with assay's worker edits", () => {
  it("applies its edits to the pinned pdfjs-dist", () => {
    const path = createRequire(import.meta.url).resolve("pdfjs-dist/legacy/build/pdf.worker.mjs");
    const edited = editedWorkerSource(readFileSync(path));
    expect(edited.ok ? "applied" : edited.reason).toBe("applied");
  });

  it("still draws text when a page is rendered: OCR of the rendered page reads the typeset text back", async () => {
    // The truth set uses the standard 14 fonts, which pdf.js loads as Type1 programs: the lazily wrapped kind.
    const { extractPdf } = await loadPdfjsThread(() => import("../../ingest/pdf.js"));
    const [doc] = await truthSet();
    if (!doc) throw new Error("empty truth set");
    const engine = await OcrEngine.create({ workers: 2 });
    try {
      const options = { maxPages: 100, copyProtected: "extract", ocr: "always", dropSections: [] } as const;
      const result = await extractPdf(doc.pdf, options, { ocr: async () => engine });
      if (!result.ok) throw new Error(result.detail);
      expect(result.value.extraction).toBe("ocr");
      expect(characterErrorRate(result.value.text, doc.text)).toBeLessThan(0.02);
      // OCR reads the rotated arXiv stamp as debris; the page's own text layer still gives the paper's id
      expect(result.value.arxiv).toMatchObject({ id: "2401.01234", version: 2, category: "cs.CL" });
    } finally {
      await engine.close();
    }
  });
});
