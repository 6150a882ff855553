// Layout quality bench: assay's layout vs pdftotext on the generated truth set (exact ground truth).
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DocumentLayout } from "../../ingest/layout/document-layout.js";
import { groffAvailable, groffSet } from "../fixtures/groff-set.js";
import { pageInputs } from "../fixtures/page-inputs.js";
import { type TruthDocument, truthSet } from "../fixtures/truth-set.js";
import { characterErrorRate, furnitureLeakage, readingOrderScore, wordF1 } from "./text-metrics.js";

interface Scores {
  cer: number;
  f1: number;
  order: number;
  leakage: number;
}

export async function assayText(pdf: Uint8Array): Promise<string> {
  const layout = new DocumentLayout();
  for await (const page of pageInputs(pdf)) layout.addPage(page);
  return layout.finish().text;
}

function pdftotextAvailable(): boolean {
  return spawnSync("pdftotext", ["-v"]).status === 0;
}

function pdftotext(pdf: Uint8Array): string {
  const dir = mkdtempSync(join(tmpdir(), "assay-bench-"));
  try {
    const file = join(dir, "doc.pdf");
    writeFileSync(file, pdf);
    const out = spawnSync("pdftotext", ["-enc", "UTF-8", file, "-"], { encoding: "utf8" });
    return out.stdout ?? "";
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function score(text: string, doc: TruthDocument): Scores {
  return {
    cer: characterErrorRate(text, doc.text),
    f1: wordF1(text, doc.text),
    order: readingOrderScore(text, doc.text),
    leakage: furnitureLeakage(text, doc.furniture),
  };
}

function mean(rows: Scores[]): Scores {
  const n = rows.length || 1;
  const sum = (k: keyof Scores) => rows.reduce((s, r) => s + r[k], 0) / n;
  return { cer: sum("cer"), f1: sum("f1"), order: sum("order"), leakage: sum("leakage") };
}

const fmt = (x: number) => x.toFixed(4);

/**
 * Markdown table: one row per layout and tool, averaged over the truth documents of that layout; review copies with
 * line numbers apart.
 */
async function qualityTable(docs: TruthDocument[], about: string): Promise<string> {
  const withPdftotext = pdftotextAvailable();
  const byLayout = new Map<string, { assay: Scores[]; pdftotext: Scores[] }>();
  for (const doc of docs) {
    const key = doc.lineNumbered ? `${doc.layout}, line-numbered` : doc.layout;
    const entry = byLayout.get(key) ?? { assay: [], pdftotext: [] };
    entry.assay.push(score(await assayText(doc.pdf), doc));
    if (withPdftotext) entry.pdftotext.push(score(pdftotext(doc.pdf), doc));
    byLayout.set(key, entry);
  }
  const lines = [
    "| layout | tool | CER | word F1 | reading order | header/footer leakage |",
    "| --- | --- | --- | --- | --- | --- |",
  ];
  for (const [layout, entry] of byLayout) {
    for (const [tool, rows] of [
      ["assay", entry.assay],
      ["pdftotext", entry.pdftotext],
    ] as const) {
      if (rows.length === 0) continue;
      const m = mean(rows);
      lines.push(`| ${layout} | ${tool} | ${fmt(m.cer)} | ${fmt(m.f1)} | ${fmt(m.order)} | ${fmt(m.leakage)} |`);
    }
  }
  if (!withPdftotext) lines.push("", "pdftotext not found (apt-get install poppler-utils): its rows are skipped.");
  lines.push("", about);
  return lines.join("\n");
}

export async function benchLayoutQuality(): Promise<string> {
  const docs = await truthSet();
  return qualityTable(
    docs,
    `Truth set: ${docs.length} PDFs typeset with pdf-lib (scripts/fixtures/truth-set.ts), exact text.`,
  );
}

/** The same measures on PDFs typeset by groff: rules checked against a typesetter they were not written for. */
export async function benchGroffLayoutQuality(papersJsonl: string): Promise<string> {
  if (!groffAvailable()) return "skipped: groff with its PDF device is not installed (apt-get install groff)\n";
  const docs = groffSet(papersJsonl);
  return qualityTable(
    docs,
    `Truth set: ${docs.length} PDFs typeset by groff -ms from prose paragraphs of ${papersJsonl} ` +
      "(scripts/fixtures/groff-set.ts): Times and Helvetica, one, two and three columns, groff's own hyphenation.",
  );
}
