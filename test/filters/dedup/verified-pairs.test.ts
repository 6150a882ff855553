// Pairs that stage 3 checks against their signatures (the recall and opening buckets) are made among docs of equal band
// values in an order that must not depend on how many ranks numbered the docs, and a doc that fails the check must
// not keep the near-duplicates on either side of it apart.
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
import { HAS_TEXT_SIG, recordWords, SourceWriter, signatureTie } from "../../../filters/dedup/signature-store.js";
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

/** Stage 1's record of a doc with these hashes, written by hand: each hash is the 64-bit pair (h, 0). */
function recordOf(hashes: readonly number[]): Uint32Array {
  const record = new Uint32Array(recordWords(NUM_HASHES));
  hashes.forEach((h, k) => {
    record[2 * k] = h;
  });
  record[record.length - 1] = HAS_TEXT_SIG;
  return record;
}

/** The tie that orders a doc of these hashes among docs of its band value. */
const tieOf = (hashes: readonly number[]) => signatureTie(recordOf(hashes), 0, 2 * NUM_HASHES, HAS_TEXT_SIG);

/** Stage 1's files for ranks holding these docs (ids of `signatures`), in order. */
function writeRanks(workDir: string, ranks: string[][], signatures: Record<string, number[]>): void {
  ranks.forEach((ids, rank) => {
    const out = new SourceWriter(rankDir(workDir, rank));
    for (const id of ids) {
      const keep = { id, arxivId: null, arxivVersion: null, extraction: null, density: 1, chars: 100 };
      out.add(
        new Uint8Array(recordOf(signatures[id] as number[]).buffer),
        JSON.stringify({ ...keep, damagedPages: null }),
      );
    }
    out.close(true);
  });
}

function clusters(
  workDir: string,
  ranks: string[][],
  signatures = SIGNATURES,
  options = OPTIONS,
): Record<string, string | null> {
  writeRanks(workDir, ranks, signatures);
  dedupBuckets(workDir, ranks.length, 0, 1, options);
  const entries: ClusterEntry[] = dedupClusters(workDir, ranks.length, options).entries;
  return Object.fromEntries(entries.map((e) => [e.id, e.duplicate_of]).sort());
}

/**
 * x and z as above, and `count` docs that share their first recall band only, each agreeing with either on 2 hashes
 * of 4, whose ties sort between x's and z's: in the run of that band value they all sit between x and z. `copies`:
 * each of them that many times (docs of one signature).
 */
function separatedPair(count: number, copies = 1): Record<string, number[]> {
  const [x, z] = [SIGNATURES.x as number[], SIGNATURES.z as number[]];
  const [low, high] = [tieOf(x), tieOf(z)].sort((a, b) => a - b) as [number, number];
  const signatures: Record<string, number[]> = { x, z };
  for (let v = 100, found = 0; found < count; v++) {
    const hashes = [1, 2, v, v];
    const tie = tieOf(hashes);
    if (tie <= low || tie >= high) continue;
    for (let c = 0; c < copies; c++) signatures[`u${found}-${c}`] = hashes;
    found++;
  }
  return signatures;
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

  it("join a near-duplicate pair that unrelated docs sort between", () => {
    const signatures = separatedPair(3);
    const ids = Object.keys(signatures);
    const one = clusters(join(work, "between-one"), [ids], signatures);
    expect(one).toEqual({ x: null, z: "x" });
    // on any number of ranks
    const two = clusters(join(work, "between-two"), [ids.slice(0, 2), ids.slice(2)], signatures);
    expect(two).toEqual(one);
    // Each doc paired with the one before it only (datatrove's rule) checks x-u0, u0-u1, u1-u2, u2-z: all fail.
    const neighbours = { ...OPTIONS, verifiedReach: 1 };
    expect(clusters(join(work, "between-neighbours"), [ids], signatures, neighbours)).toEqual({});
  });

  it("reach past any number of copies of one signature between a pair", () => {
    // 2 signatures, 6 copies each: 12 docs between x and z, more than the reach, 2 signatures within it.
    expect(OPTIONS.verifiedReach).toBeLessThan(12);
    const signatures = separatedPair(2, 6);
    const found = clusters(join(work, "copies"), [Object.keys(signatures)], signatures);
    expect(found.z).toBe("x");
    // the copies of each signature are one cluster, of another signature than x's
    expect(found["u0-5"]).toBe("u0-0");
    expect(found["u1-5"]).toBe("u1-0");
    expect(found["u0-0"]).toBeNull();
  });

  it("are refused by stage 3 when stage 2 made them with another reach or other pairing rules, in one line", () => {
    const dir = join(work, "mixed");
    const ids = Object.keys(SIGNATURES);
    writeRanks(dir, [ids], SIGNATURES);
    dedupBuckets(dir, 1, 0, 1, { ...OPTIONS, verifiedReach: 1 });
    // bucket 0 is datatrove's band (reach 1 whatever the option), bucket 1 the first verified one
    expect(() => dedupClusters(dir, 1, OPTIONS)).toThrow(
      new RegExp(
        `^bucket 1 in ${dir} was paired with verified reach 1, not ${OPTIONS.verifiedReach} \\(stage 2 ran another assay build or other options\\): run --stage buckets again on every rank, then clusters$`,
      ),
    );
    const recall = { ...(OPTIONS.recall as NonNullable<DedupOptions["recall"]>), minJaccard: 0.8 };
    dedupBuckets(dir, 1, 0, 1, { ...OPTIONS, recall });
    expect(() => dedupClusters(dir, 1, OPTIONS)).toThrow(
      /bucket 1 in \S+ was paired with minimum Jaccard 0\.8, not 0\.75 /,
    );
    dedupBuckets(dir, 1, 0, 1, OPTIONS);
    expect(dedupClusters(dir, 1, OPTIONS).entries.map((e) => [e.id, e.duplicate_of])).toEqual([
      ["x", null],
      ["z", "x"],
    ]);
  });
});
