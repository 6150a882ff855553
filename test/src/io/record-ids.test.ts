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
    // and two folders given, each with its docs.jsonl: the files' paths as given
    const apart = join(dir, "apart");
    expect(
      await ingestCommand([join(dir, "in", "x"), join(dir, "in", "y"), "--out", apart, "--format", "jsonl", "-q"]),
    ).toBe(0);
    const apartIds = readFileSync(join(apart, "data", "part-00000-00000.jsonl"), "utf8")
      .split("\n")
      .filter(Boolean)
      .map((line) => JSON.parse(line).id);
    expect(apartIds).toEqual([join(dir, "in", "x", "docs.jsonl#1"), join(dir, "in", "y", "docs.jsonl#1")]);
  });

  it("writes ids, titles and carried fields with lone UTF-16 halves as UTF-8 can, and compares ids so written", async () => {
    const dir = tempDir("assay-ids-");
    const docs = join(dir, "docs.jsonl");
    // JSON escapes of halves without their other half: "a\udc00" and "a\udc01" both become "a\ufffd" in UTF-8
    writeFileSync(
      docs,
      '{"id": "a\\udc00", "text": "One.", "title": "T\\ud800", "url": "u\\udc02"}\n{"id": "a\\udc01", "text": "Two."}\n',
    );
    const out = join(dir, "out");
    expect(await ingestCommand([docs, "--out", out, "--format", "jsonl", "--quiet", "--no-report"])).toBe(0);
    const row = (kind: string) => JSON.parse(readFileSync(join(out, kind, "part-00000-00000.jsonl"), "utf8"));
    expect(row("data")).toMatchObject({ id: "a\ufffd", title: "T\ufffd", metadata: { url: "u\ufffd" } });
    expect(row("rejects")).toMatchObject({ id: "a\ufffd", reject_reason: "duplicate_id" });
    expect(readFileSync(join(out, "data", "part-00000-00000.jsonl"), "utf8")).not.toMatch(/\\u[dD][89a-fA-F]/);
  });
});
