// PDF text layer through pdf.js: pages are read one at a time and released, so memory stays flat on long files.
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { getDocument, type PDFDocumentProxy, type PDFPageProxy } from "pdfjs-dist/legacy/build/pdf.mjs";
import type { TextContent, TextItem } from "pdfjs-dist/types/src/display/api.js";
import type { ArxivStamp } from "../src/arxiv-id.js";
import type { Extraction } from "../src/doc.js";
import { type BackMatter, dropBackMatter } from "./layout/back-matter.js";
import { DocumentLayout } from "./layout/document-layout.js";
import type { FontStyle, PageInput, TextRun } from "./layout/types.js";
import { type Matrix, multiply } from "./matrix.js";
import { type OcrRecognizer, sharedOcrEngine } from "./ocr/ocr-engine.js";
import { ocrQuality, ocrQualityScores } from "./ocr/ocr-quality.js";
import type { OcrMode } from "./ocr/page-decision.js";
import { extractionKind, type StartedPage, startPage } from "./ocr/page-extraction.js";
import { inThreadWorker } from "./pdfjs-port.js";
import { type HiddenBy, visibleText } from "./visible-text.js";

const PDFJS_DIR = dirname(createRequire(import.meta.url).resolve("pdfjs-dist/package.json"));
/** Fonts and CMaps ship inside pdfjs-dist: nothing is fetched at run time. */
const STANDARD_FONTS = `${join(PDFJS_DIR, "standard_fonts")}/`;
const CMAPS = `${join(PDFJS_DIR, "cmaps")}/`;
/** JBIG2/JPX/CCITT decoders in wasm: scanned pages decode natively instead of through the slower JS fallback. */
const WASM = `${join(PDFJS_DIR, "wasm")}/`;

/** In-process OCR (extractPdf called outside the ingest pool): one tesseract.js worker, made on first use. */
const localOcr = sharedOcrEngine({ workers: 1 });

/**
 * Pages read ahead while earlier ones are recognised: enough to keep every OCR worker busy on one long scan, few
 * enough that their rasters (a few MB each) stay small.
 */
const OCR_PAGES_IN_FLIGHT = 8;

export interface PdfHooks {
  /** Called after each page, read or not: the worker pool's sign that a long document is advancing. */
  onPage?: () => void;
  /** Where OCR runs; in-process by default, the pool owner's shared engine in ingest threads. */
  ocr?: () => Promise<OcrRecognizer>;
}

/** pdf.js PermissionFlag.COPY: absent when the author forbids extracting text. */
const PERMISSION_COPY = 16;

export interface PdfOptions {
  maxPages: number;
  copyProtected: "reject" | "extract";
  ocr: OcrMode;
  dropSections: readonly BackMatter[];
}

export type PdfRejectReason = "encrypted" | "damaged" | "too_many_pages" | "extraction_not_permitted" | "no_text";

export interface PdfText {
  text: string;
  title: string | null;
  arxiv: ArxivStamp | null;
  pages: number;
  /** 1-based pages whose content could not be fully parsed; their readable text is kept. */
  damagedPages: number[];
  /** True when pdf.js had to rebuild a broken cross-reference table by scanning the file. */
  xrefRebuilt: boolean;
  /** 1-based pages whose text came from OCR. */
  ocrPages: number[];
  /** How many of the OCR'd pages were skewed scans, turned straight before reading (ocr/deskew.ts). */
  deskewedPages: number;
  extraction: Extraction;
  /** How many pages took their text from where, by reason (`text_layer`, `image_only`, ...). */
  pageReasons: Record<string, number>;
  /** OCR quality scores (`ocr_quality` 0..1 and its components) when any page was OCR'd. */
  scores: Record<string, number>;
  /** Characters of the text layer no reader sees, left out (visible-text.ts), by why. */
  hiddenChars: Partial<Record<HiddenBy, number>>;
}

