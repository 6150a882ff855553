// `assay score` and `assay filter` end to end on the shared papers set (52 real papers).
import { existsSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { filterCommand } from "../../src/cli/filter.js";
import { scoreCommand } from "../../src/cli/score.js";
import { tempDir } from "../temp-dir.js";
import { REFERENCE_DIR, referenceAvailable, referenceDecisions } from "./reference-docs.js";

const readJsonl = (path: string) =>
  readFileSync(path, "utf8")
    .split("\n")
    .filter((l) => l !== "")
    .map((l) => JSON.parse(l) as Record<string, unknown>);

describe.skipIf(!referenceAvailable("papers"))("commands on the papers set", () => {
  const docs = `${REFERENCE_DIR}papers/docs.jsonl`;
  const out = tempDir("assay-filters-");
  afterAll(() => rmSync(out, { recursive: true, force: true }));

  it("assay score writes datatrove's decisions", async () => {
    const file = join(out, "decisions.jsonl");
    expect(await scoreCommand([docs, "--decisions", file])).toBe(0);
    const ours = readJsonl(file);
    const theirs = referenceDecisions("papers");
    expect(ours).toHaveLength(theirs.size);
    for (const row of ours) expect(row).toEqual(theirs.get(row.id as string));
  });

  it("assay score rejects unknown filters and profiles with a usage status", async () => {
    expect(await scoreCommand([docs, "--decisions", join(out, "x"), "--filters", "nope"])).toBe(2);
    expect(await scoreCommand([docs, "--decisions", join(out, "x"), "--profile", "nope"])).toBe(2);
  });

  it("assay filter keeps the papers and routes every document to data/ or rejects/", async () => {
    const dir = join(out, "filtered");
    expect(await filterCommand([docs, "--out", dir, "--format", "jsonl", "--quiet"])).toBe(0);
    const kept = readJsonl(join(dir, "data", "part-00000-00000.jsonl"));
    const rejectsFile = join(dir, "rejects", "part-00000-00000.jsonl");
    const rejected = existsSync(rejectsFile) ? readJsonl(rejectsFile) : [];
    expect(kept.length + rejected.length).toBe(52);
    expect(kept.length).toBeGreaterThanOrEqual(50);
    expect(kept[0]).toMatchObject({ lang: "en" });
    expect(typeof kept[0]?.scholarly_markers).toBe("number");
  });
});
