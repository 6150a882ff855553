// A pipeline step: an async stream in, an async stream of documents out. Drops go through ctx.reject.
import type { Doc } from "./doc.js";

export interface RejectOptions {
  /** For duplicates: the id of the document this one duplicates. */
  duplicateOf?: string;
}

export interface StepContext {
  readonly rank: number;
  readonly worldSize: number;
  /** Routes a dropped document to rejects/ with this step's name as `stage`; await it to keep memory bounded. */
  reject(doc: Doc, reason: string, options?: RejectOptions): Promise<void>;
  /** Adds to a named counter in this step's stats (e.g. `ocr_pages`, `page_reason:no_text_layer`). */
  count(counter: string, by?: number): void;
  /**
   * Adds to the pages read of documents not finished yet (less once they finish): for the progress line, where a
   * 300-page scan would otherwise show nothing for minutes; never written to stats.json.
   */
  pagesInProgress?(by: number): void;
  /**
   * A folder of this step's own on this rank that outlives a killed run and is removed once the rank completes: what
   * the step saves there as it goes lets a rerun into the same --out skip the work already done (ingest: its PDFs'
   * extractions). Absent outside a pipeline run, where nothing is resumed.
   */
  readonly resumeDir?: string;
}

/** `In` is Doc for every step but the first, which turns input files into documents. */
export interface Step<In = Doc> {
  readonly name: string;
  /** Score columns this step may add: shards declare them up front so every shard has one schema. */
  readonly scoreNames: readonly string[];
  /**
   * A digest of what the step decides from besides the config and the inputs (dedup: this rank's clusters). A rank
   * completed with another fingerprint is run again instead of resumed.
   */
  readonly fingerprint?: string;
  run(input: AsyncIterable<In>, ctx: StepContext): AsyncIterable<Doc>;
}
