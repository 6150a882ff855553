// A rerun into the same --out after arXiv's metadata changed (a new snapshot downloaded over the old one) must
// apply the new licences, not resume the rank that joined the old ones.
import { createHash } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { duckdbQuery } from "../../duckdb.js";
import { assay } from "../../e2e/cli.js";
import { tempDir } from "../../temp-dir.js";

const BY = "http://creativecommons.org/licenses/by/4.0/";
const ARXIV_ONLY = "http://arxiv.org/licenses/nonexclusive-distrib/1.0/";

describe("rights on a rerun", () => {
  it("joins the licences of a metadata file written again since the run, though its size is the same", async () => {
    const dir = tempDir("assay-rights-rerun-");
    const docs = join(dir, "docs.jsonl");
    const text = "The method converges because the loss is convex. We show that the bound is tight. ".repeat(40);
    writeFileSync(docs, `${JSON.stringify({ id: "p", text, arxiv_id: "2101.00001" })}\n`);
    const metadata = join(dir, "meta.jsonl");
    // Both licences' lines padded to one length: a same-sized file is no proof that it is the same file.
    const line = (license: string) =>
      `${JSON.stringify({ id: "2101.00001", license, pad: "x".repeat(60 - license.length) })}\n`;
    expect(line(BY).length).toBe(line(ARXIV_ONLY).length);
    writeFileSync(metadata, line(ARXIV_ONLY));
    const out = join(dir, "out");
    const args = ["filter", docs, "--out", out, "--arxiv-metadata", metadata, "--format", "jsonl", "--quiet"];
    const first = await assay(...args);
    expect(first.status, first.stderr).toBe(0);
    const licence = async () =>
      (await duckdbQuery(`select license from read_json_auto('${out}/*/*.jsonl', union_by_name = true)`))[0]?.license;
    expect(await licence()).toBe("LicenseRef-arXiv-nonexclusive-distrib-1.0");

    writeFileSync(metadata, line(BY));
    const second = await assay(...args);
    expect(second.status, second.stderr).toBe(0);
    expect(await licence()).toBe("CC-BY-4.0");
    // and the manifest names the file the licences came from
    const manifest = JSON.parse(readFileSync(join(out, "manifest.json"), "utf8")) as {
      config_files: { sha256: string }[];
    };
    expect(manifest.config_files[0]?.sha256).toBe(createHash("sha256").update(line(BY)).digest("hex"));
    // the file unchanged, the run is complete
    const third = await assay(...args.filter((arg) => arg !== "--quiet"));
    expect(third.stdout).toMatch(/already complete/);
  });
});
