// The ingest worker's task: read one PDF, hash it and extract its text. Runs under WorkerPool limits, in a thread
// started by ingest-worker.ts.
import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import { gunzipSync } from "node:zlib";
import { serveTasks } from "../src/exec/serve-tasks.js";
import { remoteOcr } from "./ocr/remote-ocr.js";
import { extractPdf, type PdfOptions, type PdfResult } from "./pdf.js";

export interface IngestTask {
  path: string;
  gzip: boolean;
  options: PdfOptions;
}

export interface IngestReply {
  bytes: number;
  sha256: string;
  result: PdfResult;
}

/** Cap on a gunzipped PDF: a gzip bomb becomes a reject, not an out-of-memory worker. */
const MAX_GUNZIPPED_BYTES = 1 << 30;

serveTasks<IngestTask, IngestReply>(async ({ path, gzip, options }, context) => {
  const raw = await readFile(path);
  const sha256 = createHash("sha256").update(raw).digest("hex");
  let data: Uint8Array;
  try {
    data = gzip ? gunzipSync(raw, { maxOutputLength: MAX_GUNZIPPED_BYTES }) : raw;
  } catch (error) {
    return {
      bytes: raw.length,
      sha256,
      result: {
        ok: false,
        reason: "damaged",
        detail: `gunzip: ${(error as Error).message}`,
        pages: null,
        pagesRead: 0,
      },
    };
  }
  // pdf.js takes ownership of (detaches) the buffer it is given: hand it a private copy.
  const ocr = remoteOcr(context.request);
  const result = await extractPdf(new Uint8Array(data), options, {
    onPage: context.progress,
    ocr: async () => ocr,
  });
  return { bytes: raw.length, sha256, result };
});
