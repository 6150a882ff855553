// OCR bench: assay (tesseract.js pool) against native tesseract on the same grey image of the same page, by
// degradation level; embedded-image vs 300 dpi render; pool scaling 1 vs 2 workers. Pages run one at a time and
// assay and native alternate page by page, so load from other processes on a shared machine hits both alike.
// Run: node dist/scripts/bench/ocr.js  (reads ../shared/corpus/pdf/scanned; native needs `tesseract` on PATH).
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { getDocument, type PDFDocumentProxy } from "pdfjs-dist/legacy/build/pdf.mjs";
import type { PageInput } from "../../ingest/layout/types.js";
import { characterErrorRate } from "../../ingest/ocr/character-error-rate.js";
import { OcrEngine } from "../../ingest/ocr/ocr-engine.js";
import { type GrayRaster, pageRaster, RASTER_DEFAULTS, toPgm } from "../../ingest/ocr/page-raster.js";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "../../..");
const PROJECT = existsSync(join(ROOT, "package.json")) ? ROOT : join(ROOT, "..");
const SCANNED = join(PROJECT, "../shared/corpus/pdf/scanned");
const WASM = `${join(PROJECT, "node_modules/pdfjs-dist/wasm")}/`;

/** One prose page per file; the reference is the text of that page (pdftotext of the original, or vendor OCR). */
const PAGE = 2;
/** Debian's tessdata_fast model, the one native tesseract uses: run through assay too when present. */
const SYSTEM_TESSDATA = "/usr/share/tesseract-ocr/5/tessdata";

interface ManifestRow {
  file: string;
  reference: string;
  degradation: string;
}

function manifest(): ManifestRow[] {
  const [header, ...lines] = readFileSync(join(SCANNED, "manifest.tsv"), "utf8").trim().split("\n");
  const cols = (header ?? "").split("\t");
  return lines
    .map((line) => Object.fromEntries(line.split("\t").map((v, i) => [cols[i], v])))
    .filter((r) => !String(r.file).includes("vendor-ocr-layer"))
    .map((r) => ({
      file: r.file,
      reference: r.reference_text,
      degradation: String(r.degradation).split(" ")[0] ?? "",
    }));
}

const text = (input: PageInput) => input.runs.map((r) => r.str + (r.hasEOL ? "\n" : "")).join("");

function nativeAvailable(): boolean {
  return !spawnSync("tesseract", ["--version"]).error;
}

/** Native tesseract 5 on one core (OMP_THREAD_LIMIT=1), automatic segmentation, on the same PGM. */
function native(raster: GrayRaster, dir: string): { seconds: number; text: string } {
  const image = join(dir, "page.pgm");
  writeFileSync(image, toPgm(raster));
  const start = performance.now();
  const run = spawnSync("tesseract", [image, "stdout", "--psm", "3", "-l", "eng"], {
    env: { ...process.env, OMP_THREAD_LIMIT: "1" },
    encoding: "utf8",
  });
  return { seconds: (performance.now() - start) / 1000, text: run.stdout };
}

async function timed<T>(work: () => Promise<T>): Promise<{ seconds: number; value: T }> {
  const start = performance.now();
  const value = await work();
  return { seconds: (performance.now() - start) / 1000, value };
}

const f2 = (n: number) => n.toFixed(2);
const pct = (n: number) => `${(n * 100).toFixed(1)}%`;

