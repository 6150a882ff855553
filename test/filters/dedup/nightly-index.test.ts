// Two nightly runs over text-dev sharing one --index: the second run removes what the first already published
// (never the published copy), the index gains one generation per run, and stage 4 routes removed docs to rejects.
import { existsSync, readdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { DUPLICATE_REASON, dedupApplyStep } from "../../../filters/dedup/apply-step.js";
import { DEDUP_DEFAULTS, dedupLocal } from "../../../filters/dedup/dedup-run.js";
import type { Doc } from "../../../src/doc.js";
import type { RejectOptions } from "../../../src/step.js";
import { tempDir } from "../../temp-dir.js";
import { lines, readReferenceDocs, streamOf } from "./reference-docs.js";

const DIR = "../shared/reference/text-dev";
const present = existsSync(`${DIR}/docs.jsonl`);
if (!present) console.warn(`skipping nightly index test: ${DIR} absent`);

describe.skipIf(!present)("nightly dedup against a persistent index", () => {
  const work = tempDir("assay-dedup-nightly-");
  afterAll(() => rmSync(work, { recursive: true, force: true }));
  const docs = readReferenceDocs(`${DIR}/docs.jsonl`);
  const index = join(work, "index");
  const opts = { ...DEDUP_DEFAULTS, indexDir: index };

  it("dedups run 2 against run 1 without reprocessing run 1's docs", async () => {
    const first = docs.slice(0, 600);
    const again = docs.slice(0, 40);
    const second = [...docs.slice(600), ...again];
    const run1 = await dedupLocal(streamOf(first), join(work, "run1"), opts);
    const published1 = new Set(first.map((d) => d.id));
    for (const e of run1.filter((x) => x.duplicate_of)) published1.delete(e.id);
    expect(readdirSync(index).sort()).toEqual(["gen-00001"]);

    const run2 = await dedupLocal(streamOf(second), join(work, "run2"), opts);
    expect(readdirSync(index).sort()).toEqual(["gen-00001", "gen-00002"]);
    // resuming run 2 (same work dir) neither dedups it against its own generation nor publishes it again
    const resumed = await dedupLocal(streamOf(second), join(work, "run2"), opts);
    expect(resumed).toEqual(run2);
    expect(readdirSync(index).sort()).toEqual(["gen-00001", "gen-00002"]);
    // every re-submitted doc is removed as a duplicate of something run 1 published
    const removed = new Map(run2.filter((e) => e.duplicate_of && e.rank === 0).map((e) => [e.doc, e.duplicate_of]));
    again.forEach((doc, k) => {
      const duplicateOf = removed.get(second.length - again.length + k);
      expect(duplicateOf, doc.id).toBeDefined();
      expect(published1.has(duplicateOf as string), `${doc.id} -> ${duplicateOf}`).toBe(true);
    });
    // published docs are never removed, and planted near-dups across the two runs are caught
    expect(run2.filter((e) => e.rank === null && e.duplicate_of !== null)).toEqual([]);
    const cluster = new Map(run2.map((e) => [e.id, e.cluster_id]));
    const crossRun = lines(`${DIR}/near_dups.tsv`)
      .slice(1)
      .map((r) => r.split("\t"))
      .filter((r) => Number(r[3]) >= 0.75)
      .filter(([v, b]) => published1.has(b as string) && !first.some((d) => d.id === v));
    for (const [variant, base] of crossRun)
      expect(cluster.get(variant as string), variant).toBe(cluster.get(base as string));

    // stage 4: removed docs become rejects with the id they duplicate; cluster members carry dup_cluster
    const rejects: Array<{ doc: Doc; reason: string; options?: RejectOptions }> = [];
    const kept: Doc[] = [];
    const ctx = {
      rank: 0,
      worldSize: 1,
      reject: async (doc: Doc, reason: string, options?: RejectOptions) => {
        rejects.push({ doc, reason, options });
      },
      count: () => {},
    };
    for await (const doc of dedupApplyStep(join(work, "run2"), 0).run(streamOf(second), ctx)) kept.push(doc);
    expect(rejects.length).toBe(removed.size);
    expect(kept.length + rejects.length).toBe(second.length);
    for (const r of rejects) {
      expect(r.reason).toBe(DUPLICATE_REASON);
      expect(r.options?.duplicateOf).toBe(removed.get(second.indexOf(r.doc)));
      expect(r.doc.meta.dup_cluster).not.toBeNull();
    }
  });
});
