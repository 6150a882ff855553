// A pipeline step: an async stream of documents in, an async stream out. Drops go through ctx.reject.
import type { Doc } from "./doc.js";

export interface RejectOptions {
  /** For duplicates: the id of the document this one duplicates. */
  duplicateOf?: string;
}

export interface StepContext {
  readonly rank: number;
  readonly worldSize: number;
  /** Route a dropped document to rejects/ with this step's name as `stage`. */
  reject(doc: Doc, reason: string, options?: RejectOptions): void;
}

export interface Step {
  readonly name: string;
  /** Score columns this step may add: shards declare them up front so every shard has one schema. */
  readonly scoreNames: readonly string[];
  run(docs: AsyncIterable<Doc>, ctx: StepContext): AsyncIterable<Doc>;
}
