// OCR through the real binary: only the image page of a mixed PDF is OCR'd, and the quality score is kept; a scan fed
// askew is turned straight, and counted in stats.json.
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { expect, it } from "vitest";
import { duckdbQuery } from "../duckdb.js";
import { MIXED_PDF_IMAGE_LINES, mixedPdf, skewedScanPdf } from "../fixtures/mixed-pdf.js";
import { tempDir } from "../temp-dir.js";
import { assay } from "./cli.js";

/** The ingest step's counters in an output's stats.json. */
function ingestCounters(out: string): Record<string, number> {
  return JSON.parse(readFileSync(join(out, "stats.json"), "utf8")).steps[0].counters;
}

it("assay ingest OCRs the image page of a mixed PDF and records it", async () => {
  const dir = tempDir("assay-ocr-");
  mkdirSync(join(dir, "in"));
  writeFileSync(join(dir, "in", "mixed.pdf"), await mixedPdf());
  writeFileSync(join(dir, "in", "skewed.pdf"), await skewedScanPdf(2.5));
  const out = join(dir, "out");
  const result = await assay("ingest", join(dir, "in"), "--out", out, "--workers", "1");
  expect(result.status, result.stderr).toBe(0);
  const [row] = await duckdbQuery(
    `SELECT extraction, ocr_pages, pages, text, ocr_quality FROM read_parquet('${out}/data/*.parquet')
     WHERE id = 'mixed'`,
  );
  expect(row).toMatchObject({ extraction: "mixed", ocr_pages: [2], pages: 3 });
  expect(row?.text).toContain("The first page has a real text layer.");
  expect(row?.text).toContain(MIXED_PDF_IMAGE_LINES[0]);
  expect(row?.ocr_quality).toBeGreaterThan(0.6);
  // Of the two OCR'd pages, the askew scan's was turned straight.
  expect(ingestCounters(out)).toMatchObject({ "page_source:image_only": 2, deskewed_pages: 1 });

  const never = await assay("ingest", join(dir, "in"), "--out", join(dir, "never"), "--ocr", "never");
  expect(never.status, never.stderr).toBe(0);
  const [plain] = await duckdbQuery(
    `SELECT extraction, ocr_pages, text FROM read_parquet('${dir}/never/data/*.parquet')`,
  );
  expect(plain).toMatchObject({ extraction: "text-layer", ocr_pages: [] });
  expect(plain?.text).not.toContain(MIXED_PDF_IMAGE_LINES[0]);
}, 180_000);
