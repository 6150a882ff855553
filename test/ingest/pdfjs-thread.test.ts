import { describe, expect, it } from "vitest";
import { loadPdfjsThread } from "../../ingest/pdfjs-thread.js";
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
