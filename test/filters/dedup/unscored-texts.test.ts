// The texts stage 1 keeps for docs without a density come back one at a time: stage 3 may await most of a large
// run's clustered docs (a raw dump's), whose texts held at once took GBs.
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { UnscoredTextWriter, unscoredTexts } from "../../../filters/dedup/unscored-texts.js";
import { tempDir } from "../../temp-dir.js";

describe("kept texts of docs without a density", () => {
  const dir = tempDir("assay-unscored-");
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("are read back for the docs asked for, in doc order, each only when the caller takes it", () => {
    const writer = new UnscoredTextWriter(dir);
    writer.add(0, "first text");
    writer.add(2, "second text, of doc 2");
    writer.add(5, "third text");
    writer.close();
    expect([...unscoredTexts(dir, new Set([2, 5, 7]))]).toEqual([
      [2, "second text, of doc 2"],
      [5, "third text"],
    ]);

    // the last blob damaged: what comes before it is read without touching it
    const blobs = readFileSync(join(dir, "texts.bin"));
    const index = readFileSync(join(dir, "texts.idx"));
    const lastLength = index.readUInt32LE(index.length - 4);
    blobs.fill(0xff, blobs.length - lastLength);
    writeFileSync(join(dir, "texts.bin"), blobs);
    const texts = unscoredTexts(dir, new Set([0, 2, 5]));
    expect(texts.next().value).toEqual([0, "first text"]);
    expect(texts.next().value).toEqual([2, "second text, of doc 2"]);
    expect(() => texts.next()).toThrow();
  });

  it("are none for a source that kept none", () => {
    expect([...unscoredTexts(join(dir, "nothing-here"), new Set([0]))]).toEqual([]);
  });
});
