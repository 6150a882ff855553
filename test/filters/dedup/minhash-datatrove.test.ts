// MinHash vs datatrove 0.10 on ../shared/reference/text-dev: same clusters, same removed ids, planted near-dups.
import { existsSync, rmSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { ClusterEntry } from "../../../filters/dedup/cluster-stage.js";
import { DATATROVE_COMPATIBLE, DEDUP_DEFAULTS, dedupLocal } from "../../../filters/dedup/dedup-run.js";
import { tempDir } from "../../temp-dir.js";
import { lines, readReferenceDocs, streamOf } from "./reference-docs.js";

const DIR = "../shared/reference/text-dev";
const present = existsSync(`${DIR}/docs.jsonl`);
if (!present) console.warn(`skipping MinHash reference tests: ${DIR} absent`);

const jaccard = (a: Set<string>, b: Set<string>) => {
  const inter = [...a].filter((x) => b.has(x)).length;
  return inter / (a.size + b.size - inter || 1);
};
const clustered = (entries: ClusterEntry[]) => new Set(entries.map((e) => e.id));
const removed = (entries: ClusterEntry[]) => new Set(entries.filter((e) => e.duplicate_of).map((e) => e.id));

describe.skipIf(!present)("dedup on text-dev vs datatrove", () => {
  const work = tempDir("assay-dedup-");
  afterAll(() => rmSync(work, { recursive: true, force: true }));
  const docs = readReferenceDocs(`${DIR}/docs.jsonl`);
  const refClustered = present
    ? new Set(lines(`${DIR}/datatrove-minhash-clusters.jsonl`).map((l) => (JSON.parse(l) as { id: string }).id))
    : new Set<string>();
  const refRemoved = present ? new Set(lines(`${DIR}/datatrove-minhash-removed.txt`)) : new Set<string>();

  it("reproduces datatrove exactly in compatible mode: same clustered and removed ids", async () => {
    const entries = await dedupLocal(streamOf(docs), join(work, "compat"), DATATROVE_COMPATIBLE);
    expect(refClustered.size).toBeGreaterThan(50);
    expect([...clustered(entries)].sort()).toEqual([...refClustered].sort());
    expect([...removed(entries)].sort()).toEqual([...refRemoved].sort());
  });

  it("with defaults stays within Jaccard 0.98 of datatrove and catches every near-dup with jaccard5 >= 0.75", async () => {
    const entries = await dedupLocal(streamOf(docs), join(work, "default"), { ...DEDUP_DEFAULTS, keep: "first" });
    expect(jaccard(clustered(entries), refClustered)).toBeGreaterThanOrEqual(0.98);
    expect(jaccard(removed(entries), refRemoved)).toBeGreaterThanOrEqual(0.98);
    const cluster = new Map(entries.map((e) => [e.id, e.cluster_id]));
    const strong = lines(`${DIR}/near_dups.tsv`)
      .slice(1)
      .map((r) => r.split("\t"))
      .filter((r) => Number(r[3]) >= 0.75);
    expect(strong.length).toBeGreaterThan(10);
    for (const [variant, base] of strong) {
      expect(cluster.get(variant as string), `${variant} with ${base}`).toBeDefined();
      expect(cluster.get(variant as string)).toBe(cluster.get(base as string));
    }
  });
});
