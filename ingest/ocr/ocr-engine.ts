// tesseract.js recognition behind one small API: a pool of wasm workers sized to the cores, created once and
// reused across pages and documents (a worker costs ~0.6 s and ~100 MB to load its model, and its first page ~1.5 s
// more CPU while V8 compiles tesseract's hot wasm functions: not a cost to pay per document). Language data comes
// from npm packages (see language-data.ts; the fast model passes through a temporary folder removed once the workers
// have loaded it), and nothing is cached to disk: no network, no stray files.

import { availableParallelism } from "node:os";
import { createScheduler, createWorker, OEM, type Scheduler } from "tesseract.js";
import type { PageInput } from "../layout/types.js";
import { languageData, type OcrModel } from "./language-data.js";
import { uprightPageInput } from "./orientation.js";
import type { GrayRaster } from "./page-raster.js";

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
   * A skewed scan is turned straight first (deskew.ts), and one lying sideways or upside down upright (orientation.ts).
   */
  async recognize(raster: GrayRaster, pageNumber: number, pageWidth: number, pageHeight: number): Promise<PageInput> {
    return uprightPageInput(raster, pageNumber, pageWidth, pageHeight, (pgm) => this.recognizeHocr(pgm));
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
