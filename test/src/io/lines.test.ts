// Bounded line splitting, and JSON Lines records past the bound: a reject with the line's head and length, never a
// string V8 cannot hold.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { Readable } from "node:stream";
import { describe, expect, it } from "vitest";
import { jsonlScoreNames } from "../../../src/io/input-scores.js";
import { readJsonlRecords } from "../../../src/io/jsonl.js";
import { type Line, MAX_LINE_BYTES, OVERLONG_HEAD_BYTES, splitLines } from "../../../src/io/lines.js";
import { tempDir } from "../../temp-dir.js";

async function lines(chunks: string[] | Buffer[], max?: number): Promise<Line[]> {
  const source = Readable.from(chunks.map((c) => (typeof c === "string" ? Buffer.from(c) : c)));
  const out: Line[] = [];
  for await (const batch of splitLines(source, max)) out.push(...batch);
  return out;
}

describe("splitLines", () => {
  it("splits across chunks, keeps a character cut between chunks whole, drops CR of CRLF", async () => {
    const euro = Buffer.from("€");
    const chunks = [
      Buffer.from("ab"),
      Buffer.from("c\r\nx"),
      euro.subarray(0, 1),
      euro.subarray(1),
      Buffer.from("\n\nlast"),
    ];
    expect(await lines(chunks)).toEqual([{ text: "abc" }, { text: "x€" }, { text: "" }, { text: "last" }]);
    expect(await lines([])).toEqual([]);
  });

  it("ends lines at a lone CR too, as readline does, and at a CRLF cut between chunks once", async () => {
    expect(await lines(["a\rb\r", "\nc\r\rd"])).toEqual([
      { text: "a" },
      { text: "b" },
      { text: "c" },
      { text: "" },
      { text: "d" },
    ]);
  });

  it("skips a line over the bound as it streams, with its head and length, and reads the lines after it", async () => {
    const long = "y".repeat(50);
    expect(await lines(["short\n", long.slice(0, 20), long.slice(20), "\nnext\n"], 30)).toEqual([
      { text: "short" },
      { overlong: { bytes: 50, head: long } },
      { text: "next" },
    ]);
  });
});

describe("readJsonlRecords", () => {
  it("turns a record past MAX_LINE_BYTES into a too_long record and goes on", async () => {
    const file = join(tempDir("assay-lines-"), "dump.jsonl");
    const huge = `{"id":"huge","text":"${"word ".repeat(MAX_LINE_BYTES / 5 + 1)}"}`;
    writeFileSync(file, `{"id":"a","text":"first"}\n${huge}\n{"id":"b","text":"after"}\n`);
    const records = [];
    for await (const record of readJsonlRecords(file)) records.push(record);
    expect(records.map((r) => [r.line, r.record?.id ?? null, r.error, r.bytes])).toEqual([
      [1, "a", null, undefined],
      [2, null, "too_long", huge.length],
      [3, "b", null, undefined],
    ]);
    expect(records[1]?.raw).toBe(huge.slice(0, OVERLONG_HEAD_BYTES));
  });

  it("takes a file's score columns from its first readable record when the first line is too long", async () => {
    const file = join(tempDir("assay-lines-"), "first-huge.jsonl");
    writeFileSync(file, `{"id":"h","text":"${"x".repeat(MAX_LINE_BYTES)}"}\n{"id":"a","text":"t","quality":0.5}\n`);
    expect(await jsonlScoreNames(file)).toEqual(["quality"]);
  });
});
