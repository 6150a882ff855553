// A stage's record of finished work: kept only while its options and every file it read and wrote are as recorded.
import { appendFileSync, cpSync, rmSync, truncateSync, utimesSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { fileStates, recordStage, unchangedStage } from "../../../src/exec/stage-record.js";
import { tempDir } from "../../temp-dir.js";

describe("stage records", () => {
  const options = { keep: "best", bands: 14 };

  /** A stage that read a.txt and b.txt and wrote out.bin, recorded. */
  function finished(name: string) {
    const dir = tempDir(`stage-record-${name}-`);
    const [a, b, out] = ["a.txt", "b.txt", "out.bin"].map((file) => join(dir, file)) as [string, string, string];
    writeFileSync(a, "one");
    writeFileSync(b, "two");
    const read = fileStates([a, b]);
    writeFileSync(out, "output");
    const record = join(dir, "stage.done.json");
    recordStage(record, options, read, [out]);
    return { dir, a, b, out, record };
  }

  it("finds the stage done while its options, inputs and outputs are as they were", () => {
    const { a, b, record } = finished("same");
    expect(unchangedStage(record, { bands: 14, keep: "best" }, [a, b])).toBe(true);
  });

  it("runs it again for another option, other inputs, or no record", () => {
    const { dir, a, b, record } = finished("options");
    expect(unchangedStage(record, { ...options, keep: "first" }, [a, b])).toBe(false);
    expect(unchangedStage(record, options, [b, a])).toBe(false);
    expect(unchangedStage(record, options, [a])).toBe(false);
    expect(unchangedStage(join(dir, "none.json"), options, [a, b])).toBe(false);
    writeFileSync(record, "{ cut short");
    expect(unchangedStage(record, options, [a, b])).toBe(false);
  });

  it("runs it again for an input written since, even with its size", () => {
    const { a, b, record } = finished("input");
    utimesSync(a, new Date(), new Date(Date.now() + 5_000));
    expect(unchangedStage(record, options, [a, b])).toBe(false);
  });

  it("runs it again for an output removed, cut short, grown or written again", () => {
    const damage = [
      (out: string) => rmSync(out),
      (out: string) => truncateSync(out, 3),
      (out: string) => appendFileSync(out, "x"),
      (out: string) => utimesSync(out, new Date(), new Date(Date.now() + 5_000)),
    ];
    damage.forEach((harm, k) => {
      const { a, b, out, record } = finished(`output-${k}`);
      harm(out);
      expect(unchangedStage(record, options, [a, b]), String(harm)).toBe(false);
    });
  });

  it("judges an output directory copied elsewhere by the copy's own files, not the ones the record was written beside", () => {
    const { dir, a, b } = finished("copied");
    const copy = `${dir}-copy`;
    cpSync(dir, copy, { recursive: true });
    // the copy lost its output; the record's directory still has its own
    rmSync(join(copy, "out.bin"));
    const record = join(copy, "stage.done.json");
    expect(unchangedStage(record, options, [a, b])).toBe(false);
  });
});
