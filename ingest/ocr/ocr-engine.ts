// tesseract.js recognition behind one small API: a pool of wasm workers sized to the cores, created once and
// reused across pages and documents (a worker costs ~0.6 s and ~100 MB to load its model, and its first page ~1.5 s
// more CPU while V8 compiles tesseract's hot wasm functions: not a cost to pay per document). Language data comes
// from npm packages (see language-data.ts; the fast model passes through a temporary folder removed once the workers
// have loaded it), and nothing is cached to disk: no network, no stray files.

import { availableParallelism } from "node:os";
import { createScheduler, createWorker, OEM, type Scheduler } from "tesseract.js";
import type { FontStyle, PageInput, TextRun } from "../layout/types.js";
import { type HocrLine, hocrLines } from "./hocr.js";
import { languageData, type OcrModel } from "./language-data.js";
import { type GrayRaster, toPgm } from "./page-raster.js";

export const OCR_ENGINE_DEFAULTS = {
  workers: availableParallelism(),
  language: "eng",
  /**
   * "fast" (tessdata_fast, native tesseract's model) takes ~0.7x the CPU of `4.0.0_best_int` at the same CER on the
   * scanned set; other languages need `4.0.0_best_int` (@tesseract.js-data/<language>). See scripts/bench/ocr.ts.
   */
  model: "fast" as OcrModel,
  /** Set to read language data from a folder holding `<language>.traineddata` instead (model is then ignored). */
  langPath: null as string | null,
  /** 3 = automatic page segmentation: finds columns; tesseract.js's default reads two columns as one block. */
  pageSegMode: "3",
};
export type OcrEngineOptions = typeof OCR_ENGINE_DEFAULTS;

/** Font name OCR runs carry, so the layout can tell them apart from text-layer runs. */
export const OCR_FONT = "ocr";
const OCR_STYLE: FontStyle = { fontFamily: "sans-serif", ascent: 0.8, descent: -0.2, vertical: false };

/** What a page needs of OCR: its raster in, its words as the layout seam's PageInput out. */
export interface OcrRecognizer {
  recognize(raster: GrayRaster, pageNumber: number, pageWidth: number, pageHeight: number): Promise<PageInput>;
}

export class OcrEngine implements OcrRecognizer {
  private constructor(
    private readonly scheduler: Scheduler,
    readonly workers: number,
  ) {}

  static async create(options: Partial<OcrEngineOptions> = {}): Promise<OcrEngine> {
    const opts = { ...OCR_ENGINE_DEFAULTS, ...options };
    const { langPath, gzip, release } = languageData(opts.language, opts.model, opts.langPath);
    const scheduler = createScheduler();
    const count = Math.max(1, opts.workers);
    const workers = await Promise.all(
      Array.from({ length: count }, async () => {
        const worker = await createWorker(opts.language, OEM.LSTM_ONLY, { langPath, cacheMethod: "none", gzip });
        // debug_file: tesseract's progress chatter ("Estimating resolution ...") would otherwise flood stderr.
        await worker.setParameters({ tessedit_pageseg_mode: opts.pageSegMode as never, debug_file: "/dev/null" });
        return worker;
      }),
    ).finally(release);
    for (const worker of workers) scheduler.addWorker(worker);
    return new OcrEngine(scheduler, count);
  }

  /**
   * OCR one page raster into the layout seam's PageInput: one run per word, in tesseract's reading order, boxes in
   * PDF user space, a trailing space on every word but a line's last (which carries hasEOL), per-word confidence.
   */
  async recognize(raster: GrayRaster, pageNumber: number, pageWidth: number, pageHeight: number): Promise<PageInput> {
    return hocrPageInput(await this.recognizeHocr(toPgm(raster)), raster, pageNumber, pageWidth, pageHeight);
  }

