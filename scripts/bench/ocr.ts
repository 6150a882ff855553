// OCR bench, issue 5's targets: seconds per page of assay (tesseract.js pool) against native tesseract on one core,
// on the same grey image of the same page, with CER, by degradation level; embedded image vs pdf.js render; and
// `assay ingest` with 1 and 2 workers over the scanned set and over one long scan; reading order of OCR text. Times are CPU seconds (user + system, what a page costs
// on a busy shared machine) next to wall seconds. Pages run one at a time and assay and native alternate page by
// page, so load from other processes hits both alike.
// Run: node dist/scripts/bench/ocr.js  (reads ../shared/corpus/pdf/scanned; native needs `tesseract` on PATH).
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { PDFDocument } from "pdf-lib";
import { getDocument, type PDFDocumentProxy, type PDFPageProxy } from "pdfjs-dist/legacy/build/pdf.mjs";
import type { PageInput } from "../../ingest/layout/types.js";
import { characterErrorRate } from "../../ingest/ocr/character-error-rate.js";
import { OCR_ENGINE_DEFAULTS, OcrEngine } from "../../ingest/ocr/ocr-engine.js";
import { type GrayRaster, pageRaster, RASTER_DEFAULTS } from "../../ingest/ocr/page-raster.js";
import { toPgm } from "../../ingest/ocr/pgm.js";
import { projectRoot } from "../../src/project-root.js";
import { ingestTexts, ocrReadingOrder } from "./ocr-order.js";

const SCANNED = join(projectRoot(), "../shared/corpus/pdf/scanned");
const WASM = `${join(projectRoot(), "node_modules/pdfjs-dist/wasm")}/`;
/** One prose page per file; the reference is the text of that page (pdftotext of the original, or vendor OCR). */
const PAGE = 2;
/** The model assay used before tessdata_fast, kept as a column to show what the model is worth. */
const PREVIOUS_MODEL = "4.0.0_best_int";

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

/** One PDF of the scanned set, opened the way ingest opens it. */
const openScan = (name: string): Promise<PDFDocumentProxy> =>
  getDocument({
    data: new Uint8Array(readFileSync(join(SCANNED, name))),
    isEvalSupported: false,
    wasmUrl: WASM,
    verbosity: 0,
  }).promise;

/** The scanned set's image-only PDFs (the vendor-layer copy of the real scan left out), in name order. */
const imageOnlyScans = () =>
  readdirSync(SCANNED)
    .filter((n) => n.endsWith(".pdf") && !n.includes("vendor-ocr"))
    .sort();

const text = (input: PageInput) => input.runs.map((r) => r.str + (r.hasEOL ? "\n" : "")).join("");

interface Cost {
  wall: number;
  /** User + system CPU seconds; null when the child's could not be measured. */
  cpu: number | null;
}

/** Runs work in this process; its CPU includes tesseract.js's worker thread, the only other busy thread here. */
async function measured<T>(work: () => Promise<T>): Promise<Cost & { value: T }> {
  const start = performance.now();
  const cpu0 = process.cpuUsage();
  const value = await work();
  const cpu = process.cpuUsage(cpu0);
  return { wall: (performance.now() - start) / 1000, cpu: (cpu.user + cpu.system) / 1e6, value };
}

const hasGnuTime = existsSync("/usr/bin/time");

