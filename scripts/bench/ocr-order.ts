// OCR reading order: each scan's OCR text against assay's own text-layer text of the same pages of its born-digital
// original (cut out with pdf-lib), both through `assay ingest`. Layout is then the variable, next to recognition
// errors: word F1 beside the order score shows how much of the gap is recognition. Issue 5 asks that reading order
// on two-column scans be as good as on text-layer pages.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { PDFDocument } from "pdf-lib";
import { readParquetRows } from "../../src/io/parquet.js";
import { projectRoot } from "../../src/project-root.js";
import { readingOrderScore, wordF1 } from "./text-metrics.js";

interface ScanOfOriginal {
  file: string;
  original: string;
  /** 0-based page indices of the original that the scan shows. */
  pages: number[];
}

/** Scans whose manifest row names a born-digital original and its pages ("1-3"). */
function scansOfOriginals(scanned: string): ScanOfOriginal[] {
  const [header, ...rows] = readFileSync(join(scanned, "manifest.tsv"), "utf8").trim().split("\n");
  const columns = (header ?? "").split("\t");
  const at = (row: string[], name: string) => row[columns.indexOf(name)] ?? "";
  return rows
    .map((line) => line.split("\t"))
    .filter((row) => at(row, "source_file").startsWith("born-digital/"))
    .map((row) => {
      const [first, last] = at(row, "source_pages").split("-").map(Number) as [number, number];
      return {
        file: at(row, "file"),
        original: join(scanned, "..", at(row, "source_file")),
        pages: Array.from({ length: last - first + 1 }, (_, i) => first - 1 + i),
      };
    });
}

/** `assay ingest` of the inputs: each document's text by its file name. */
export async function ingestTexts(inputs: string[], ocr: "auto" | "never"): Promise<Map<string, string>> {
  const out = mkdtempSync(join(tmpdir(), "assay-bench-ocr-order-out-"));
  try {
    execFileSync(
      process.execPath,
      [join(projectRoot(), "bin/assay.js"), "ingest", ...inputs, "--out", out, "--ocr", ocr, "--quiet"],
      { stdio: ["ignore", "ignore", "inherit"] },
    );
    const texts = new Map<string, string>();
    for (const shard of readdirSync(join(out, "data")).filter((name) => name.endsWith(".parquet"))) {
      for await (const row of readParquetRows(join(out, "data", shard))) {
        texts.set(basename(String(row.source)), String(row.text));
      }
    }
    return texts;
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

export async function ocrReadingOrder(scanned: string, out: string[]): Promise<void> {
  const scans = scansOfOriginals(scanned);
  const originals = mkdtempSync(join(tmpdir(), "assay-bench-originals-"));
  try {
    for (const scan of scans) {
      const source = await PDFDocument.load(readFileSync(scan.original));
      const cut = await PDFDocument.create();
      for (const page of await cut.copyPages(source, scan.pages)) cut.addPage(page);
      writeFileSync(join(originals, scan.file), await cut.save());
    }
    const textLayer = await ingestTexts([originals], "never");
    const ocr = await ingestTexts(
      scans.map((scan) => join(scanned, scan.file)),
      "auto",
    );
    out.push(
      "",
      "### Reading order of OCR text vs assay's text layer of the same original pages",
      "",
      "| scan | reading order | word F1 |",
      "| --- | --- | --- |",
    );
    for (const scan of scans) {
      const truth = textLayer.get(scan.file);
      const read = ocr.get(scan.file);
      if (truth === undefined || read === undefined) continue;
      out.push(`| ${scan.file} | ${readingOrderScore(read, truth).toFixed(3)} | ${wordF1(read, truth).toFixed(3)} |`);
    }
  } finally {
    rmSync(originals, { recursive: true, force: true });
  }
}
