// Parquet read on a thread of its own: a file that traps parquet-wasm is an error with the rows before it, and the
// reader goes on to the next file.
import { execFile } from "node:child_process";
import { writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { pathToFileURL } from "node:url";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { readParquetRows } from "../../../src/io/parquet.js";
import { ParquetReaderThread } from "../../../src/io/parquet-thread-reader.js";
import { ROOT } from "../../e2e/cli.js";
import { DAMAGED_ROWS, damagedParquet, damagedParquetIds, ROWS_BEFORE_DAMAGE } from "../../fixtures/damaged-parquet.js";
import { tempDir } from "../../temp-dir.js";

async function files() {
  const dir = tempDir("assay-parquet-thread-");
  const good = join(dir, "good.parquet");
  const { damaged } = await damagedParquet(good);
  writeFileSync(join(dir, "damaged.parquet"), damaged);
  return { good, damaged: join(dir, "damaged.parquet") };
}

async function ids(rows: AsyncIterable<Record<string, unknown>>, stopAfter = Number.POSITIVE_INFINITY) {
  const out: string[] = [];
  for await (const row of rows) {
    out.push(String(row.id));
    if (out.length === stopAfter) break;
  }
  return out;
}

describe("ParquetReaderThread", () => {
  it("gives the rows this thread's reader gives", async () => {
    const { good } = await files();
    const reader = new ParquetReaderThread();
    try {
      const threaded = [];
      for await (const row of reader.rows(good)) threaded.push(row);
      const here = [];
      for await (const row of readParquetRows(good)) here.push(row);
      expect(threaded).toHaveLength(DAMAGED_ROWS);
      expect(threaded).toEqual(here);
    } finally {
      await reader.close();
    }
  });

  it("ends a damaged file with an error after rows before the damage, and reads the next file whole", async () => {
    const { good, damaged } = await files();
    const reader = new ParquetReaderThread();
    try {
      const before: string[] = [];
      await expect(
        (async () => {
          for await (const row of reader.rows(damaged)) before.push(String(row.id));
        })(),
      ).rejects.toThrow(/parquet-wasm failed on this file's data \(RuntimeError: unreachable\); it may be damaged/);
      // Every row of the row groups before the damaged one.
      expect(before).toEqual(damagedParquetIds().slice(0, ROWS_BEFORE_DAMAGE));
      expect(await ids(reader.rows(good))).toEqual(damagedParquetIds());
    } finally {
      await reader.close();
    }
  });

  it("reads a file from its start again after a reading of it stopped early", async () => {
    const { good } = await files();
    const reader = new ParquetReaderThread();
    try {
      expect(await ids(reader.rows(good), 10)).toHaveLength(10);
      expect(await ids(reader.rows(good))).toEqual(damagedParquetIds());
    } finally {
      await reader.close();
    }
  });

  it("hands its thread on when closed: the next reader reads its own files from their start", async () => {
    const { good, damaged } = await files();
    // Closed after a whole file (the thread is handed on), then after a reading stopped early (it is not), then
    // after a damaged file (the trapped thread is gone): each next reader reads as a fresh one does.
    const first = new ParquetReaderThread();
    expect(await ids(first.rows(good))).toEqual(damagedParquetIds());
    await first.close();
    const second = new ParquetReaderThread();
    expect(await ids(second.rows(good), 10)).toEqual(damagedParquetIds().slice(0, 10));
    await second.close();
    const third = new ParquetReaderThread();
    await expect(ids(third.rows(damaged))).rejects.toThrow(/parquet-wasm failed on this file's data/);
    await third.close();
    const fourth = new ParquetReaderThread();
    try {
      expect(await ids(fourth.rows(good))).toEqual(damagedParquetIds());
      expect(await ids(fourth.rows(good), 10)).toHaveLength(10);
    } finally {
      await fourth.close();
    }
  });

  it("holds the process until it is closed when a read-ahead's reply comes in while it closes", async () => {
    const { good } = await files();
    // A reading stopped after its first row, a read-ahead in flight; the main thread then blocks (without spinning)
    // while the reply is posted, so that it comes in once close() has begun. It let the thread go as idle: the process
    // ended before close() returned, as `assay inspect --where` refused a clause with status 0 and no word, one run
    // in five.
    const script = `
      import { ParquetReaderThread } from ${JSON.stringify(pathToFileURL(join(ROOT, "dist/src/io/parquet-thread-reader.js")).href)};
      const reader = new ParquetReaderThread();
      for await (const _ of reader.rows(${JSON.stringify(good)})) break;
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 500);
      await reader.close();
      process.stdout.write("closed\\n");`;
    // A file, not --eval: the reader's thread would inherit --input-type, which it cannot start with.
    const file = join(dirname(good), "close-while-replied.mjs");
    writeFileSync(file, script);
    const child = await promisify(execFile)(process.execPath, [file]);
    expect(child).toEqual({ stdout: "closed\n", stderr: "" });
  });
});
