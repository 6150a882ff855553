// `npm run bench [-- --only ingest,parquet] [-- --ocr]`: runs the bench sections and appends one dated section to
// BENCHMARKS.md, headed by the machine and its load (the machine may be shared: figures are only comparable
// between runs at similar load). OCR is slow, so it runs only with --ocr or when named in --only; ranking memory
// (rank-memory) only when named.
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { appendFile } from "node:fs/promises";
import { cpus, loadavg } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { projectRoot } from "../src/project-root.js";
import { benchDedup } from "./bench/dedup.js";
import { benchDensity } from "./bench/density.js";
import { benchFilters } from "./bench/filters.js";
import { benchIngest } from "./bench/ingest.js";
import { benchGroffLayoutQuality, benchLayoutQuality } from "./bench/layout.js";
import { benchOcr } from "./bench/ocr.js";
import { benchParquet } from "./bench/parquet.js";
import { benchRank } from "./bench/rank.js";
import { benchRankMemory } from "./bench/rank-memory.js";
import { benchReport } from "./bench/report.js";
import { benchStartup } from "./bench/startup.js";

const SHARED = join(projectRoot(), "../shared");

interface Section {
  title: string;
  /** Inputs the section reads; it is skipped with a message when they are absent. */
  needs?: string;
  run(): Promise<string>;
}

const SECTIONS: Record<string, Section> = {
  ingest: { title: "Ingest", run: benchIngest },
  parquet: { title: "Parquet write", run: benchParquet },
  filters: { title: "Filters", needs: join(SHARED, "reference/text-dev"), run: benchFilters },
  dedup: { title: "Dedup", needs: join(SHARED, "reference/text-dev"), run: benchDedup },
  layout: { title: "Layout quality (generated truth set)", run: benchLayoutQuality },
  "layout-groff": {
    title: "Layout quality (groff-typeset truth set)",
    needs: join(SHARED, "reference/papers/docs.jsonl"),
    run: () => benchGroffLayoutQuality(join(SHARED, "reference/papers/docs.jsonl")),
  },
  density: { title: "Density scoring", run: () => benchDensity(SHARED) },
  rank: { title: "assay rank on raw text", needs: join(SHARED, "reference/papers/docs.jsonl"), run: benchRank },
  "rank-memory": { title: "assay rank's memory against the corpus size", run: benchRankMemory },
  report: { title: "report.html", needs: join(SHARED, "reference/papers/docs.jsonl"), run: benchReport },
  startup: { title: "A process's start", run: benchStartup },
  ocr: { title: "OCR", run: benchOcr },
};
/** Sections the default set leaves out: OCR (~15 min, added by --ocr) and ranking memory (~4 min, by --only). */
const SLOW = new Set(["ocr", "rank-memory"]);

function selectedSections(only: string | undefined, ocr: boolean): string[] {
  if (only === undefined) return Object.keys(SECTIONS).filter((name) => !SLOW.has(name) || (ocr && name === "ocr"));
  const names = only.split(",").map((name) => name.trim());
  const unknown = names.filter((name) => !(name in SECTIONS));
  if (unknown.length > 0) {
    throw new Error(`unknown bench section(s) ${unknown.join(", ")}; known: ${Object.keys(SECTIONS).join(", ")}`);
  }
  return names;
}

function header(): string {
  const cpu = cpus();
  const load = loadavg()
    .map((l) => l.toFixed(2))
    .join(", ");
  return [
    `## ${new Date().toISOString().replace(/\.\d+Z$/, "Z")}`,
    "",
    `Machine: ${cpu[0]?.model ?? "unknown CPU"}, ${cpu.length} cores, Node ${process.versions.node}, ` +
      `load average at start ${load} (1, 5, 15 min).`,
    "",
  ].join("\n");
}

/** A section's own headings are nested under its run's dated heading. */
function nest(markdown: string): string {
  return markdown.replace(/^(#+) /gm, "#$1 ");
}

/** One section's markdown; runs inside its own process (see main). */
async function runSection(name: string): Promise<string> {
  const section = SECTIONS[name] as Section;
  if (section.needs && !existsSync(section.needs)) return `### ${section.title}\n\nskipped: ${section.needs} is absent`;
  const body = (await section.run()).trimEnd();
  return body.startsWith("#") ? nest(body) : `### ${section.title}\n\n${body}`;
}

const USAGE = `usage: npm run bench [-- --only a,b] [-- --ocr]
  Runs the bench sections, each in its own process, and appends one dated section to BENCHMARKS.md.
  --only a,b     these sections only (${Object.keys(SECTIONS).join(", ")}; rank-memory, ~4 min, runs only so)
  --ocr          add the slow OCR section (~15 min) to the default set
  --section S    print one section's markdown to stdout, append nothing
  -h, --help     this help
`;

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      only: { type: "string" },
      ocr: { type: "boolean", default: false },
      section: { type: "string" },
      help: { type: "boolean", short: "h", default: false },
    },
  });
  if (values.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  if (values.section !== undefined) {
    process.stdout.write(await runSection(values.section));
    return 0;
  }
  const names = selectedSections(values.only, values.ocr);
  const parts = [header()];
  for (const name of names) {
    process.stderr.write(`bench: ${name}...\n`);
    const start = performance.now();
    // A fresh process per section: memory peaks (max RSS), JIT state and garbage of one do not leak into the next.
    const markdown = execFileSync(process.execPath, [fileURLToPath(import.meta.url), "--section", name], {
      encoding: "utf8",
      stdio: ["ignore", "pipe", "inherit"],
      maxBuffer: 64 * 1024 * 1024,
    });
    process.stdout.write(`${markdown}\n\n`);
    process.stderr.write(`bench: ${name} took ${((performance.now() - start) / 1000).toFixed(0)} s\n`);
    parts.push(`${markdown}\n`);
  }
  const file = join(projectRoot(), "BENCHMARKS.md");
  await appendFile(file, `${existsSync(file) ? "\n" : BENCHMARKS_INTRO}${parts.join("\n")}`);
  process.stderr.write(`bench: appended to ${file}\n`);
  return 0;
}

const BENCHMARKS_INTRO = `# Benchmarks

Appended by \`npm run bench\` (sections: ${Object.keys(SECTIONS).join(", ")}; \`-- --only a,b\` picks some,
\`-- --ocr\` adds the slow OCR section). Each run is headed by its date, machine and load average: the
development machine is shared, so compare figures only between runs at similar load.

`;

process.exitCode = await main().catch((error: unknown) => {
  process.stderr.write(`bench: ${error instanceof Error ? error.message : String(error)} (see --help)\n`);
  return 2;
});
