// Ingest worker thread entry: pdf.js is loaded first, through loadPdfjsThread, then the task handler is served.
import { loadPdfjsThread } from "./pdfjs-thread.js";

await loadPdfjsThread(() => import("./ingest-task.js"));
