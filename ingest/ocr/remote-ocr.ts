// OCR shared by every ingest thread: the thread sends a page's PGM to the pool's owner, whose one engine (tesseract
// workers sized to --workers, reused across documents) answers with hOCR, turned into runs beside the raster. Pages
// of one long scan can then use every core, and the OCR threads never outnumber the cores.
import type { TaskContext } from "../../src/exec/serve-tasks.js";
import { hocrPageInput } from "./hocr-runs.js";
import type { OcrEngine, OcrRecognizer } from "./ocr-engine.js";
import { toPgm } from "./pgm.js";

interface OcrRequest {
  pgm: Uint8Array;
}

/** The worker's side: recognition through the owner's engine. */
export function remoteOcr(request: TaskContext["request"]): OcrRecognizer {
  return {
    async recognize(raster, pageNumber, pageWidth, pageHeight) {
      const pgm = toPgm(raster);
      const hocr = await request({ pgm } satisfies OcrRequest, [pgm.buffer as ArrayBuffer]);
      return hocrPageInput(hocr as string, raster, pageNumber, pageWidth, pageHeight);
    },
  };
}

/** The owner's side, for WorkerPool's `serve`: hOCR for each request, from the engine made on first use. */
export function ocrService(engine: () => Promise<OcrEngine>): (payload: unknown) => Promise<string> {
  return async (payload) => (await engine()).recognizeHocr((payload as OcrRequest).pgm);
}
