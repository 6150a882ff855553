// The first lines of `assay run --help` list every flag the text below them explains, so a user scanning them sees
// the selection flags (--min-score, --rank-within) that run shares with rank.
import { describe, expect, it } from "vitest";
import { RUN_USAGE } from "../../../src/cli/run.js";

describe("assay run --help", () => {
  it("names in its synopsis every flag it explains, but the ones every command takes", () => {
    // The synopsis ends where the first line indented by two spaces, the description, begins.
    const start = RUN_USAGE.search(/\n {2}\S/);
    const synopsis = RUN_USAGE.slice(0, start);
    const explained = [...RUN_USAGE.slice(start).matchAll(/^ {2}(--[\w-]+)/gm)].map((m) => m[1] as string);
    const everyCommand = new Set(["--rank", "--no-report", "--help"]);
    const missing = explained.filter(
      (flag) => !everyCommand.has(flag) && !new RegExp(`[ [](${flag})[ \\]\\n]`).test(`${synopsis}\n`),
    );
    expect(explained.length).toBeGreaterThan(10);
    expect(missing).toEqual([]);
  });
});
