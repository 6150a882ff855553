import { describe, expect, it } from "vitest";
import { datasetCard } from "../../src/dataset-card.js";
import type { Manifest } from "../../src/manifest.js";
import type { StepStatsJson } from "../../src/stats.js";

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

  it("says which of dedup and ranking the documents have not been through", () => {
    const filtered = datasetCard(manifest, [step("filter", {})]);
    expect(filtered).toContain("were not deduplicated");
    expect(filtered).toContain("were not ranked");
    const deduped = datasetCard(manifest, [step("filter", {}), step("dedup", {})]);
    expect(deduped).not.toContain("were not deduplicated");
    expect(deduped).toContain("were not ranked");
    expect(datasetCard(manifest, [step("dedup", {}), step("rank", {})])).not.toMatch(/were not (deduplicated|ranked)/);
  });
});
