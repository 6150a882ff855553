// Ingest throughput: `assay ingest --ocr never` over the born-digital papers with 1 and 2 workers, timed from the
// outside (process start to exit, what a user waits for), and pdftotext over the same files in the same run.
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { projectRoot } from "../../src/project-root.js";

const BORN_DIGITAL = join(projectRoot(), "../shared/corpus/pdf/born-digital");
const WORKER_COUNTS = [1, 2] as const;

interface IngestStats {
  name: string;
  counters: Record<string, number>;
}

interface Timing {
  label: string;
  seconds: number;
}

function assayIngest(workers: number): { seconds: number; pages: number; docs: number } {
  const out = mkdtempSync(join(tmpdir(), "assay-bench-ingest-"));
  try {
    const start = performance.now();
    execFileSync(
      process.execPath,
      [
        join(projectRoot(), "bin/assay.js"),
        "ingest",
        BORN_DIGITAL,
        "--out",
        out,
        "--ocr",
        "never",
        "--workers",
        String(workers),
        "--quiet",
      ],
      { stdio: ["ignore", "ignore", "inherit"] },
    );
    const seconds = (performance.now() - start) / 1000;
    const stats = JSON.parse(readFileSync(join(out, "stats.json"), "utf8")) as {
      steps: IngestStats[];
      counts: { kept: number };
    };
    const ingest = stats.steps.find((step) => step.name === "ingest");
    return { seconds, pages: ingest?.counters.pages ?? 0, docs: stats.counts.kept };
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

/** pdftotext on every file, one after another (one core); null when poppler-utils is not installed. */
function pdftotext(files: string[]): number | null {
  if (spawnSync("pdftotext", ["-v"]).error) return null;
  const out = mkdtempSync(join(tmpdir(), "assay-bench-pdftotext-"));
  try {
    const start = performance.now();
    files.forEach((file, i) => {
      spawnSync("pdftotext", ["-q", "-enc", "UTF-8", file, join(out, `${i}.txt`)]);
    });
    return (performance.now() - start) / 1000;
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

export async function benchIngest(): Promise<string> {
  if (!existsSync(BORN_DIGITAL)) return `skipped: ${BORN_DIGITAL} is absent\n`;
  const files = readdirSync(BORN_DIGITAL)
    .filter((name) => name.toLowerCase().endsWith(".pdf"))
    .sort()
    .map((name) => join(BORN_DIGITAL, name));
  const runs = WORKER_COUNTS.map((workers) => ({ workers, ...assayIngest(workers) }));
  const pages = runs[0]?.pages ?? 0;
  const timings: Timing[] = runs.map((run) => ({ label: `assay, ${run.workers} worker(s)`, seconds: run.seconds }));
  const baseline = pdftotext(files);
  if (baseline !== null) timings.push({ label: "pdftotext (poppler), 1 process at a time", seconds: baseline });
  const pagesPerSecond = (seconds: number) => pages / seconds;
  const rows = timings.map(
    ({ label, seconds }) =>
      `| ${label} | ${seconds.toFixed(1)} | ${pagesPerSecond(seconds).toFixed(1)} | ${
        baseline === null ? "n/a" : (baseline / seconds).toFixed(2)
      } |`,
  );
  return [
    `${files.length} PDFs, ${pages} pages (${runs[0]?.docs ?? 0} docs kept) from ../shared/corpus/pdf/born-digital; ` +
      "wall time of the whole command, process start included.",
    "",
    "| extractor | seconds | pages/s | speed vs pdftotext |",
    "| --- | --- | --- | --- |",
    ...rows,
    ...(baseline === null
      ? ["", "pdftotext skipped: poppler-utils is not installed (`apt-get install poppler-utils`)"]
      : []),
    "",
  ].join("\n");
}
