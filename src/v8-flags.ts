// V8 settings every assay process starts with, set before anything compiles what they govern.
import { setFlagsFromString } from "node:v8";

/**
 * Liftoff-compiled wasm functions V8 recompiles with TurboFan once they have run this long (its rough count of bytes
 * executed; V8's default is 1,800,000). At the default, parquet-wasm's functions tiered up in every process that
 * wrote a shard: ~0.5 s of CPU and ~55 MB of memory, a third of a small `assay rank`, and no faster on runs of
 * assay's size (BENCHMARKS.md, 2026-12-07: 1,028 documents ranked, 33 MB filtered). 100x the default still tiers up
 * what runs long: tesseract's OCR took as long as at the default.
 */
export const WASM_TIERING_BUDGET = 180_000_000;

/** V8's own budget, for comparisons (scripts/bench/startup.ts). */
export const V8_DEFAULT_WASM_TIERING_BUDGET = 1_800_000;

/** Sets the budget, unless node was started with one of its own (`node --wasm-tiering-budget=N bin/assay.js`). */
export function setV8Flags(): void {
  if (process.execArgv.some((arg) => arg.startsWith("--wasm-tiering-budget"))) return;
  setFlagsFromString(`--wasm-tiering-budget=${WASM_TIERING_BUDGET}`);
}
