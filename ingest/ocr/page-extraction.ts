// One page's text, from its text layer or from OCR, as the layout seam's PageInput; and what a document's pages add
// up to (the extraction kind). startPage is the single call ingest/pdf.ts makes per page.
import type { PDFDocumentProxy, PDFPageProxy } from "pdfjs-dist/legacy/build/pdf.mjs";
import type { TextContent } from "pdfjs-dist/types/src/display/api.js";
import type { Extraction } from "../../src/doc.js";
import type { PageInput } from "../layout/types.js";
import type { OcrRecognizer } from "./ocr-engine.js";
import { decidePageOcr, type OcrMode, type PageDecision, type PageEvidence, pageEvidence } from "./page-decision.js";
import { pageRaster, RASTER_DEFAULTS, type RasterOptions } from "./page-raster.js";

export interface OcrSettings {
  mode: OcrMode;
  /** Called only when a page needs OCR, so text-layer documents never load a model; null disables OCR. */
  engine: (() => Promise<OcrRecognizer>) | null;
  raster?: RasterOptions;
}

export interface PageExtraction {
  input: PageInput;
  decision: PageDecision;
  evidence: PageEvidence;
  /** Where OCR pixels came from; null for text-layer pages. */
  raster: "embedded" | "render" | null;
}

/** A page whose source is decided and, for OCR, rasterised: the pdf.js page can be released; `input` settles later. */
export interface StartedPage extends Omit<PageExtraction, "input"> {
  input: Promise<PageInput>;
  /** An OCR'd page's own text layer, which still holds its arXiv stamp: OCR reads the rotated stamp as debris. */
  textLayer?: PageInput;
}

/**
 * Decides one page and, when it needs OCR, rasterises it and starts recognition without waiting for it, so the
 * next pages can be read while this one is recognised. `text` is the page's text layer (built from `content`) as
 * placed for the layout (the page as shown) and as drawn (user space, at the size shown: the frame OCR reads in).
 * The placed one is kept unchanged when the text layer is kept, and emptied when OCR is wanted but disabled.
 */
export async function startPage(
  pdf: PDFDocumentProxy,
  page: PDFPageProxy,
  text: { placed: PageInput; drawn: PageInput },
  content: TextContent,
  settings: OcrSettings,
): Promise<StartedPage> {
  const evidence = await pageEvidence(page, content);
  const decision = decidePageOcr(evidence, settings.engine ? settings.mode : "never");
  const { placed, drawn } = text;
  if (!decision.ocr) {
    const input = decision.reason === "ocr_disabled" ? { ...placed, runs: [] } : placed;
    return { input: Promise.resolve(input), decision, evidence, raster: null };
  }
  const raster = await pageRaster(pdf, page, settings.raster ?? RASTER_DEFAULTS);
  const engine = await (settings.engine as () => Promise<OcrRecognizer>)();
  const input = engine.recognize(raster, drawn.pageNumber, drawn.width, drawn.height);
  return { input, decision, evidence, raster: raster.source, textLayer: drawn };
}

/** What a document's text as a whole came from, given how many of its pages were OCR'd. */
export function extractionKind(ocrPages: number, pages: number): Extraction {
  return ocrPages === 0 ? "text-layer" : ocrPages === pages ? "ocr" : "mixed";
}