  /** tesseract's hOCR for one PGM image; queued to the first free worker. */
  async recognizeHocr(pgm: Uint8Array): Promise<string> {
    const result = await this.scheduler.addJob("recognize", Buffer.from(pgm), {}, { hocr: true, text: false });
    return result.data.hocr ?? "";
  }

  async close(): Promise<void> {
    await this.scheduler.terminate();
  }
}

/** hOCR of `raster` as the page's PageInput: what recognize() returns, also for hOCR made in another thread. */
export function hocrPageInput(
  hocr: string,
  raster: GrayRaster,
  pageNumber: number,
  pageWidth: number,
  pageHeight: number,
): PageInput {
  const runs: TextRun[] = [];
  for (const line of hocrLines(hocr)) {
    if (meanConfidence(line) >= MIN_LINE_CONFIDENCE) lineRuns(line, raster, runs);
  }
  return { pageNumber, width: pageWidth, height: pageHeight, runs, styles: { [OCR_FONT]: OCR_STYLE } };
}

/** How far (in row heights) the line's baseline may lie below a word's box and still be the word's baseline. */
const BASELINE_BELOW_BOX = 0.5;

/**
 * Lines whose words tesseract itself scores this low on average (0..100) are symbol soup read out of equations,
 * logos and plots ("pla | O)p(d\a,A) ew *a"), not text: they are left out. On the scanned set they are all junk;
 * prose lines, even blurred, score 60 and up.
 */
export const MIN_LINE_CONFIDENCE = 20;

function meanConfidence(line: HocrLine): number {
  let sum = 0;
  for (const word of line.words) sum += word.confidence;
  return line.words.length === 0 ? 0 : sum / line.words.length;
}

function lineRuns(line: HocrLine, raster: GrayRaster, runs: TextRun[]): void {
  const words = line.words.filter((word) => word.text.trim() !== "");
  const { baseline, bbox } = line;
  const sizePx = line.rowHeight ?? bbox.y1 - bbox.y0;
  for (let i = 0; i < words.length; i++) {
    const word = words[i] as (typeof words)[number];
    const next = words[i + 1];
    const x0 = word.bbox.x0;
    // A word's run spans to the next word, as pdf.js spans a word and its following space.
    const x1 = next ? next.bbox.x0 : word.bbox.x1;
    const baseY = baseline ? bbox.y1 + baseline.offset + baseline.slope * (x0 - bbox.x0) : Number.NaN;
    // The baseline is trusted only near the word's box: on vertical text (an arXiv stamp) its slope is nonsense.
    // It may lie below the box: a minus or plus sign floats half an x-height above the line it belongs to.
    const near = baseY > word.bbox.y0 && baseY <= word.bbox.y1 + BASELINE_BELOW_BOX * sizePx;
    const y = Number.isFinite(baseY) && near ? baseY : word.bbox.y1;
    const origin = raster.toUser(x0, y);
    const along = raster.toUser(x1, y);
    const up = raster.toUser(x0, y - sizePx);
    const width = Math.hypot(along[0] - origin[0], along[1] - origin[1]);
    const size = Math.hypot(up[0] - origin[0], up[1] - origin[1]);
    const ux = width > 0 ? (along[0] - origin[0]) / width : 1;
    const uy = width > 0 ? (along[1] - origin[1]) / width : 0;
    runs.push({
      str: next ? `${word.text} ` : word.text,
      transform: [ux * size, uy * size, -uy * size, ux * size, origin[0], origin[1]],
      width,
      height: size,
      fontName: OCR_FONT,
      hasEOL: next === undefined,
      confidence: word.confidence,
    });
  }
}

/**
 * One engine per process, created on first use and reused by every later document. The ingest pool keeps its own,
 * shared by its document threads (remote-ocr.ts); this one serves extractPdf called in-process.
 */
export function sharedOcrEngine(options: Partial<OcrEngineOptions> = {}): () => Promise<OcrEngine> {
  let engine: Promise<OcrEngine> | null = null;
  return () => {
    engine ??= OcrEngine.create(options);
    return engine;
  };
}