/** A child process timed from outside, with its CPU from GNU time when installed. */
function child(command: string, args: string[], env: NodeJS.ProcessEnv = process.env): Cost & { stdout: string } {
  const dir = mkdtempSync(join(tmpdir(), "assay-bench-time-"));
  const timeFile = join(dir, "time");
  try {
    const [cmd, argv] = hasGnuTime
      ? ["/usr/bin/time", ["-f", "%U %S", "-o", timeFile, command, ...args]]
      : [command, args];
    const start = performance.now();
    const run = spawnSync(cmd as string, argv as string[], { env, encoding: "utf8", maxBuffer: 64 << 20 });
    const wall = (performance.now() - start) / 1000;
    if (run.status !== 0) throw new Error(`${command} failed: ${run.stderr.slice(-500)}`);
    const times = hasGnuTime ? readFileSync(timeFile, "utf8").trim().split(/\s+/).map(Number) : [];
    const cpu = times.length === 2 ? (times[0] as number) + (times[1] as number) : null;
    return { wall, cpu, stdout: run.stdout };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Native tesseract 5 on one core (OMP_THREAD_LIMIT=1), automatic segmentation, on the same PGM. */
function native(raster: GrayRaster, dir: string): Cost & { text: string } {
  const image = join(dir, "page.pgm");
  writeFileSync(image, toPgm(raster));
  const run = child("tesseract", [image, "stdout", "--psm", "3", "-l", "eng"], {
    ...process.env,
    OMP_THREAD_LIMIT: "1",
  });
  return { ...run, text: run.stdout };
}

/** The page drawn by pdf.js at the embedded image's own pixel size, so both OCR inputs have the same resolution. */
async function renderedLike(pdf: PDFDocumentProxy, page: PDFPageProxy, embedded: GrayRaster) {
  const { width } = page.getViewport({ scale: 1 });
  const dpi = (72 * embedded.width) / width;
  return measured(() => pageRaster(pdf, page, { ...RASTER_DEFAULTS, dpi, source: "render" }));
}

const f2 = (n: number | null) => (n === null ? "–" : n.toFixed(2));
const pct = (n: number) => `${(n * 100).toFixed(2)}%`;
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);

interface PageRow {
  degradation: string;
  assay: Cost;
  native: Cost | null;
  previous: Cost;
  assayCer: number;
  nativeCer: number | null;
  previousCer: number;
}

async function pagesSection(out: string[]): Promise<void> {
  const hasNative = !spawnSync("tesseract", ["--version"]).error;
  const tmp = mkdtempSync(join(tmpdir(), "assay-ocr-bench-"));
  const engine = await OcrEngine.create({ workers: 1 });
  const previous = await OcrEngine.create({ workers: 1, model: PREVIOUS_MODEL });
  const rows: PageRow[] = [];
  const renders: string[] = [];
  if (!hasNative)
    out.push("_native tesseract not on PATH: its columns are empty (apt-get install tesseract-ocr)._", "");
  out.push(
    `### Per page (page ${PAGE} of each file; CPU s, wall s in brackets)`,
    "",
    `| degradation | file | px | raster CPU s | assay s | native s | CPU ratio | assay CER | native CER | ${PREVIOUS_MODEL} s | its CER |`,
    "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |",
  );
  try {
    let warm = false;
    for (const row of manifest()) {
      const pdf = await openScan(row.file);
      const page = await pdf.getPage(PAGE);
      const { width, height } = page.getViewport({ scale: 1 });
      const raster = await measured(() => pageRaster(pdf, page));
      const recognize = (ocr: OcrEngine, image: GrayRaster) =>
        measured(() => ocr.recognize(image, PAGE, width, height));
      if (!warm) await Promise.all([recognize(engine, raster.value), recognize(previous, raster.value)]); // JIT warm-up
      warm = true;
      const reference = readFileSync(join(SCANNED, row.reference), "utf8").split("\f")[PAGE - 1] ?? "";
      const assay = await recognize(engine, raster.value);
      const nat = hasNative ? native(raster.value, tmp) : null;
      const old = await recognize(previous, raster.value);
      const result: PageRow = {
        degradation: row.degradation,
        assay,
        native: nat,
        previous: old,
        assayCer: characterErrorRate(text(assay.value), reference),
        nativeCer: nat ? characterErrorRate(nat.text, reference) : null,
        previousCer: characterErrorRate(text(old.value), reference),
      };
      rows.push(result);
      const ratio = nat?.cpu ? (assay.cpu as number) / nat.cpu : null;
      out.push(
        `| ${row.degradation} | ${row.file.slice(0, 24)} | ${raster.value.width}×${raster.value.height} ${raster.value.source} | ${f2(raster.cpu)} | ${f2(assay.cpu)} (${f2(assay.wall)}) | ${nat ? `${f2(nat.cpu)} (${f2(nat.wall)})` : "–"} | ${f2(ratio)} | ${pct(result.assayCer)} | ${result.nativeCer === null ? "–" : pct(result.nativeCer)} | ${f2(old.cpu)} | ${pct(result.previousCer)} |`,
      );
      if (row.degradation === "mild" && raster.value.source === "embedded") {
        const rendered = await renderedLike(pdf, page, raster.value);
        const ocr = await recognize(engine, rendered.value);
        renders.push(
          `| ${row.file.slice(0, 24)} | ${raster.value.width}×${raster.value.height} | ${f2(raster.cpu)} | ${pct(result.assayCer)} | ${rendered.value.width}×${rendered.value.height} | ${f2(rendered.cpu)} | ${f2(ocr.cpu)} | ${pct(characterErrorRate(text(ocr.value), reference))} |`,
        );
      }
      await pdf.destroy();
    }
  } finally {
    await engine.close();
    await previous.close();
    rmSync(tmp, { recursive: true, force: true });
  }

  out.push(
    "",
    "### By degradation level (mean per page)",
    "",
    `| degradation | pages | assay CPU s | native CPU s | CPU ratio | wall ratio | assay CER | native CER | ${PREVIOUS_MODEL} CPU s | its ratio |`,
    "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |",
  );
  const levels = [...new Set(rows.map((r) => r.degradation)), "all"];
  for (const level of levels) {
    const group = rows.filter((r) => level === "all" || r.degradation === level);
    const assayCpu = mean(group.map((r) => r.assay.cpu as number));
    const nativeCpu = hasNative ? mean(group.map((r) => r.native?.cpu ?? Number.NaN)) : null;
    const nativeWall = hasNative ? mean(group.map((r) => r.native?.wall ?? Number.NaN)) : null;
    const previousCpu = mean(group.map((r) => r.previous.cpu as number));
    out.push(
      `| ${level} | ${group.length} | ${f2(assayCpu)} | ${f2(nativeCpu)} | ${nativeCpu ? f2(assayCpu / nativeCpu) : "–"} | ${nativeWall ? f2(mean(group.map((r) => r.assay.wall)) / nativeWall) : "–"} | ${pct(mean(group.map((r) => r.assayCer)))} | ${hasNative ? pct(mean(group.map((r) => r.nativeCer ?? 0))) : "–"} | ${f2(previousCpu)} | ${nativeCpu ? f2(previousCpu / nativeCpu) : "–"} |`,
    );
  }
  out.push(
    "",
    "### Embedded image vs pdf.js render (mild scans, render at the image's own pixel size)",
    "",
    "| file | embedded px | extract CPU s | CER | render px | render CPU s | OCR CPU s | CER |",
    "| --- | --- | --- | --- | --- | --- | --- | --- |",
    ...renders,
  );
}

/** Page reasons (page-decision.ts TextLayerReason) that mean the page was not OCR'd. */
const NOT_OCR = new Set(["text_layer", "ocr_disabled", "empty_page"]);

/** The scanned set's image-only PDFs as one long scan (pdf-lib copies the pages): a thesis-like single document. */
async function longScan(dir: string): Promise<string> {
  const merged = await PDFDocument.create();
  for (const name of imageOnlyScans()) {
    const source = await PDFDocument.load(readFileSync(join(SCANNED, name)));
    for (const page of await merged.copyPages(source, source.getPageIndices())) merged.addPage(page);
  }
  const path = join(dir, "long-scan.pdf");
  writeFileSync(path, await merged.save());
  return path;
}

/** Rounds of the scaling runs: this VM's neighbours swing one run's wall time by 10-20%. */
const SCALING_ROUNDS = 2;

interface IngestRun {
  wall: number;
  cpu: number | null;
  docs: number;
  pages: number;
  ocrPages: number;
}

/** `assay ingest` as a user runs it: process start to exit, OCR where pages need it. */
function timedIngest(input: string, workers: number): IngestRun {
  const dir = mkdtempSync(join(tmpdir(), "assay-bench-ocr-ingest-"));
  try {
    const run = child(process.execPath, [
      join(projectRoot(), "bin/assay.js"),
      "ingest",
      input,
      "--out",
      dir,
      "--workers",
      String(workers),
      "--quiet",
    ]);
    const stats = JSON.parse(readFileSync(join(dir, "stats.json"), "utf8")) as {
      steps: { name: string; counters: Record<string, number> }[];
      counts: { kept: number };
    };
    const counters = stats.steps.find((step) => step.name === "ingest")?.counters ?? {};
    const ocrPages = Object.entries(counters)
      .filter(([name]) => name.startsWith("page_source:") && !NOT_OCR.has(name.slice("page_source:".length)))
      .reduce((sum, [, n]) => sum + n, 0);
    return { wall: run.wall, cpu: run.cpu, docs: stats.counts.kept, pages: counters.pages ?? 0, ocrPages };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * 1 and 2 workers over the scanned set (documents spread over threads) and over one long scan (its pages spread
 * over the OCR workers). Each configuration runs SCALING_ROUNDS times, alternating which goes first; the speed-up
 * is that of the best walls (the runs least disturbed by the VM's neighbours), each round's own is listed too.
 */
async function ingestScaling(out: string[]): Promise<void> {
  out.push(
    "",
    `### \`assay ingest\` with 1 and 2 workers: pool scaling (best of ${SCALING_ROUNDS} alternated runs)`,
    "",
    "| input | workers | docs | pages | OCR pages | wall s, each run | CPU s/page (best run) | speed-up (best walls) | speed-up, each round |",
    "| --- | --- | --- | --- | --- | --- | --- | --- | --- |",
  );
  const scratch = mkdtempSync(join(tmpdir(), "assay-bench-ocr-long-"));
  try {
    const inputs: [string, string][] = [
      ["scanned set", SCANNED],
      ["one long scan", await longScan(scratch)],
    ];
    for (const [label, input] of inputs) {
      const runs: Record<1 | 2, IngestRun[]> = { 1: [], 2: [] };
      for (let round = 0; round < SCALING_ROUNDS; round++)
        for (const workers of round % 2 === 0 ? ([1, 2] as const) : ([2, 1] as const))
          runs[workers].push(timedIngest(input, workers));
      const fastest = (list: IngestRun[]) => list.reduce((a, b) => (b.wall < a.wall ? b : a));
      const single = fastest(runs[1]).wall;
      const rounds = runs[1].map((one, i) => `${f2(one.wall / (runs[2][i] as IngestRun).wall)}×`).join(", ");
      for (const workers of [1, 2] as const) {
        const b = fastest(runs[workers]);
        const walls = runs[workers].map((r) => f2(r.wall)).join(", ");
        const cpuPerPage = b.cpu === null ? "–" : f2(b.cpu / Math.max(1, b.pages));
        out.push(
          `| ${label} | ${workers} | ${b.docs} | ${b.pages} | ${b.ocrPages} | ${walls} | ${cpuPerPage} | ${f2(single / b.wall)}× | ${workers === 2 ? rounds : ""} |`,
        );
      }
    }
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

interface PoolPage {
  raster: GrayRaster;
  pageNumber: number;
  width: number;
  height: number;
}

/** Every page of the image-only scans as the raster ingest hands to OCR. */
async function scannedPages(): Promise<PoolPage[]> {
  const pages: PoolPage[] = [];
  for (const name of imageOnlyScans()) {
    const pdf = await openScan(name);
    for (let n = 1; n <= pdf.numPages; n++) {
      const page = await pdf.getPage(n);
      const { width, height } = page.getViewport({ scale: 1 });
      pages.push({ raster: await pageRaster(pdf, page), pageNumber: n, width, height });
    }
    await pdf.destroy();
  }
  return pages;
}

/**
 * The recognition pool on its own, what issue 5's "pool scaling" names: the same page rasters queued at once to a
 * warm pool of 1 or 2 tesseract.js workers (each has read one page first, so V8 has compiled the wasm). Ingest adds
 * pdf.js, layout and Parquet on top; with one worker that work runs beside OCR on the other core, which is why the
 * ingest table above scales less.
 */
async function poolScaling(out: string[]): Promise<void> {
  const pages = await scannedPages();
  const runs: Record<1 | 2, Cost[]> = { 1: [], 2: [] };
  for (let round = 0; round < SCALING_ROUNDS; round++)
    for (const workers of round % 2 === 0 ? ([1, 2] as const) : ([2, 1] as const)) {
      const engine = await OcrEngine.create({ workers });
      try {
        const recognize = (p: PoolPage) => engine.recognize(p.raster, p.pageNumber, p.width, p.height);
        await Promise.all(pages.slice(0, workers).map(recognize));
        runs[workers].push(await measured(() => Promise.all(pages.map(recognize))));
      } finally {
        await engine.close();
      }
    }
  const best = (workers: 1 | 2) => runs[workers].reduce((a, b) => (b.wall < a.wall ? b : a));
  const rounds = runs[1].map((one, i) => `${f2(one.wall / (runs[2][i] as Cost).wall)}×`).join(", ");
  out.push(
    "",
    `### The recognition pool alone, 1 and 2 workers (${pages.length} scanned pages queued at once, best of ${SCALING_ROUNDS} alternated runs)`,
    "",
    "| workers | wall s, each run | CPU s/page (best run) | speed-up (best walls) | speed-up, each round |",
    "| --- | --- | --- | --- | --- |",
    ...([1, 2] as const).map(
      (w) =>
        `| ${w} | ${runs[w].map((r) => f2(r.wall)).join(", ")} | ${f2((best(w).cpu as number) / pages.length)} | ${f2(best(1).wall / best(w).wall)}× | ${w === 2 ? rounds : ""} |`,
    ),
  );
}

const REAL_SCAN = "realscan-01_neco1995_helmholtz-machine_image-only.pdf";
const REAL_SCAN_VENDOR_TEXT = "realscan-01_neco1995_helmholtz-machine.vendor-ocr.txt";

/**
 * The real 1995 scan whole, as a user gets it: `assay ingest` (OCR, layout, cleanup) against native tesseract on
 * each page's same image, both against the vendor's OCR layer. The issue asks assay to be at least as close.
 */
async function realScanWhole(out: string[]): Promise<void> {
  if (spawnSync("tesseract", ["--version"]).error) return;
  const vendor = readFileSync(join(SCANNED, REAL_SCAN_VENDOR_TEXT), "utf8");
  const assay = (await ingestTexts([join(SCANNED, REAL_SCAN)], "auto")).get(REAL_SCAN) ?? "";
  const pdf = await openScan(REAL_SCAN);
  const tmp = mkdtempSync(join(tmpdir(), "assay-ocr-bench-real-"));
  const pages: string[] = [];
  try {
    for (let n = 1; n <= pdf.numPages; n++) pages.push(native(await pageRaster(pdf, await pdf.getPage(n)), tmp).text);
  } finally {
    rmSync(tmp, { recursive: true, force: true });
    await pdf.destroy();
  }
  out.push(
    "",
    `### The real 1995 scan, all ${pages.length} pages: CER against its vendor OCR layer`,
    "",
    "| assay ingest (OCR, layout, cleanup) | native tesseract, page texts joined |",
    "| --- | --- |",
    `| ${pct(characterErrorRate(assay, vendor))} | ${pct(characterErrorRate(pages.join("\n"), vendor))} |`,
  );
}

export async function benchOcr(): Promise<string> {
  if (!existsSync(SCANNED)) return `## OCR\n\nskipped: ${SCANNED} is absent\n`;
  const out: string[] = [
    `## OCR: assay (tesseract.js 7, eng ${OCR_ENGINE_DEFAULTS.model}, psm 3) vs native tesseract 5 (Debian, eng fast)`,
    "",
  ];
  await pagesSection(out);
  await ingestScaling(out);
  await poolScaling(out);
  await realScanWhole(out);
  await ocrReadingOrder(SCANNED, out);
  out.push(
    "",
    "assay s = recognition on one warm worker (PGM hand-off and hOCR parsing included); native s = one `tesseract`",
    "process on one core (its model load, ~0.1 s, included); assay's first page per worker, ~1.5 s more while V8",
    "compiles the wasm, is left out (ingest pays it once per thread). CPU ratio = assay / native CPU seconds: the issue's",
    "target is ≤ 1.3. CER is against pdftotext of the original page (vendor OCR for the real scan): reading order",
    "around figures counts as error for both. Ingest CPU s is the whole process tree (pdf.js, OCR threads, layout,",
    "Parquet); its speed-up is wall time and needs an otherwise idle 2-core machine to mean anything.",
  );
  return `${out.join("\n")}\n`;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  console.log(await benchOcr());
}
