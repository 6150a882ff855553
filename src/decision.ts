// What a filter says about one document: keep it, or drop it with a typed reason. Scores travel either way.
import type { Scores } from "./doc.js";

export type Decision<R extends string = string> =
  | { keep: true; scores: Scores }
  | {
      keep: false;
      reason: R;
      scores: Scores;
      /** What the reason alone does not say (the figure, the limit), kept in the reject's metadata.reject_detail. */
      detail?: string;
    };

/**
 * A pure filter: no I/O, so it runs the same in worker threads, in tests and in `assay score`.
 * `In` is what it reads: a plain Doc, or a view that carries shared tokenization.
 */
export interface Filter<In, R extends string = string> {
  /** Stage name, also the key in `assay score` decisions and the `stage` column of rejects. */
  readonly name: string;
  /** Loads what `decide` needs and is too costly to load with the module (a language model); awaited before it. */
  prepare?(): Promise<void>;
  decide(input: In): Decision<R>;
}
