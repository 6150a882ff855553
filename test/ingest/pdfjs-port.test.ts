// pdf.js's in-thread worker port (ingest/pdfjs-port.ts) outlives the documents it serves: a document that fails to
// open must not leave its handlers, and its bytes with them, on it.
import { beforeAll, describe, expect, it } from "vitest";
import type { extractPdf as ExtractPdf } from "../../ingest/pdf.js";
import type { inThreadWorker as InThreadWorker } from "../../ingest/pdfjs-port.js";
import { loadPdfjsThread } from "../../ingest/pdfjs-thread.js";

let extractPdf: typeof ExtractPdf;
let inThreadWorker: typeof InThreadWorker;
beforeAll(async () => {
  ({ extractPdf } = await loadPdfjsThread(() => import("../../ingest/pdf.js")));
  ({ inThreadWorker } = await import("../../ingest/pdfjs-port.js"));
});

type Port = { addEventListener: (...args: never[]) => void; removeEventListener: (...args: never[]) => void };

describe("the thread's pdf.js worker port", () => {
  it("keeps no handlers of documents that failed to open", async () => {
    const port = inThreadWorker()?.port as unknown as Port;
    const live = new Set<unknown>();
    const add = port.addEventListener.bind(port);
    const remove = port.removeEventListener.bind(port);
    port.addEventListener = (...args: never[]) => {
      live.add(args[1]);
      add(...args);
    };
    port.removeEventListener = (...args: never[]) => {
      live.delete(args[1]);
      remove(...args);
    };
    const options = { maxPages: 5, copyProtected: "extract", ocr: "never", dropSections: [] } as const;
    for (let i = 0; i < 5; i++) {
      const result = await extractPdf(new TextEncoder().encode(`%PDF-1.7\n${"not a pdf ".repeat(50)}`), options);
      expect(result.ok || result.reason).toBe("damaged");
    }
    // Before: two listeners (the document's two message handlers) for every failed open.
    expect(live.size).toBe(0);
  });
});
