import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { makeDoc } from "../../../src/doc.js";
import { cellOf, DensityHistogram } from "../../../src/rank/density-histogram.js";
import { RankIds, rankIdsPath, repeatedIdStep, repeatedIds } from "../../../src/rank/rank-ids.js";
import { idHash } from "../../../src/seen-ids.js";
import { tempDir } from "../../temp-dir.js";

/** 50 records: ids repeated across inputs (the copies apply looks for), in no order of hash. */
const RECORDS = Array.from({ length: 50 }, (_, i) => ({
  id: `doc-${i % 37}`,
  input: (i * 7) % 5,
  cell: i,
  tokens: 1000 + 3 * i,
}));

function written(dir: string, runRecords?: number): RankIds {
  const ids = new RankIds(dir, 0, runRecords);
  for (const r of RECORDS) ids.add(r.id, r.input, r.cell, r.tokens);
  return ids;
}

describe("RankIds", () => {
  it("spills sorted runs past its budget and merges them into the file one sort would make", async () => {
    const [held, spilled] = [tempDir("rank-ids-held-"), tempDir("rank-ids-spilled-")];
    await written(held).write();
    const ids = written(spilled, 7);
    // 49 records filled seven runs of 7; the 50th is held.
    expect(readdirSync(spilled).filter((f) => f.includes(".run-"))).toHaveLength(7);
    await ids.write();
    expect(readdirSync(spilled)).toEqual(readdirSync(held));
    const file = readFileSync(rankIdsPath(spilled, 0));
    expect(file.equals(readFileSync(rankIdsPath(held, 0)))).toBe(true);
    // Sorted by hash, then input; every record once.
    const view = new DataView(file.buffer, file.byteOffset, file.byteLength);
    const records = Array.from({ length: file.byteLength / 20 }, (_, k) => ({
      hash: view.getBigUint64(20 * k, true),
      input: view.getUint32(20 * k + 8, true),
      cell: view.getUint32(20 * k + 12, true),
      tokens: view.getUint32(20 * k + 16, true),
    }));
    expect(records.map((r) => r.cell).sort((a, b) => a - b)).toEqual(RECORDS.map((r) => r.cell));
    for (const r of records) expect(r.tokens).toBe(1000 + 3 * r.cell);
    for (let k = 1; k < records.length; k++) {
      const [a, b] = [records[k - 1], records[k]] as [(typeof records)[0], (typeof records)[0]];
      expect(a.hash < b.hash || (a.hash === b.hash && a.input <= b.input)).toBe(true);
    }
    const record = RECORDS[3] as (typeof RECORDS)[0];
    expect(records.find((r) => r.cell === record.cell)?.hash).toBe(idHash(record.id));
  });

  it("writes an empty file for a rank without documents", async () => {
    const dir = tempDir("rank-ids-empty-");
    await new RankIds(dir, 1, 4).write();
    expect(readFileSync(join(dir, readdirSync(dir)[0] as string)).byteLength).toBe(0);
    expect(readdirSync(dir)).toEqual([rankIdsPath(dir, 1).slice(dir.length + 1)]);
  });
});

/** Two ranks' documents (id, input among all ranks' inputs, density, tokens): input j of rank r is j * 2 + r. */
const RANKS = [
  [
    ["x", 0, 1.0, 5],
    ["y", 0, 2.0, 6],
    ["x", 2, 3.0, 7],
    ["w", 2, 4.0, 8],
    ["x", 2, 5.0, 9],
  ],
  [
    ["y", 1, 6.0, 10],
    ["z", 1, 7.0, 11],
    ["w", 1, 8.0, 12],
  ],
] as const;

async function sketched(dir: string): Promise<DensityHistogram[]> {
  const merged = [new DensityHistogram()];
  for (const [rank, docs] of RANKS.entries()) {
    // one record a run: every record comes back from a merge of runs
    const ids = new RankIds(dir, rank, 1);
    for (const [id, input, density, tokens] of docs) {
      ids.add(id, input, cellOf(merged, 0, density), tokens);
      merged[0]?.add(density, tokens);
    }
    await ids.write();
  }
  return merged;
}

describe("repeatedIds", () => {
  it("keeps each id's copy from the earliest input, the first read there, and takes every other copy out", async () => {
    const dir = tempDir("rank-ids-repeated-");
    const histograms = await sketched(dir);
    const [mine, theirs] = [await repeatedIds(dir, 2, 0, histograms), await repeatedIds(dir, 2, 1, histograms)];
    // rank 0 holds x's first copy and two more; w's first copy is rank 1's (input 1 before input 2); y's first is rank
    // 0's, so only rank 1 has a copy to drop
    expect(mine).toEqual(
      new Map([
        [idHash("w"), false],
        [idHash("x"), true],
      ]),
    );
    expect(theirs).toEqual(new Map([[idHash("y"), false]]));
    // Each call takes the copies out of the histograms it is given: twice here, so eight less four copies twice.
    expect(histograms[0]?.total).toBe(8 - 2 * 4);
  });

  it("rejects as duplicate_id every copy but the first where the rank holds it", async () => {
    const dir = tempDir("rank-ids-step-");
    const repeated = await repeatedIds(dir, 2, 0, await sketched(dir));
    const rejected: string[] = [];
    const ctx = {
      rank: 0,
      worldSize: 2,
      count: () => {},
      reject: async (doc: { id: string; text: string }, reason: string) => {
        rejected.push(`${doc.id} ${doc.text} ${reason}`);
      },
    };
    async function* docs() {
      for (const [k, [id]] of RANKS[0].entries()) yield makeDoc(id, `copy ${k}`, "test");
    }
    const kept: string[] = [];
    for await (const doc of repeatedIdStep(repeated).run(docs(), ctx)) kept.push(`${doc.id} ${doc.text}`);
    expect(kept).toEqual(["x copy 0", "y copy 1"]);
    expect(rejected).toEqual(["x copy 2 duplicate_id", "w copy 3 duplicate_id", "x copy 4 duplicate_id"]);
  });
});
