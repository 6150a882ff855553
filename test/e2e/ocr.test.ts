// OCR through the real binary: only the image page of a mixed PDF is OCR'd, and the quality score is kept.
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { expect, it } from "vitest";
import { duckdbQuery } from "../duckdb.js";
import { MIXED_PDF_IMAGE_LINES, mixedPdf } from "../fixtures/mixed-pdf.js";
import { tempDir } from "../temp-dir.js";
import { assay } from "./cli.js";

it("assay ingest OCRs the image page of a mixed PDF and records it", async () => {
  const dir = tempDir("assay-ocr-");
  mkdirSync(join(dir, "in"));
  writeFileSync(join(dir, "in", "mixed.pdf"), await mixedPdf());
  const out = join(dir, "out");
  const result = await assay("ingest", join(dir, "in"), "--out", out, "--workers", "1");
  expect(result.status, result.stderr).toBe(0);
  const [row] = await duckdbQuery(
    `SELECT extraction, ocr_pages, pages, text, ocr_quality FROM read_parquet('${out}/data/*.parquet')`,
  );
  expect(row).toMatchObject({ extraction: "mixed", ocr_pages: [2], pages: 3 });
  expect(row?.text).toContain("The first page has a real text layer.");
  expect(row?.text).toContain(MIXED_PDF_IMAGE_LINES[0]);
  expect(row?.ocr_quality).toBeGreaterThan(0.6);

  const never = await assay("ingest", join(dir, "in"), "--out", join(dir, "never"), "--ocr", "never");
  expect(never.status, never.stderr).toBe(0);
  const [plain] = await duckdbQuery(
    `SELECT extraction, ocr_pages, text FROM read_parquet('${dir}/never/data/*.parquet')`,
  );
  expect(plain).toMatchObject({ extraction: "text-layer", ocr_pages: [] });
  expect(plain?.text).not.toContain(MIXED_PDF_IMAGE_LINES[0]);
}, 180_000);
