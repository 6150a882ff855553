// Filter throughput on one core over the text-dev reference documents, next to datatrove 0.10's figures from
// ../shared/reference/README.md. Each filter alone pays for the tokenization it needs, as datatrove's filters do;
// the stack runs the four in one pass over one shared tokenization.
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { c4 } from "../../filters/c4.js";
import { fineweb } from "../../filters/fineweb.js";
import { gopherQuality } from "../../filters/gopher-quality.js";
import { gopherRepetition } from "../../filters/gopher-repetition.js";
import { TokenizedDoc } from "../../filters/tokenized-doc.js";
import { type Doc, makeDoc } from "../../src/doc.js";
import { medianSeconds } from "./timing.js";

// The repository root, whether this runs from scripts/ (tsx, vitest) or from dist/scripts/ (npm run bench).
const ROOT = fileURLToPath(new URL("../../", import.meta.url)).replace(/\/dist\/$/, "/");
const REFERENCE = `${ROOT}../shared/reference/`;
const RUNS = 3;

/** The filters as datatrove names them in its README table, each run on a fresh TokenizedDoc. */
const CASES: ReadonlyArray<[label: string, datatroveStep: string, run: (doc: Doc) => void]> = [
  ["gopher_quality", "GopherQualityFilter", (doc) => gopherQuality(new TokenizedDoc(doc))],
  ["gopher_repetition", "GopherRepetitionFilter", (doc) => gopherRepetition(new TokenizedDoc(doc))],
  ["c4", "C4QualityFilter", (doc) => c4(new TokenizedDoc(doc))],
  ["fineweb", "FineWebQualityFilter", (doc) => fineweb(new TokenizedDoc(doc))],
  [
    "all four, one pass",
    "all four, one after another",
    (doc) => {
      const tdoc = new TokenizedDoc(doc);
      gopherQuality(tdoc);
      gopherRepetition(tdoc);
      c4(tdoc);
      fineweb(tdoc);
    },
  ],
];

/** datatrove's MB/s range per step name, read from the reference README's speed table. */
function datatroveMbPerSecond(): Map<string, [number, number]> {
  const table = new Map<string, [number, number]>();
  let readme = "";
  try {
    readme = readFileSync(`${REFERENCE}README.md`, "utf8");
  } catch {
    return table;
  }
  for (const line of readme.split("\n")) {
    const cells = line.split("|").map((c) => c.trim());
    const range = cells[3]?.match(/^([\d.]+)\s*[–-]\s*([\d.]+)$/);
    if (cells[1] && range) table.set(cells[1], [Number(range[1]), Number(range[2])]);
  }
  return table;
}

export async function benchFilters(): Promise<string> {
  const lines = readFileSync(`${REFERENCE}text-dev/docs.jsonl`, "utf8").split("\n");
  const docs = lines
    .filter((l) => l.trim() !== "")
    .map((l) => {
      const d = JSON.parse(l) as { id: string; text: string };
      return makeDoc(d.id, d.text, "text-dev");
    });
  const megabytes = docs.reduce((sum, d) => sum + Buffer.byteLength(d.text), 0) / 1e6;
  const baseline = datatroveMbPerSecond();
  const rows = [
    "| filter | assay MB/s | datatrove MB/s | speed-up (vs datatrove's best) |",
    "| --- | --- | --- | --- |",
  ];
  for (const [label, step, run] of CASES) {
    for (const doc of docs) run(doc); // warm-up: JIT and the tokenizer's lookup tables
    const ours =
      megabytes /
      (await medianSeconds(RUNS, () => {
        for (const doc of docs) run(doc);
      }));
    const theirs = baseline.get(step);
    const theirsText = theirs ? `${theirs[0]}–${theirs[1]}` : "n/a";
    const ratio = theirs ? `${(ours / theirs[1]).toFixed(1)}×` : "n/a";
    rows.push(`| ${label} | ${ours.toFixed(1)} | ${theirsText} | ${ratio} |`);
  }
  return `Filters on text-dev (${docs.length} docs, ${megabytes.toFixed(1)} MB), one core, median of ${RUNS} runs\n\n${rows.join("\n")}\n`;
}
