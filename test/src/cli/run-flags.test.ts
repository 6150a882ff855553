// `assay run` names a bad flag value as a usage mistake before it looks for inputs, whichever pass applies the flag.
import { existsSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCommand } from "../../../src/cli/run.js";
import { tempDir } from "../../temp-dir.js";

describe("assay run's flags", () => {
  it("refuses a bad value of a flag only the streaming pass applies with status 2, not an input error", async () => {
    const dir = tempDir("assay-run-flags-");
    // No inputs in it: were the flag checked after the inputs, this would be "no files found", status 1.
    const empty = join(dir, "empty");
    mkdirSync(empty);
    for (const flags of [
      ["--ocr", "sometimes"],
      ["--licenses", ","],
    ]) {
      const out = join(dir, "out");
      expect(await runCommand([empty, "--out", out, "--quiet", ...flags]), flags.join(" ")).toBe(2);
      expect(existsSync(out), flags.join(" ")).toBe(false);
    }
  });
});
