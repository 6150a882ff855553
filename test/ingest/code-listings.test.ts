// Code set in a typewriter font keeps its lines and indentation; prose in a typewriter font and URLs do not become
// code. Through pdf.js as an ingest thread loads it: the font's name comes from one of assay's worker edits.
import { beforeAll, describe, expect, it } from "vitest";
import type { extractPdf as ExtractPdf } from "../../ingest/pdf.js";
import { loadPdfjsThread } from "../../ingest/pdfjs-thread.js";
import {
  codeListingPdf,
  LISTING,
  OUTPUT,
  QUOTED_ANSWER,
  SMALL_LISTING,
  TWO_LINE_LISTING,
  URL_FOOTNOTES,
} from "../../scripts/fixtures/code-listing.js";

let text = "";
beforeAll(async () => {
  const { extractPdf } = (await loadPdfjsThread(() => import("../../ingest/pdf.js"))) as {
    extractPdf: typeof ExtractPdf;
  };
  const result = await extractPdf(await codeListingPdf(), {
    maxPages: 10,
    copyProtected: "extract",
    ocr: "never",
    dropSections: [],
  });
  if (!result.ok) throw new Error(result.detail);
  text = result.value.text;
});

describe("code listings", () => {
  it("keeps a listing's lines and indentation, as a paragraph of its own", () => {
    expect(text.split("\n\n")).toContain(LISTING.join("\n"));
  });

  it("keeps a listing set smaller than the text, short lines of few words, and a URL in it as code", () => {
    expect(text.split("\n\n")).toContain(SMALL_LISTING.join("\n"));
  });

  it("keeps a two-line listing whose code reads like a host and path (self.total/self.count) as code", () => {
    expect(text.split("\n\n")).toContain(TWO_LINE_LISTING.join("\n"));
  });

  it("leaves footnotes that are URLs without a scheme out of code", () => {
    for (const url of URL_FOOTNOTES) expect(text).toContain(url);
    // As code, each would keep its own line.
    expect(text).not.toContain(`${URL_FOOTNOTES[0]}\n`);
  });

  it("puts each word of program output at its column, so tables of numbers stay aligned", () => {
    expect(text.split("\n\n")).toContain(OUTPUT.join("\n"));
  });

  it("joins prose set in a typewriter font like any prose", () => {
    expect(text.split("\n\n")).toContain(QUOTED_ANSWER.join(" "));
  });

  it("leaves a URL on its own line in the sentence it ends", () => {
    expect(text).toContain("Our code is at https://example.org/analysis/mean.py");
  });
});
