import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { datasetCard, writeDatasetCard } from "../../src/dataset-card.js";
import type { Manifest } from "../../src/manifest.js";
import type { StepStatsJson } from "../../src/stats.js";
import { tempDir } from "../temp-dir.js";

const manifest = {
  assay_version: "0.1.0",
  command: "filter",
  inputs: [{ path: "a.jsonl", bytes: 10, sha256: "0".repeat(64) }],
  config: { format: "jsonl" },
  config_hash: "abc",
  counts: { in: 40, kept: 20, rejected: 20, balanced: true },
} as unknown as Manifest;

function step(name: string, reasons: Record<string, number>): StepStatsJson {
  const rejected = Object.values(reasons).reduce((a, b) => a + b, 0);
  return {
    name,
    docs_in: 0,
    docs_out: 0,
    bytes_in: 0,
    bytes_out: 0,
    seconds: 0,
    rejected,
    reject_reasons: reasons,
    counters: {},
  };
}

describe("dataset card", () => {
  it("points the default config at the kept shards of the run's format, and lists reasons commonest first", () => {
    const reasons = Object.fromEntries(Array.from({ length: 18 }, (_, i) => [`reason_${i}`, i + 1]));
    const card = datasetCard(manifest, [step("filter", reasons)]);
    expect(card.startsWith("---\nconfigs:\n")).toBe(true);
    expect(card).toContain("        path: data/*.jsonl\n");
    expect(card).toContain('load_dataset("json", data_files="data/*.jsonl")');
    // no rank or density step: no tier table, no word on model-written text
    expect(card).not.toContain("## Kept documents per tier");
    expect(card).not.toContain("Text a model wrote");
    expect(datasetCard(manifest, [step("density", {})])).toContain("Text a model wrote");
    const listed = [...card.matchAll(/^\| filter \| `(reason_\d+)` \| (\d+) \|$/gm)].map((m) => Number(m[2]));
    expect(listed).toEqual(Array.from({ length: 15 }, (_, i) => 18 - i));
    // the three smallest (1 + 2 + 3) are summed in one line
    expect(card).toContain("| | 3 other reasons | 6 |");
  });

  it("says what the ranking selected, when it selected", () => {
    const ranked = (rank: object) =>
      datasetCard({ ...manifest, config: { format: "jsonl", rank } } as unknown as Manifest, [step("rank", {})]);
    const all = { keepTop: 1, minTier: "D", minScores: {} };
    expect(ranked(all)).not.toContain("Selected:");
    const budget = ranked({ ...all, keepTokens: 2_500_000_000, minScores: { density_vs_machine: 2 } });
    expect(budget).toContain(
      "Selected: the best documents up to 2500000000 whitespace tokens in all (--keep-tokens); " +
        "density_vs_machine of at least 2. The documents it dropped are in rejects/ with their reasons.",
    );
    expect(ranked({ ...all, keepTop: 0.25, minTier: "B" })).toContain(
      "Selected: the top share 0.25 by rank_pct; tier B and above.",
    );
  });

  it("says which of dedup and ranking the documents have not been through", () => {
    const filtered = datasetCard(manifest, [step("filter", {})]);
    expect(filtered).toContain("were not deduplicated");
    expect(filtered).toContain("were not ranked");
    const deduped = datasetCard(manifest, [step("filter", {}), step("dedup", {})]);
    expect(deduped).not.toContain("were not deduplicated");
    expect(deduped).toContain("were not ranked");
    expect(datasetCard(manifest, [step("dedup", {}), step("rank", {})])).not.toMatch(/were not (deduplicated|ranked)/);
  });

  it("names superseded.jsonl when the run's kept documents replace published ones (dedup --index)", () => {
    expect(datasetCard(manifest, [step("dedup", {})])).not.toContain("superseded.jsonl");
    const dedup = { ...step("dedup", {}), counters: { superseded: 2 } };
    expect(datasetCard(manifest, [dedup])).toContain("2 kept document(s) replace a copy published by an earlier run");
  });

  it("counts the steps of the earlier outputs it read: assay rank over assay dedup's output was deduplicated", async () => {
    const dir = tempDir("assay-card-");
    // ingest → dedup → rank, each in its own directory, as the staged path leaves them
    const stage = (name: string, inputs: string[], steps: string[]) => {
      const out = join(dir, name);
      mkdirSync(join(out, "data"), { recursive: true });
      const own = { ...manifest, command: name, inputs: inputs.map((path) => ({ path, bytes: 1, sha256: "0" })) };
      writeFileSync(join(out, "manifest.json"), JSON.stringify(own));
      writeFileSync(join(out, "stats.json"), JSON.stringify({ steps: steps.map((s) => step(s, {})) }));
      return { out, own: own as unknown as Manifest, shard: join(out, "data", "part-00000-00000.parquet") };
    };
    const ingested = stage("ingest", [join(dir, "paper.pdf")], ["ingest"]);
    const deduped = stage("dedup", [ingested.shard], ["ingest", "dedup"]);
    const ranked = stage("rank", [deduped.shard], ["ingest", "density", "rank"]);
    await writeDatasetCard(ranked.out, ranked.own, [step("ingest", {}), step("rank", {})]);
    expect(readFileSync(join(ranked.out, "README.md"), "utf8")).not.toMatch(/were not (deduplicated|ranked)/);
    await writeDatasetCard(deduped.out, deduped.own, [step("ingest", {}), step("dedup", {})]);
    const dedupCard = readFileSync(join(deduped.out, "README.md"), "utf8");
    expect(dedupCard).not.toContain("were not deduplicated");
    expect(dedupCard).toContain("were not ranked");
  });
});
