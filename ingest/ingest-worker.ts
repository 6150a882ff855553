// Ingest worker thread entry: pdf.js is loaded first, through loadPdfjsThread, then the task handler is served.
import { loadPdfjsThread } from "./pdfjs-thread.js";

/**
 * pdf.js leaves some promises of a damaged file unawaited (a prefetch that meets a bad xref entry). Their rejection
 * can come after the file has its outcome, from the calls that were awaited and failed with the same error; unhandled,
 * it ended the thread while it read the next file, which was rejected as worker_crash though it reads whole alone.
 * pdf.js's own errors are let go; any other still ends the thread.
 */
const isPdfjsError = (reason: unknown) =>
  reason instanceof Error && (/Exception$/.test(reason.name) || reason.name === "FormatError");

process.on("unhandledRejection", (reason) => {
  if (!isPdfjsError(reason)) throw reason;
});

await loadPdfjsThread(() => import("./ingest-task.js"));