/**
 * A rejected PDF's `pages` is its page count when known; `pagesRead` how many of them were read before the reject:
 * all of a PDF without text or whose every page is damaged, none of one rejected unread (too many pages, encrypted).
 */
export type PdfResult =
  | { ok: true; value: PdfText }
  | { ok: false; reason: PdfRejectReason; detail: string; pages: number | null; pagesRead: number };

/** Warnings pdf.js prints while it recovers from damage; they are how a damaged page is noticed. */
const DAMAGE_WARNING = /ignoring errors during|FormatError|Invalid stream|bad (?:FCHECK|block)|Unknown compression/i;
const XREF_REBUILT_WARNING = /Indexing all PDF objects/;

/**
 * Opens a PDF as ingest reads it: fonts and CMaps from pdf.js's package, no eval, no system fonts, warnings on (they
 * are how pdf.js says a page was damaged). pdf.js takes `data` (transferred to its worker). A document that fails to
 * open is destroyed at once: its handlers and bytes would otherwise stay on the thread's worker (pdfjs-port.ts),
 * which outlives it.
 */
export async function openPdf(data: Uint8Array): Promise<PDFDocumentProxy> {
  const task = getDocument({
    data,
    isEvalSupported: false,
    standardFontDataUrl: STANDARD_FONTS,
    cMapUrl: CMAPS,
    cMapPacked: true,
    useSystemFonts: false,
    disableFontFace: true,
    wasmUrl: WASM,
    verbosity: 1,
    worker: inThreadWorker(),
  });
  try {
    return await task.promise;
  } catch (error) {
    await task.destroy().catch(() => {});
    throw error;
  }
}

export async function extractPdf(data: Uint8Array, options: PdfOptions, hooks: PdfHooks = {}): Promise<PdfResult> {
  const warnings = captureWarnings();
  let pdf: PDFDocumentProxy | undefined;
  try {
    try {
      pdf = await openPdf(data);
    } catch (error) {
      const name = (error as Error).name;
      if (name === "PasswordException") return reject("encrypted", "a password is required to open it", null);
      return reject("damaged", `pdf.js cannot open it: ${(error as Error).message}`, null);
    }
    const pages = pdf.numPages;
    if (pages > options.maxPages) {
      const limit = `more than the limit of ${options.maxPages} (config ingest.maxPages)`;
      return reject("too_many_pages", `${pages} pages, ${limit}`, pages);
    }
    if (options.copyProtected === "reject") {
      const permissions = await pdf.getPermissions();
      if (permissions && !permissions.includes(PERMISSION_COPY)) {
        const policy = 'config ingest.copyProtected "extract" reads it anyway';
        return reject("extraction_not_permitted", `the PDF's permissions forbid copying its text; ${policy}`, pages);
      }
    }
    // A PDF of no pages is well formed (a generator's empty output): nothing to read, nothing damaged.
    if (pages === 0) return reject("no_text", "the PDF has no pages", 0, 0);
    const layout = new DocumentLayout();
    const damagedPages: number[] = [];
    const ocrPages: number[] = [];
    let deskewedPages = 0;
    const ocrRuns: TextRun[] = [];
    const pageReasons: Record<string, number> = {};
    const hiddenChars: PdfText["hiddenChars"] = {};
    // Pages are read in order (damage warnings belong to the page being read); OCR pages are recognised while the
    // next ones are read, and join the layout in page order.
    const started: { pageNumber: number; page: StartedPage | null; warned: boolean }[] = [];
    const settle = async () => {
      const { pageNumber, page, warned } = started.shift() as (typeof started)[number];
      // A failed recognition leaves the page unreadable, like a page pdf.js cannot parse.
      const input = page && (await page.input.catch(() => null));
      hooks.onPage?.();
      if (!input || warned) damagedPages.push(pageNumber);
      if (!page || !input) return;
      pageReasons[page.decision.reason] = (pageReasons[page.decision.reason] ?? 0) + 1;
      if (page.decision.ocr) {
        ocrPages.push(pageNumber);
        if (page.textLayer) layout.addStampSource(page.textLayer);
        if (input.deskewDegrees !== undefined) deskewedPages++;
        for (const run of input.runs) ocrRuns.push(run);
      }
      layout.addPage(input);
    };
    const ocr = options.ocr === "never" ? null : (hooks.ocr ?? localOcr);
    for (let pageNumber = 1; pageNumber <= pages; pageNumber++) {
      warnings.clear();
      const page = await readPage(pdf, pageNumber, options.ocr, ocr, hiddenChars);
      started.push({ pageNumber, page, warned: warnings.some(DAMAGE_WARNING) });
      if (started.length >= OCR_PAGES_IN_FLIGHT) await settle();
    }
    while (started.length > 0) await settle();
    const laid = layout.finish();
    const result = { ...laid, text: dropBackMatter(laid, options.dropSections) };
    const extraction = extractionKind(ocrPages.length, pages);
    if (result.text.trim() === "") {
      // With OCR off, a scan is no_text too: say so, or the reason reads as if the pages were blank.
      const ocrOff = options.ocr === "never" ? " and OCR is off (--ocr never, config ingest.ocr)" : "";
      // A scan of blank pages was OCR'd: "no text layer" would read as if OCR had not been tried.
      const ocrRead = ocrPages.length > 0 ? `; OCR found no text on ${pageCount(ocrPages.length)} it read` : "";
      const why =
        damagedPages.length === pages ? "no page could be read" : `no page has a text layer${ocrOff}${ocrRead}`;
      return reject(damagedPages.length === pages ? "damaged" : "no_text", why, pages, pages);
    }
    return {
      ok: true,
      value: {
        text: result.text,
        title: result.title,
        arxiv: result.arxiv,
        pages,
        damagedPages,
        xrefRebuilt: warnings.seen(XREF_REBUILT_WARNING),
        ocrPages,
        deskewedPages,
        extraction,
        pageReasons,
        scores: ocrRuns.length > 0 ? ocrQualityScores(ocrQuality(ocrRuns)) : {},
        hiddenChars,
      },
    };
  } finally {
    warnings.restore();
    await pdf?.destroy();
  }
}

