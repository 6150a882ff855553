// Loads pdf.js into a thread that exists to run it (an ingest worker), undoing two costs of its legacy build that
// buy nothing in text extraction on Node 20. Profiled over the born-digital corpus, together they were about a
// quarter of the thread's CPU time; the extracted text is byte-identical with and without them.
//
// 1. The bundled core-js polyfills replace V8 built-ins that Node 20 already has with JavaScript versions, for spec
//    corner cases pdf.js never reaches (Array.prototype.push on lengths past 2^53 or frozen lengths, JSON source
//    text access). push alone was the largest self-time entry of the profile: every array pdf.js and the layout
//    build went through it. What the polyfills add (Promise.withResolvers, Map.prototype.getOrInsert, ...) stays.
// 2. When a global DecompressionStream exists, pdf.js inflates every Flate stream through it: in Node a web-stream
//    pipeline over async zlib, with promise hops and a thread-pool round trip per content stream, font and image.
//    Without it pdf.js inflates in-thread with its own decoder (its fallback for streams zlib rejects anyway).

import { importPdfjsWorker } from "./pdfjs-worker-edits.js";

/** Objects whose properties core-js may replace; globalThis is left out (Node defines lazy getters there). */
const INTRINSICS: readonly object[] = [
  Array,
  Array.prototype,
  Object,
  Object.prototype,
  Function.prototype,
  String.prototype,
  Number,
  Math,
  JSON,
  Promise,
  Promise.prototype,
  Map.prototype,
  Set.prototype,
  WeakMap.prototype,
  ArrayBuffer.prototype,
  Object.getPrototypeOf(Uint8Array),
  Object.getPrototypeOf(Uint8Array.prototype),
  Uint8Array,
  Uint8Array.prototype,
  RegExp.prototype,
];

/**
 * Imports pdf.js (display and in-thread worker side) and then `load`, keeping V8's own built-ins where the
 * polyfills replaced them. Call it before anything else in the thread imports pdf.js: built-ins replaced before
 * the call cannot be recovered.
 */
export async function loadPdfjsThread<T>(load: () => Promise<T>): Promise<T> {
  const originals = INTRINSICS.map((target) => {
    const descriptors = new Map<PropertyKey, PropertyDescriptor>();
    for (const key of Reflect.ownKeys(target)) {
      descriptors.set(key, Object.getOwnPropertyDescriptor(target, key) as PropertyDescriptor);
    }
    return { target, descriptors };
  });
  Reflect.deleteProperty(globalThis, "DecompressionStream");
  // The worker side first: it sets globalThis.pdfjsWorker, so getDocument runs it in this thread without a late
  // import (which would install its polyfills again after the restore below).
  await importPdfjsWorker();
  await import("pdfjs-dist/legacy/build/pdf.mjs");
  const loaded = await load();
  for (const { target, descriptors } of originals) {
    for (const [key, original] of descriptors) {
      const now = Object.getOwnPropertyDescriptor(target, key);
      if (now && !(Object.is(now.value, original.value) && now.get === original.get && now.set === original.set)) {
        Object.defineProperty(target, key, original);
      }
    }
  }
  return loaded;
}
