// Pairs that stage 3 checks against their signatures (the recall and opening buckets) are a band's neighbours: which
// doc sits between two near-duplicates must not depend on how many ranks numbered the docs.
import { rmSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { ClusterEntry } from "../../../filters/dedup/cluster-stage.js";
import {
  DEDUP_DEFAULTS,
  type DedupOptions,
  dedupBuckets,
  dedupClusters,
  rankDir,
} from "../../../filters/dedup/dedup-run.js";
import { MINHASH_DEFAULTS } from "../../../filters/dedup/minhash.js";
import { HAS_TEXT_SIG, recordWords, SourceWriter } from "../../../filters/dedup/signature-store.js";
import { tempDir } from "../../temp-dir.js";

// Four hashes: datatrove's one band of all four (no two docs below share it), and two recall bands of two hashes,
// whose pairs must agree on 3 of the 4 hashes (0.75) to join.
const OPTIONS: DedupOptions = {
  ...DEDUP_DEFAULTS,
  minhash: { ...MINHASH_DEFAULTS, numBuckets: 1, hashesPerBucket: 4 },
  recall: { bands: 2, rows: 2, minJaccard: 0.75, ocrMinJaccard: 0.5 },
  opening: null,
  exactKeys: false,
};
const NUM_HASHES = 4;

// x and z agree on 3 hashes of 4; y shares the first recall band with both but agrees with each on 2 only.
const SIGNATURES: Record<string, number[]> = { x: [1, 2, 3, 4], y: [1, 2, 9, 9], z: [1, 2, 3, 5] };

/** Stage 1's files for ranks holding these docs, in order, written by hand: each hash is the 64-bit pair (h, 0). */
function writeRanks(workDir: string, ranks: string[][]): void {
  ranks.forEach((ids, rank) => {
    const out = new SourceWriter(rankDir(workDir, rank));
    for (const id of ids) {
      const record = new Uint32Array(recordWords(NUM_HASHES));
      (SIGNATURES[id] as number[]).forEach((h, k) => {
        record[2 * k] = h;
      });
      record[record.length - 1] = HAS_TEXT_SIG;
      const keep = { id, arxivId: null, arxivVersion: null, extraction: null, density: 1, chars: 100 };
      out.add(new Uint8Array(record.buffer), JSON.stringify({ ...keep, damagedPages: null }));
    }
    out.close(true);
  });
}

function clusters(workDir: string, ranks: string[][]): Record<string, string | null> {
  writeRanks(workDir, ranks);
  dedupBuckets(workDir, ranks.length, 0, 1, OPTIONS);
  const entries: ClusterEntry[] = dedupClusters(workDir, ranks.length, OPTIONS);
  return Object.fromEntries(entries.map((e) => [e.id, e.duplicate_of]).sort());
}

describe("pairs checked against their signatures", () => {
  const work = tempDir("assay-dedup-verified-");
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it("are the same whether one rank or two numbered the docs", () => {
    // One rank reads x, y, z; two ranks read x, z and y, so that y no longer comes between x and z by number.
    const one = clusters(join(work, "one"), [["x", "y", "z"]]);
    const two = clusters(join(work, "two"), [["x", "z"], ["y"]]);
    const three = clusters(join(work, "three"), [["y"], ["z"], ["x"]]);
    expect(two).toEqual(one);
    expect(three).toEqual(one);
    // y never joins: it agrees with neither on 3 hashes
    expect(one.y).toBeUndefined();
  });
});
