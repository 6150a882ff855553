// The generated truth set (scripts/fixtures/truth-set.ts): exact text, paragraphs, title and stamp per layout.
import { beforeAll, describe, expect, it } from "vitest";
import { DocumentLayout } from "../../../ingest/layout/document-layout.js";
import type { LayoutResult } from "../../../ingest/layout/types.js";
import { furnitureLeakage } from "../../../scripts/bench/text-metrics.js";
import { pageInputs } from "../../../scripts/fixtures/page-inputs.js";
import { type TruthDocument, truthSet } from "../../../scripts/fixtures/truth-set.js";

const results = new Map<string, { doc: TruthDocument; result: LayoutResult }>();

beforeAll(async () => {
  for (const doc of await truthSet()) {
    const layout = new DocumentLayout();
    for await (const page of pageInputs(doc.pdf)) layout.addPage(page);
    results.set(doc.name, { doc, result: layout.finish() });
  }
});

const names = ["one-column", "two-column", "three-column", "mixed"].flatMap((layout) =>
  ["classic-1", "classic-2", "ragged-3", "numbered-4"]
    .filter((variant) => layout !== "three-column" || !variant.startsWith("numbered"))
    .map((variant) => `${layout}-${variant}`),
);

describe.each(names)("truth document %s", (name) => {
  it("comes out as the exact truth text, paragraph by paragraph", () => {
    const entry = results.get(name);
    expect(entry, `truth set has no ${name}`).toBeDefined();
    if (!entry) return;
    const { doc, result } = entry;
    if (name.includes("ragged")) {
      // Unindented ragged paragraphs: whether a column break also ends a paragraph cannot be seen on the page,
      // so only the words and their order are exact there.
      expect(result.text.split(/\s+/)).toEqual(doc.text.split(/\s+/));
    } else {
      expect(result.text.split("\n\n")).toEqual(doc.text.split("\n\n"));
    }
  });

  it("has no running head, banner or page number left, and the title and stamp as metadata", () => {
    const entry = results.get(name);
    if (!entry) return;
    const { doc, result } = entry;
    expect(furnitureLeakage(result.text, doc.furniture)).toBe(0);
    expect(result.furnitureLines).toBeGreaterThan(0);
    expect(result.title).toBe(doc.title);
    expect(result.arxiv).toEqual({ id: "2401.01234", version: 2, category: "cs.CL", date: "5 Jan 2024" });
    expect(result.text).not.toContain("arXiv:");
  });

  it("marks the abstract and the section headings", () => {
    const entry = results.get(name);
    if (!entry) return;
    const { result } = entry;
    expect(result.headings.map((h) => h.title)).toEqual([
      "Abstract",
      "1 Introduction",
      "2 Related Work",
      "3 Method",
      "4 Experiments",
      "5 Conclusion",
    ]);
    const abstract = result.abstract;
    expect(abstract).not.toBeNull();
    if (!abstract) return;
    const intro = result.headings[1]?.offset ?? 0;
    expect(abstract.end).toBeLessThanOrEqual(intro);
    expect(result.text.slice(abstract.end, intro).trim()).toBe("");
  });
});