export async function benchOcr(): Promise<string> {
  if (!existsSync(SCANNED)) return `## OCR\n\nskipped: ${SCANNED} is absent\n`;
  const hasNative = nativeAvailable();
  const tmp = mkdtempSync(join(tmpdir(), "assay-ocr-bench-"));
  const engine = await OcrEngine.create({ workers: 1 });
  const fast = existsSync(join(SYSTEM_TESSDATA, "eng.traineddata"))
    ? await OcrEngine.create({ workers: 1, langPath: SYSTEM_TESSDATA })
    : null;
  const out: string[] = ["## OCR: assay (tesseract.js 7, eng 4.0.0_best_int, psm 3) vs native tesseract 5", ""];
  if (!hasNative)
    out.push("_native tesseract not on PATH: its columns are skipped (apt-get install tesseract-ocr)._", "");
  out.push(
    "| degradation | file | px | raster s | assay s | native s | ratio | assay CER | native CER | assay+fast s | +fast CER |",
    "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |",
  );
  const rasters: { raster: GrayRaster; width: number; height: number }[] = [];
  let renderRow = "";
  try {
    let warm = false;
    for (const row of manifest()) {
      const pdf: PDFDocumentProxy = await getDocument({
        data: new Uint8Array(readFileSync(join(SCANNED, row.file))),
        isEvalSupported: false,
        wasmUrl: WASM,
        verbosity: 0,
      }).promise;
      const page = await pdf.getPage(PAGE);
      const { width, height } = page.getViewport({ scale: 1 });
      const raster = await timed(() => pageRaster(pdf, page));
      if (!warm) {
        // JIT and model warm-up
        await engine.recognize(raster.value, PAGE, width, height);
        await fast?.recognize(raster.value, PAGE, width, height);
      }
      warm = true;
      const reference = readFileSync(join(SCANNED, row.reference), "utf8").split("\f")[PAGE - 1] ?? "";
      const assay = await timed(() => engine.recognize(raster.value, PAGE, width, height));
      const nat = hasNative ? native(raster.value, tmp) : null;
      const withFast = fast ? await timed(() => fast.recognize(raster.value, PAGE, width, height)) : null;
      rasters.push({ raster: raster.value, width, height });
      out.push(
        `| ${row.degradation} | ${row.file.slice(0, 24)} | ${raster.value.width}×${raster.value.height} ${raster.value.source} | ${f2(raster.seconds)} | ${f2(assay.seconds)} | ${nat ? f2(nat.seconds) : "–"} | ${nat ? f2(assay.seconds / nat.seconds) : "–"} | ${pct(characterErrorRate(text(assay.value), reference))} | ${nat ? pct(characterErrorRate(nat.text, reference)) : "–"} | ${withFast ? f2(withFast.seconds) : "–"} | ${withFast ? pct(characterErrorRate(text(withFast.value), reference)) : "–"} |`,
      );
      if (row.degradation === "mild" && renderRow === "") {
        // The same page drawn at 300 dpi instead of read from its embedded image.
        const rendered = await timed(() => pageRaster(pdf, page, { ...RASTER_DEFAULTS, source: "render" }));
        const ocr = await timed(() => engine.recognize(rendered.value, PAGE, width, height));
        renderRow = `| render ${RASTER_DEFAULTS.dpi} dpi | ${row.file.slice(0, 24)} | ${rendered.value.width}×${rendered.value.height} | ${f2(rendered.seconds)} | ${f2(ocr.seconds)} | – | – | ${pct(characterErrorRate(text(ocr.value), reference))} | – | – | – |`;
      }
      await pdf.destroy();
    }
    if (renderRow) out.push(renderRow);
  } finally {
    await engine.close();
    await fast?.close();
    rmSync(tmp, { recursive: true, force: true });
  }

  out.push("", "| workers | pages | wall s | pages/s | speed-up |", "| --- | --- | --- | --- | --- |");
  const pages = rasters.slice(0, 4);
  let single = 0;
  for (const workers of [1, 2]) {
    const pool = await OcrEngine.create({ workers });
    await Promise.all(pages.slice(0, workers).map((p) => pool.recognize(p.raster, PAGE, p.width, p.height)));
    const wall = await timed(() => Promise.all(pages.map((p) => pool.recognize(p.raster, PAGE, p.width, p.height))));
    await pool.close();
    const rate = pages.length / wall.seconds;
    if (workers === 1) single = rate;
    out.push(`| ${workers} | ${pages.length} | ${f2(wall.seconds)} | ${f2(rate)} | ${f2(rate / single)}× |`);
  }
  out.push(
    "",
    "assay s = recognition on one warm worker (PGM hand-off included); native s = one `tesseract` process on one core",
    "(model load, ~0.1 s, included). CER is against pdftotext of the original page (vendor OCR for the real scan):",
    "reading order around figures counts as error for both. assay+fast = assay with Debian's tessdata_fast model",
    "(`langPath`), to separate the model's share of the gap from the wasm runtime's.",
  );
  return `${out.join("\n")}\n`;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  console.log(await benchOcr());
}
