import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { discoverInputs } from "../../../src/io/inputs.js";
import { tempDir } from "../../temp-dir.js";

describe("discoverInputs", () => {
  it("gives two PDFs that would share an id their paths instead, and keeps the other ids", async () => {
    const dir = tempDir("assay-inputs-");
    for (const path of ["a/paper.pdf", "b/paper.pdf", "a/sub/other.pdf", "b/notes.jsonl"]) {
      mkdirSync(join(dir, path, ".."), { recursive: true });
      writeFileSync(join(dir, path), "");
    }
    const files = await discoverInputs([join(dir, "a"), join(dir, "b")]);
    expect(files.map((f) => [f.path.slice(dir.length + 1), f.id])).toEqual([
      ["a/paper.pdf", join(dir, "a/paper")],
      ["a/sub/other.pdf", "sub/other"],
      ["b/notes.jsonl", "notes.jsonl"],
      ["b/paper.pdf", join(dir, "b/paper")],
    ]);
  });
});
