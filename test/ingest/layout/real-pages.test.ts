// Layout rules on real papers of ../shared/corpus/pdf/born-digital (skipped when the corpus is absent).
import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { DocumentLayout } from "../../../ingest/layout/document-layout.js";
import type { LayoutResult } from "../../../ingest/layout/types.js";
import { pageInputs } from "../../../scripts/fixtures/page-inputs.js";

const CORPUS = fileURLToPath(new URL("../../../../shared/corpus/pdf/born-digital/", import.meta.url));
const RESNET = `${CORPUS}arxiv-1512.03385v1_resnet.pdf`;
const ATTENTION = `${CORPUS}arxiv-1706.03762v5_attention.pdf`;
const present = existsSync(RESNET) && existsSync(ATTENTION);

async function layoutOf(file: string, pages?: number[]): Promise<LayoutResult> {
  const layout = new DocumentLayout();
  for await (const page of pageInputs(new Uint8Array(readFileSync(file)), pages)) layout.addPage(page);
  return layout.finish();
}

function before(text: string, first: string, second: string): boolean {
  const a = text.indexOf(first);
  const b = text.indexOf(second);
  return a >= 0 && b >= 0 && a < b;
}

describe.skipIf(!present)("ResNet, arXiv v1, two columns (pages 1-2)", () => {
  let result: LayoutResult;
  const load = async () => {
    result ??= await layoutOf(RESNET, [1, 2]);
    return result;
  };

  it("reads the left column before the right one and the page's footnote after both", async () => {
    const { text } = await load();
    expect(before(text, "with a depth of sixteen [41] to thirty [16]", "Driven by the significance of depth")).toBe(
      true,
    );
    expect(before(text, "are unable to find solutions that", "1http://image-net.org/challenges/LSVRC/2015/")).toBe(
      true,
    );
  });

  it("undoes end-of-line hyphenation and keeps real compounds", async () => {
    const { text } = await load();
    expect(text).toContain("reformulate the layers as learning residual functions");
    expect(text).toContain("instead of learning unreferenced functions");
    expect(text).toContain("Many other non-trivial visual recognition tasks");
    expect(text).not.toMatch(/learn- ing|com- prehensive/);
  });

  it("drops figure-internal labels but keeps the caption as its own paragraph", async () => {
    const { text } = await load();
    expect(text).not.toContain("iter. (1e4)");
    expect(text).toMatch(/\n\nFigure 1\. Training error \(left\) and test error \(right\)[^\n]*\n\n/);
  });

  it("finds title, abstract, headings and the arXiv stamp", async () => {
    const r = await load();
    expect(r.title).toBe("Deep Residual Learning for Image Recognition");
    expect(r.arxiv).toEqual({ id: "1512.03385", version: 1, category: "cs.CV", date: "10 Dec 2015" });
    expect(r.text).not.toContain("arXiv:1512.03385");
    expect(r.abstract).not.toBeNull();
    const abstract = r.abstract ? r.text.slice(r.abstract.start, r.abstract.end) : "";
    expect(abstract.startsWith("Deeper neural networks are more difficult to train.")).toBe(true);
    expect(abstract).toContain("COCO segmentation.");
    expect(r.headings.map((h) => h.title)).toContain("1. Introduction");
  });
});

describe.skipIf(!present)("Attention Is All You Need, arXiv v5, one column (whole paper)", () => {
  it("keeps reading order, removes page numbers and marks where the references start", async () => {
    const r = await layoutOf(ATTENTION);
    expect(r.title).toBe("Attention Is All You Need");
    expect(r.arxiv).toEqual({ id: "1706.03762", version: 5, category: "cs.CL", date: "6 Dec 2017" });
    expect(r.text.split("\n").filter((line) => /^\d{1,2}$/.test(line.trim()))).toEqual([]);
    expect(r.referencesOffset).not.toBeNull();
    expect(r.text.slice(r.referencesOffset ?? 0).startsWith("References\n\n[1] Jimmy Lei Ba")).toBe(true);
    const names = r.headings.map((h) => h.title);
    expect(before(names.join("|"), "3.2.2 Multi-Head Attention", "7 Conclusion")).toBe(true);
    expect(r.text).toContain("Ashish Vaswani");
  });
});
