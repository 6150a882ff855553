import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { readJsonlRecords } from "../../../src/io/jsonl.js";
import { tempDir } from "../../temp-dir.js";

describe("readJsonlRecords", () => {
  it("keeps an id written as a whole number past 2^53 by its digits, not rounded onto another id", async () => {
    const path = join(tempDir("assay-jsonl-"), "ids.jsonl");
    writeFileSync(
      path,
      [
        '{"text": "a", "id": 9007199254740993}',
        '{"id": 9007199254740992, "text": "b"}',
        '{"id": -18446744073709551615, "text": "c"}',
        '{"id": 42, "text": "d"}',
        '{"id": 1.5, "text": "e"}',
      ].join("\n"),
    );
    const ids: unknown[] = [];
    for await (const { record } of readJsonlRecords(path)) ids.push(record?.id);
    expect(ids).toEqual(["9007199254740993", "9007199254740992", "-18446744073709551615", 42, 1.5]);
  });

  it("keeps every top-level field written as a whole number past 2^53 by its digits; other numbers as parsed", async () => {
    const path = join(tempDir("assay-jsonl-"), "fields.jsonl");
    writeFileSync(
      path,
      '{"id": "p", "text": "a", "tweet": 1234567890123456789, "year": 2024, "big": 1e300, "x": 9007199254740993.0, "nested": {"n": 1234567890123456789}}\n',
    );
    const records: Record<string, unknown>[] = [];
    for await (const { record } of readJsonlRecords(path)) if (record) records.push(record);
    expect(records[0]).toMatchObject({ tweet: "1234567890123456789", year: 2024, big: 1e300, x: 9007199254740992 });
    // nested fields as parsed: rounded
    expect((records[0]?.nested as { n: number }).n).toBe(1234567890123456800);
  });
});
