// A record's id: its own, or where it was read (FILE#LINE) when it has none. A blank id is none: under one "" a dump
// whose ids were never filled kept its first record and rejected every other as duplicate_id.
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ingestCommand } from "../../../src/cli/ingest.js";
import { tempDir } from "../../temp-dir.js";

describe("record ids", () => {
  it("gives a record with a blank or missing id the place it was read, and keeps every such record", async () => {
    const dir = tempDir("assay-ids-");
    const docs = join(dir, "docs.jsonl");
    const records = [{ id: "a" }, { id: "" }, { id: "  " }, {}, { id: "" }];
    writeFileSync(docs, records.map((r, i) => `${JSON.stringify({ ...r, text: `Text ${i}.` })}\n`).join(""));
    const out = join(dir, "out");
    expect(await ingestCommand([docs, "--out", out, "--format", "jsonl", "--quiet", "--no-report"])).toBe(0);
    const lines = (shard: string) =>
      readFileSync(join(out, shard, "part-00000-00000.jsonl"), "utf8")
        .split("\n")
        .filter(Boolean);
    expect(lines("rejects")).toEqual([]);
    expect(lines("data").map((line) => JSON.parse(line).id)).toEqual([
      "a",
      "docs.jsonl#2",
      "docs.jsonl#3",
      "docs.jsonl#4",
      "docs.jsonl#5",
    ]);
  });

  it("names the place by the file's path below the directory walked: two folders' docs.jsonl are two files", async () => {
    const dir = tempDir("assay-ids-");
    for (const folder of ["x", "y"]) {
      mkdirSync(join(dir, "in", folder), { recursive: true });
      writeFileSync(join(dir, "in", folder, "docs.jsonl"), `${JSON.stringify({ text: `From ${folder}.` })}\n`);
    }
    const out = join(dir, "out");
    expect(await ingestCommand([join(dir, "in"), "--out", out, "--format", "jsonl", "--quiet", "--no-report"])).toBe(0);
    const ids = readFileSync(join(out, "data", "part-00000-00000.jsonl"), "utf8")
      .split("\n")
      .filter(Boolean)
      .map((line) => JSON.parse(line).id);
    expect(ids).toEqual(["x/docs.jsonl#1", "y/docs.jsonl#1"]);
  });
});
