// Ingest throughput: `assay ingest --ocr never` over the born-digital papers with 1 and 2 workers, timed from the
// outside (process start to exit, what a user waits for), and pdftotext over the same files in the same run, as one
// process at a time and as two processes side by side (what the machine gives two workers); once, and the corpus
// three times over (a longer run, where each thread's start-up weighs less). CPU seconds are the children's user +
// system time: on a shared machine they move less than wall time.
import { execFile, execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { promisify } from "node:util";
import { projectRoot } from "../../src/project-root.js";

const BORN_DIGITAL = join(projectRoot(), "../shared/corpus/pdf/born-digital");
/** Linux USER_HZ: /proc reports CPU time in these ticks. */
const TICKS_PER_SECOND = 100;

interface IngestStats {
  name: string;
  counters: Record<string, number>;
}

interface Timing {
  label: string;
  seconds: number;
  cpuSeconds: number | null;
}

/** User + system CPU seconds of this process's finished children; null where /proc is absent. */
function childrenCpuSeconds(): number | null {
  if (!existsSync("/proc/self/stat")) return null;
  const stat = readFileSync("/proc/self/stat", "utf8");
  // Fields after the parenthesised command name; cutime and cstime are fields 16 and 17 of the whole line.
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return (Number(fields[13]) + Number(fields[14])) / TICKS_PER_SECOND;
}

async function timed(label: string, work: () => void | Promise<void>): Promise<Timing> {
  const cpuBefore = childrenCpuSeconds();
  const start = performance.now();
  await work();
  const seconds = (performance.now() - start) / 1000;
  const cpuAfter = childrenCpuSeconds();
  return { label, seconds, cpuSeconds: cpuBefore === null || cpuAfter === null ? null : cpuAfter - cpuBefore };
}

async function assayIngest(input: string, workers: number): Promise<Timing & { pages: number }> {
  const out = mkdtempSync(join(tmpdir(), "assay-bench-ingest-"));
  try {
    const args = ["ingest", input, "--out", out, "--ocr", "never", "--workers", String(workers), "--quiet"];
    const timing = await timed(`assay, ${workers} worker(s)`, () => {
      execFileSync(process.execPath, [join(projectRoot(), "bin/assay.js"), ...args], {
        stdio: ["ignore", "ignore", "inherit"],
      });
    });
    const stats = JSON.parse(readFileSync(join(out, "stats.json"), "utf8")) as { steps: IngestStats[] };
    const ingest = stats.steps.find((step) => step.name === "ingest");
    return { ...timing, pages: ingest?.counters.pages ?? 0 };
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

/** pdftotext over the files split into `processes` interleaved shares, each share one process at a time. */
async function pdftotext(files: string[], processes: number): Promise<Timing> {
  const out = mkdtempSync(join(tmpdir(), "assay-bench-pdftotext-"));
  const run = promisify(execFile);
  try {
    const label = `pdftotext (poppler), ${processes} process${processes > 1 ? "es side by side" : " at a time"}`;
    return await timed(label, async () => {
      const shares = Array.from({ length: processes }, async (_, share) => {
        for (let i = share; i < files.length; i += processes) {
          await run("pdftotext", ["-q", "-enc", "UTF-8", files[i] as string, join(out, `${i}.txt`)]).catch(() => {});
        }
      });
      await Promise.all(shares);
    });
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

/** The corpus repeated this many times (links under distinct names) for the long run's row. */
const LONG_RUN_REPEATS = 3;

interface Measured {
  pages: number;
  rows: string[];
  scaling: string[];
}

/** assay with 1 and 2 workers and pdftotext with 1 and 2 processes over the same files, in one run. */
async function measure(input: string, files: string[], label: string, havePdftotext: boolean): Promise<Measured> {
  const one = await assayIngest(input, 1);
  const two = await assayIngest(input, 2);
  const poppler = havePdftotext ? [await pdftotext(files, 1), await pdftotext(files, 2)] : [];
  const [popplerOne, popplerTwo] = poppler;
  const vsPdftotext = (seconds: number) => (popplerOne ? (popplerOne.seconds / seconds).toFixed(2) : "n/a");
  const rows = [one, two, ...poppler].map(
    ({ label: tool, seconds, cpuSeconds }) =>
      `| ${label} | ${tool} | ${seconds.toFixed(1)} | ${cpuSeconds === null ? "n/a" : cpuSeconds.toFixed(1)} | ${(
        one.pages / seconds
      ).toFixed(1)} | ${vsPdftotext(seconds)} |`,
  );
  const scaling =
    `${label}: two workers vs one: assay ${(one.seconds / two.seconds).toFixed(2)}x` +
    (popplerOne && popplerTwo
      ? `, pdftotext as two processes ${(popplerOne.seconds / popplerTwo.seconds).toFixed(2)}x (what this machine allows);` +
        ` single worker vs pdftotext ${(popplerOne.seconds / one.seconds).toFixed(2)}x (target 0.5).`
      : ".");
  return { pages: one.pages, rows, scaling: [scaling] };
}

export async function benchIngest(): Promise<string> {
  if (!existsSync(BORN_DIGITAL)) return `skipped: ${BORN_DIGITAL} is absent\n`;
  const files = readdirSync(BORN_DIGITAL)
    .filter((name) => name.toLowerCase().endsWith(".pdf"))
    .sort()
    .map((name) => join(BORN_DIGITAL, name));
  const havePdftotext = !spawnSync("pdftotext", ["-v"]).error;
  const once = await measure(BORN_DIGITAL, files, "corpus once", havePdftotext);
  // Each thread compiles pdf.js for itself (seconds of JIT per thread): a long run shows what is left once that
  // start-up is spread over more pages, as in a nightly ingestion.
  const repeated = mkdtempSync(join(tmpdir(), "assay-bench-repeated-"));
  try {
    const links: string[] = [];
    for (let r = 0; r < LONG_RUN_REPEATS; r++) {
      for (const file of files) {
        const link = join(repeated, `${r}-${basename(file)}`);
        symlinkSync(file, link);
        links.push(link);
      }
    }
    const long = await measure(repeated, links, `corpus x${LONG_RUN_REPEATS}`, havePdftotext);
    return [
      `${files.length} PDFs, ${once.pages} pages from ../shared/corpus/pdf/born-digital, once and ${LONG_RUN_REPEATS} times ` +
        "over; wall time of the whole command, process start included; CPU = user + system seconds of all its threads.",
      "",
      "| input | extractor | seconds | CPU seconds | pages/s | speed vs pdftotext (1 process) |",
      "| --- | --- | --- | --- | --- | --- |",
      ...once.rows,
      ...long.rows,
      "",
      ...once.scaling,
      "",
      ...long.scaling,
      ...(havePdftotext
        ? []
        : ["", "pdftotext skipped: poppler-utils is not installed (`apt-get install poppler-utils`)"]),
      "",
    ].join("\n");
  } finally {
    rmSync(repeated, { recursive: true, force: true });
  }
}
