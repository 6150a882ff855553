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
});
