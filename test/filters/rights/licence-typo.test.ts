// A licence name that is no licence arXiv uses rejects every arXiv paper: named on stderr before the run, whether
// --licenses or the config file's rights.licenses gave it.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { assay } from "../../e2e/cli.js";
import { tempDir } from "../../temp-dir.js";

describe("a licence name that is no licence", () => {
  const dir = tempDir("assay-licence-typo-");
  const docs = join(dir, "docs.jsonl");
  writeFileSync(docs, `${JSON.stringify({ id: "a", text: "One short line of text.", license: "CC-BY-4.0" })}\n`);
  const warning = /^assay: licences opne: not a licence arXiv uses/m;

  it("is named once when --licenses gives it", async () => {
    const result = await assay("filter", docs, "--out", join(dir, "flag"), "--licenses", "opne", "--quiet");
    expect(result.status, result.stderr).toBe(0);
    expect(result.stderr.match(new RegExp(warning.source, "gm"))).toHaveLength(1);
  });

  it("is named when the config file gives it", async () => {
    const config = join(dir, "config.json");
    writeFileSync(config, JSON.stringify({ rights: { licenses: ["opne"] } }));
    const result = await assay("filter", docs, "--out", join(dir, "config"), "--config", config, "--quiet");
    expect(result.status, result.stderr).toBe(0);
    expect(result.stderr).toMatch(warning);
  });
});
