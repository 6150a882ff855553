// In-memory MinHash dedup over a list of signatures: every band's pairs in band order, united with datatrove's
// rule. The multi-stage files (stages.ts) produce the same pairs in the same order without holding the corpus.
import { bandPairs } from "./lsh.js";
import { estimatedJaccard, type Signature } from "./minhash.js";
import { UnionFind } from "./union-find.js";

export interface ClusterOptions {
  numBuckets: number;
  hashesPerBucket: number;
  /** When set, a candidate pair joins only if its signatures agree on at least this share of permutations. */
  verifyJaccard?: number;
  /**
   * Second chance for pairs datatrove's 14x8 banding misses by bad luck (a 0.76-Jaccard pair escapes it 20% of the
   * time): re-band the same signature into `bands` x `rows` and join pairs whose signatures agree on at least
   * `minJaccard`. null = datatrove's candidates only.
   */
  recall?: RecallOptions | null;
}

export interface RecallOptions {
  bands: number;
  rows: number;
  minJaccard: number;
}

/** 28 bands of 4 rows find pairs from ~0.5 Jaccard on; the signature check keeps those at >= 0.75 estimated. */
export const RECALL_DEFAULTS: Readonly<RecallOptions> = { bands: 28, rows: 4, minJaccard: 0.75 };

/** Union-find over doc numbers (indexes of `signatures`); docs without a signature never join. */
export function minhashClusters(signatures: ReadonlyArray<Signature | null>, opts: ClusterOptions): UnionFind {
  const signed: number[] = [];
  signatures.forEach((s, i) => {
    if (s) signed.push(i);
  });
  const uf = new UnionFind();
  const unite = (bands: number, rows: number, minJaccard: number | undefined) => {
    const width = 2 * rows;
    const table = new Uint32Array(signed.length * width);
    for (let band = 0; band < bands; band++) {
      signed.forEach((doc, row) => {
        table.set((signatures[doc] as Signature).subarray(band * width, (band + 1) * width), row * width);
      });
      for (const [ra, rb] of bandPairs(table, width, signed.length)) {
        const a = signed[ra] as number;
        const b = signed[rb] as number;
        if (minJaccard !== undefined && uf.find(a) !== uf.find(b)) {
          if (estimatedJaccard(signatures[a] as Signature, signatures[b] as Signature) < minJaccard) continue;
        }
        uf.union(a, b);
      }
    }
  };
  unite(opts.numBuckets, opts.hashesPerBucket, opts.verifyJaccard);
  if (opts.recall) unite(opts.recall.bands, opts.recall.rows, opts.recall.minJaccard);
  return uf;
}
