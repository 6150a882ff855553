// OCR shared by every ingest thread: the thread sends a page's PGM to the pool's owner, whose one engine (tesseract
// workers sized to --workers, reused across documents) answers with hOCR, turned into runs beside the raster. Pages
// of one long scan can then use every core, and the OCR threads never outnumber the cores.
import type { TaskContext } from "../../src/exec/serve-tasks.js";
import type { OcrEngine, OcrRecognizer } from "./ocr-engine.js";
import { uprightPageInput } from "./orientation.js";

interface OcrRequest {
  pgm: Uint8Array;
}

/** The worker's side: recognition through the owner's engine. */
export function remoteOcr(request: TaskContext["request"]): OcrRecognizer {
  return {
    async recognize(raster, pageNumber, pageWidth, pageHeight) {
      const hocrOf = async (pgm: Uint8Array) =>
        (await request({ pgm } satisfies OcrRequest, [pgm.buffer as ArrayBuffer])) as string;
      return uprightPageInput(raster, pageNumber, pageWidth, pageHeight, hocrOf);
    },
  };
}

/** The owner's side, for WorkerPool's `serve`: hOCR for each request, from the engine made on first use. */
export function ocrService(engine: () => Promise<OcrEngine>): (payload: unknown) => Promise<string> {
  return async (payload) => (await engine()).recognizeHocr((payload as OcrRequest).pgm);
}