/**
 * A page's source decided (and its OCR started); null when pdf.js cannot read the page at all. The characters of
 * text no reader sees are added to `hiddenChars`.
 */
async function readPage(
  pdf: PDFDocumentProxy,
  pageNumber: number,
  mode: OcrMode,
  ocr: (() => Promise<OcrRecognizer>) | null,
  hiddenChars: PdfText["hiddenChars"],
): Promise<StartedPage | null> {
  try {
    const page = await pdf.getPage(pageNumber);
    try {
      const { content, hidden } = visibleText(page, await page.getTextContent());
      for (const [why, chars] of Object.entries(hidden) as [HiddenBy, number][]) {
        hiddenChars[why] = (hiddenChars[why] ?? 0) + chars;
      }
      const viewports = pageViewports(page);
      const shown = viewports[0] as Viewport;
      const textInput = pageInput(pageNumber, viewports, content);
      // OCR reads the page in user space at the size it is shown (page-raster.ts), and an OCR'd page's arXiv stamp
      // is looked for in its text layer there: as drawn, not as placed. On most pages the two are one.
      const drawn =
        shownFrame(shown) === null
          ? textInput
          : { ...textInput, width: shown.width, height: shown.height, runs: textRuns(content, null) };
      return await startPage(pdf, page, { placed: textInput, drawn }, content, { mode, engine: ocr });
    } finally {
      page.cleanup();
    }
  } catch {
    return null;
  }
}

/** A pdf.js viewport at scale 1: the page's size and the matrix from user space to it (y down). */
type Viewport = { width: number; height: number; transform: readonly number[] };

/**
 * The frames pageInput chooses from: the page as shown, and unturned when it is turned (some producers set /Rotate
 * on a page whose text they drew upright).
 */
