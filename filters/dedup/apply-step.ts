// Stage 4: the pipeline step that drops duplicates. Docs must arrive in the order stage 1 saw them on this rank;
// every doc of a cluster gets meta.dup_cluster, removed ones go to rejects with the id they duplicate.
import { readFileSync } from "node:fs";
import type { Doc } from "../../src/doc.js";
import { OutputError } from "../../src/pipeline.js";
import type { Step, StepContext } from "../../src/step.js";
import { type ClusterEntry, clustersPath } from "./cluster-stage.js";

export const DUPLICATE_REASON = "duplicate";

/** Stage 4 for one rank of stage 1, reading stage 3's clusters from `dir`. */
export function dedupApplyStep(dir: string, rank: number): Step {
  return {
    name: "dedup",
    scoreNames: [],
    async *run(docs: AsyncIterable<Doc>, ctx: StepContext): AsyncIterable<Doc> {
      const mine = new Map<number, ClusterEntry>();
      for (const line of readFileSync(clustersPath(dir), "utf8").split("\n")) {
        if (!line) continue;
        const entry = JSON.parse(line) as ClusterEntry;
        if (entry.rank === rank) mine.set(entry.doc, entry);
      }
      let i = 0;
      for await (const doc of docs) {
        const entry = mine.get(i++);
        if (entry && entry.id !== doc.id) {
          // The inputs no longer read as they did in stage 1 (changed files, a flaky PDF): refuse to guess.
          throw new OutputError(
            `dedup apply: document ${i - 1} of rank ${rank} is ${doc.id}, stage 1 saw ${entry.id}; rerun all stages`,
          );
        }
        if (entry) {
          doc.meta.dup_cluster = entry.cluster_id;
          if (entry.duplicate_of !== null) {
            // awaited: the runner may apply back-pressure on the reject writer
            await ctx.reject(doc, DUPLICATE_REASON, { duplicateOf: entry.duplicate_of });
            continue;
          }
        }
        yield doc;
      }
    },
  };
}
