// Stage 4: the pipeline step that drops duplicates. Docs must arrive in the order stage 1 saw them on this rank;
// every doc of a cluster gets meta.dup_cluster, removed ones go to rejects with the id they duplicate. A kept doc
// that replaces published docs (`--index`, cluster-stage.ts) counts them in the step's `superseded` counter. A doc whose
// id a lower rank's doc has goes to rejects as duplicate_id (repeated-ids.ts).
import { createHash } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { OutputError } from "../../src/io/atomic.js";
import { InputError } from "../../src/io/inputs.js";
import { DUPLICATE_ID } from "../../src/seen-ids.js";
import type { Step } from "../../src/step.js";
import { DENSITY_SCORES, setDensityScores } from "../density/density.js";
import { type ClusterEntry, clusteredStamp, clustersPath } from "./cluster-stage.js";
import { rankDir, requireSignatures } from "./dedup-run.js";
import { readDocRecords, sourceStamp } from "./signature-store.js";

export const DUPLICATE_REASON = "duplicate";

/**
 * Stage 4 for one rank of stage 1, reading stage 3's clusters from `dir`. Refused up front when the rank's
 * signatures were written again after the clusters were made (its inputs changed, and stages 2-3 did not run
 * again); its fingerprint is this rank's decisions, so a rank completed with other ones runs again.
 */
export function dedupApplyStep(dir: string, rank: number): Step {
  const signatures = rankDir(dir, rank);
  if (!existsSync(clustersPath(dir))) throw new InputError(`no clusters in ${dir}: run --stage clusters first`);
  requireSignatures(dir, [rank]);
  const stamp = sourceStamp(signatures);
  if (clusteredStamp(dir, rank) !== stamp)
    throw new InputError(
      `rank ${rank}'s signatures in ${dir} changed after the clusters were made: run --stage buckets on every rank, then clusters`,
    );
  const lines: string[] = [];
  const mine = new Map<number, ClusterEntry>();
  // Whether stage 3 scored any doc, on any rank: then every rank's shards have the density columns, one schema.
  let scored = false;
  for (const line of readFileSync(clustersPath(dir), "utf8").split("\n")) {
    if (!line) continue;
    const entry = JSON.parse(line) as ClusterEntry;
    if (entry.density_scores) scored = true;
    if (entry.rank !== rank) continue;
    lines.push(line);
    mine.set(entry.doc, entry);
  }
  // Whether any rank's docs were scored is in it: it sets this rank's columns, which a resumed rank must have too.
  const fingerprint = createHash("sha256")
    .update(stamp)
    .update(lines.join("\n"))
    .update(String(scored))
    .digest("hex")
    .slice(0, 16);
  return {
    name: "dedup",
    scoreNames: scored ? DENSITY_SCORES : [],
    fingerprint,
    async *run(docs, ctx) {
      // Stage 1's ids in order: inputs that no longer read as they did then (changed files, a flaky PDF) are refused
      // rather than guessed at.
      const seen = readDocRecords(signatures).map((record) => record.id);
      const refuse = (what: string) => new OutputError(`dedup apply: ${what}; run every stage again`);
      let i = 0;
      for await (const doc of docs) {
        if (seen[i] !== doc.id)
          throw refuse(`document ${i} of rank ${rank} is ${doc.id}, stage 1 saw ${seen[i] ?? "no document there"}`);
        const entry = mine.get(i++);
        if (entry?.repeated_id) {
          await ctx.reject(doc, DUPLICATE_ID, { duplicateOf: entry.id });
          continue;
        }
        if (entry) {
          doc.meta.dup_cluster = entry.cluster_id;
          // Scored to choose the keeper: the row carries what was computed, and no later pass computes it again.
          if (entry.density_scores && entry.density_model)
            setDensityScores(doc, entry.density_scores, entry.density_model);
          if (entry.duplicate_of !== null) {
            // awaited: the runner may apply back-pressure on the reject writer
            await ctx.reject(doc, DUPLICATE_REASON, { duplicateOf: entry.duplicate_of });
            continue;
          }
          if (entry.supersedes) ctx.count("superseded", entry.supersedes.length);
        }
        yield doc;
      }
      if (i !== seen.length) throw refuse(`rank ${rank} read ${i} documents, stage 1 saw ${seen.length}`);
    },
  };
}
