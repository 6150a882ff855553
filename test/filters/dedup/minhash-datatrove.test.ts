// MinHash vs datatrove 0.10 on ../shared/reference/text-dev: same clusters, same removed ids, planted near-dups.
import { existsSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { MinhashSigner } from "../../../filters/dedup/minhash.js";
import { minhashClusters, RECALL_DEFAULTS } from "../../../filters/dedup/minhash-clusters.js";
import type { UnionFind } from "../../../filters/dedup/union-find.js";

const DIR = "../shared/reference/text-dev";
const present = existsSync(`${DIR}/docs.jsonl`);
if (!present) console.warn(`skipping MinHash reference tests: ${DIR} absent`);

const lines = (path: string) =>
  readFileSync(path, "utf8")
    .split("\n")
    .filter((l) => l.trim());
const jaccard = (a: Set<string>, b: Set<string>) => {
  const inter = [...a].filter((x) => b.has(x)).length;
  return inter / (a.size + b.size - inter || 1);
};

describe.skipIf(!present)("MinHash on text-dev vs datatrove", () => {
  const docs = present ? lines(`${DIR}/docs.jsonl`).map((l) => JSON.parse(l) as { id: string; text: string }) : [];
  const refClustered = present
    ? new Set(lines(`${DIR}/datatrove-minhash-clusters.jsonl`).map((l) => (JSON.parse(l) as { id: string }).id))
    : new Set<string>();
  const refRemoved = present ? new Set(lines(`${DIR}/datatrove-minhash-removed.txt`)) : new Set<string>();
  const signer = new MinhashSigner();
  const sigs = docs.map((d) => signer.signature(d.text));
  const clustered = (uf: UnionFind) => new Set(uf.members().map((i) => docs[i]?.id as string));
  const removed = (uf: UnionFind) =>
    new Set(
      uf
        .members()
        .filter((i) => uf.find(i) !== i)
        .map((i) => docs[i]?.id as string),
    );

  it("reproduces datatrove exactly without the recall pass: same clustered and removed ids", () => {
    const uf = minhashClusters(sigs, { ...signer.config, recall: null });
    expect(refClustered.size).toBeGreaterThan(50);
    expect([...clustered(uf)].sort()).toEqual([...refClustered].sort());
    expect([...removed(uf)].sort()).toEqual([...refRemoved].sort());
  });

  const uf = minhashClusters(sigs, { ...signer.config, recall: RECALL_DEFAULTS });

  it("stays within Jaccard 0.98 of datatrove with the recall pass", () => {
    expect(jaccard(clustered(uf), refClustered)).toBeGreaterThanOrEqual(0.98);
    expect(jaccard(removed(uf), refRemoved)).toBeGreaterThanOrEqual(0.98);
  });

  it("catches every planted near-duplicate with jaccard5 >= 0.75", () => {
    const index = new Map(docs.map((d, i) => [d.id, i]));
    const strong = lines(`${DIR}/near_dups.tsv`)
      .slice(1)
      .map((r) => r.split("\t"))
      .filter((r) => Number(r[3]) >= 0.75);
    expect(strong.length).toBeGreaterThan(10);
    for (const [variant, base] of strong) {
      const v = index.get(variant as string) as number;
      const b = index.get(base as string) as number;
      expect(uf.find(v), `${variant} with ${base}`).toBe(uf.find(b));
    }
  });
});
