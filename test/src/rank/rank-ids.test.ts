import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { RankIds, rankIdsPath } from "../../../src/rank/rank-ids.js";
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