export function pageViewports(page: PDFPageProxy): Viewport[] {
  const shown = page.getViewport({ scale: 1 });
  return shown.rotation === 0 ? [shown] : [shown, page.getViewport({ scale: 1, rotation: 0 })];
}

/**
 * Converts pdf.js text content into the layout seam's PageInput, placed as a viewer shows the page (the first of
 * `viewports`): turned by its /Rotate and from its box's corner. In user space a landscape page set upright by
 * /Rotate (a wide table, pdflscape) had every line running up the page, read as a margin stamp and lost, and a box
 * that does not start at 0, 0 put its text off the page or in its margins. A turned page whose text runs left to
 * right only unturned (the second viewport: a producer set /Rotate on text it drew upright) is read unturned.
 */
export function pageInput(pageNumber: number, viewports: readonly Viewport[], content: TextContent): PageInput {
  const framed = viewports.map((viewport) => ({ viewport, runs: textRuns(content, shownFrame(viewport)) }));
  const { viewport, runs } = framed.reduce((best, frame) =>
    leftToRightChars(frame.runs) > leftToRightChars(best.runs) ? frame : best,
  );
  const { width, height } = viewport;
  return { pageNumber, width, height, runs, styles: content.styles as Record<string, FontStyle> };
}

/**
 * The page's text runs through `frame` (null: as drawn, in user space). A frame scales as well as turns where the page
 * sets /UserUnit: lengths along the text scale with positions.
 */
function textRuns(content: TextContent, frame: Matrix | null): TextRun[] {
  const scale = frame ? Math.hypot(frame[0], frame[1]) : 1;
  return content.items
    .filter((item): item is TextItem => "str" in item)
    .map((text) => ({
      str: text.str,
      transform: frame ? multiply(frame, text.transform) : text.transform,
      width: text.width * scale,
      height: text.height * scale,
      fontName: text.fontName,
      hasEOL: text.hasEOL,
    }));
}

/** Characters in runs written left to right, as the layout reads lines (page-lines.ts). */
function leftToRightChars(runs: readonly TextRun[]): number {
  let chars = 0;
  for (const { str, transform } of runs) {
    const [a = 0, b = 0] = transform;
    if (a > 0 && Math.abs(b) <= 0.05 * a) chars += str.length;
  }
  return chars;
}

/**
 * The matrix from user space to the page as shown, y up from its bottom-left corner (the viewport's, whose y runs
 * down, turned back), or null where that is user space itself, as on most pages.
 */
function shownFrame(viewport: Viewport): Matrix | null {
  const m = multiply([1, 0, 0, -1, 0, viewport.height], viewport.transform);
  return m[0] === 1 && m[1] === 0 && m[2] === 0 && m[3] === 1 && m[4] === 0 && m[5] === 0 ? null : m;
}

function reject(reason: PdfRejectReason, detail: string, pages: number | null, pagesRead = 0): PdfResult {
  return { ok: false, reason, detail, pages, pagesRead };
}

interface WarningLog {
  clear(): void;
  some(pattern: RegExp): boolean;
  seen(pattern: RegExp): boolean;
  restore(): void;
}

/**
 * pdf.js reports recovered damage only as console warnings. This runs inside an ingest worker thread,
 * one document at a time, so swapping console.warn for the duration of a document is safe there.
 */
function captureWarnings(): WarningLog {
  const original = console.warn;
  let page: string[] = [];
  const all: string[] = [];
  console.warn = (...args: unknown[]) => {
    const line = args.map(String).join(" ");
    page.push(line);
    if (all.length < 1000) all.push(line);
  };
  return {
    clear: () => {
      page = [];
    },
    some: (pattern) => page.some((line) => pattern.test(line)),
    seen: (pattern) => all.some((line) => pattern.test(line)),
    restore: () => {
      console.warn = original;
    },
  };
}

function pageCount(n: number): string {
  return n === 1 ? "the 1 page" : `the ${n} pages`;
}
