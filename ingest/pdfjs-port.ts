// pdf.js run in an ingest thread talks to its worker side, in the same thread, through a port that structured-clones
// every message as a real worker's would (pdf.js's LoopbackPort). Text content is most of what passes, and cloning
// its chunks cost a tenth or more of an ingest thread's CPU over the born-digital corpus, with garbage to match. The
// worker side builds each chunk's items afresh and never touches them again (after sending a chunk it starts new
// arrays: `textContent.items = []`), and the main side only reads them, so a chunk crosses as a shallow copy, as do
// messages of primitives only; every other message is cloned as LoopbackPort clones it.
import type { TransferListItem } from "node:worker_threads";
import { PDFWorker } from "pdfjs-dist/legacy/build/pdf.mjs";

type Listener = (event: { data: unknown }) => void;

/** pdf.js's message for one chunk of a stream (MessageHandler's StreamKind.ENQUEUE). */
const ENQUEUE = 4;

function isTextChunk(message: unknown): message is { chunk: object } {
  const { stream, chunk } = (message ?? {}) as { stream?: unknown; chunk?: { items?: unknown; styles?: unknown } };
  return stream === ENQUEUE && Array.isArray(chunk?.items) && typeof chunk?.styles === "object";
}

/** A message of primitives only (a stream's pull and its answer, thousands a document): a copy is its clone. */
function isFlat(message: unknown): message is object {
  if (typeof message !== "object" || message === null || Object.getPrototypeOf(message) !== Object.prototype)
    return false;
  for (const key in message) {
    const value = (message as Record<string, unknown>)[key];
    if (typeof value === "object" ? value !== null : typeof value === "function" || typeof value === "symbol")
      return false;
  }
  return true;
}

/**
 * LoopbackPort's behaviour (listeners called on a later microtask, in order), but text chunks and messages of
 * primitives cross as shallow copies.
 */
class TextSharingPort {
  readonly #listeners = new Map<Listener, (() => void) | null>();
  readonly #deferred = Promise.resolve();

  postMessage(message: unknown, transfer?: TransferListItem[]): void {
    const data = isTextChunk(message)
      ? { ...message, chunk: { ...message.chunk } }
      : isFlat(message)
        ? { ...message }
        : structuredClone(message, transfer ? { transfer } : undefined);
    this.#deferred.then(() => {
      for (const listener of this.#listeners.keys()) listener.call(this, { data });
    });
  }

  addEventListener(_name: string, listener: Listener, options?: { signal?: AbortSignal }): void {
    const signal = options?.signal;
    if (signal?.aborted) return;
    let stopListening: (() => void) | null = null;
    if (signal) {
      const onAbort = () => this.removeEventListener(_name, listener);
      signal.addEventListener("abort", onAbort);
      stopListening = () => signal.removeEventListener("abort", onAbort);
    }
    this.#listeners.set(listener, stopListening);
  }

  removeEventListener(_name: string, listener: Listener): void {
    this.#listeners.get(listener)?.();
    this.#listeners.delete(listener);
  }

  terminate(): void {
    for (const stopListening of this.#listeners.values()) stopListening?.();
    this.#listeners.clear();
  }
}

type WorkerSide = { WorkerMessageHandler: { initializeFromPort(port: TextSharingPort): void } };

let threadWorker: PDFWorker | undefined;

/**
 * The thread's pdf.js worker over a TextSharingPort, made on first use, for every document the thread opens (as a
 * worker thread of its own would serve them all); undefined where pdf.js's worker side is not loaded in this thread
 * (pdfjs-thread.ts loads it), and pdf.js sets up its own.
 */
export function inThreadWorker(): PDFWorker | undefined {
  const side = (globalThis as { pdfjsWorker?: WorkerSide }).pdfjsWorker;
  if (!side) return undefined;
  if (!threadWorker) {
    const port = new TextSharingPort();
    side.WorkerMessageHandler.initializeFromPort(port);
    // Typed as taking no port (its declaration file's JSDoc), though it takes one: a real worker or any port like it.
    threadWorker = new PDFWorker({ port: port as unknown as null });
  }
  return threadWorker;
}
