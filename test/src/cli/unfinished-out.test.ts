// An --out that holds an unfinished run of another command (Ctrl-C during `assay run`) is not written over: that run
// could no longer be resumed there, and the two outputs would mix.
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ingestCommand } from "../../../src/cli/ingest.js";
import { stageWorkOf } from "../../../src/io/assay-output.js";
import { tempDir } from "../../temp-dir.js";

describe("an --out holding an unfinished command", () => {
  it("is refused by another command, with status 1, and nothing is written", async () => {
    const dir = tempDir("assay-unfinished-");
    const docs = join(dir, "docs.jsonl");
    writeFileSync(docs, `${JSON.stringify({ id: "a", text: "One short line of text." })}\n`);
    // What `assay run` leaves when stopped during its first pass: its saved extractions, no manifest.
    const stopped = join(dir, "stopped-run");
    mkdirSync(join(stopped, "stages", "filter", "ranks", "resume-00000", "ingest"), { recursive: true });
    expect(stageWorkOf(stopped)).toBe("run");
    expect(await ingestCommand([docs, "--out", stopped, "--quiet"])).toBe(1);
    expect(existsSync(join(stopped, "data"))).toBe(false);
    expect(existsSync(join(stopped, "manifest.json"))).toBe(false);
  });
});
