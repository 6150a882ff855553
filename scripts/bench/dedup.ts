// Dedup throughput on text-dev (976 docs, 10 MB) next to datatrove 0.10's MinHash figures from
// ../shared/reference/README.md, and memory per million docs extrapolated from the growth between two synthetic
// corpus sizes. Signatures dominate datatrove's time (~92%), so they are measured alone and in the whole run.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { isMainThread, parentPort, Worker, workerData } from "node:worker_threads";
import { DEDUP_DEFAULTS, dedupLocal } from "../../filters/dedup/dedup-run.js";
import { MinhashSigner } from "../../filters/dedup/minhash.js";
import { type Doc, makeDoc } from "../../src/doc.js";
import { medianSeconds } from "./timing.js";

const ROOT = fileURLToPath(new URL("../../", import.meta.url)).replace(/\/dist\/$/, "/");
const TEXT_DEV = `${ROOT}../shared/reference/text-dev/docs.jsonl`;
// datatrove 0.10, MinHash 4 stages, text-dev, this machine type (reference README): docs/s and MB/s ranges.
const DATATROVE_ONE_TASK = { docs: [53, 77], mb: 0.55 } as const;
const DATATROVE_TWO_TASKS = { docs: [42, 117], mb: 0.44 } as const;

function loadTexts(): string[] {
  return readFileSync(TEXT_DEV, "utf8")
    .split("\n")
    .filter((l) => l.trim())
    .map((l) => (JSON.parse(l) as { text: string }).text);
}

function signAll(texts: readonly string[]): void {
  const signer = new MinhashSigner();
  for (const text of texts) signer.signature(text);
}

// Worker side of the 2-worker measurement: sign one half, report seconds.
if (!isMainThread && (workerData as { dedupBench?: boolean } | null)?.dedupBench) {
  const { from, to } = workerData as { from: number; to: number };
  const texts = loadTexts().slice(from, to);
  signAll(texts.slice(0, 20));
  parentPort?.postMessage(await medianSeconds(1, () => signAll(texts)));
}

async function* streamOf(docs: readonly Doc[]): AsyncIterable<Doc> {
  yield* docs;
}

/** Signatures on two worker threads, one half each: wall time of the slower half. */
async function signTwoWorkers(count: number): Promise<number> {
  const file = fileURLToPath(import.meta.url);
  const half = Math.ceil(count / 2);
  const times = await Promise.all(
    [0, 1].map(
      (w) =>
        new Promise<number>((resolve, reject) => {
          const worker = new Worker(file, { workerData: { dedupBench: true, from: w * half, to: (w + 1) * half } });
          worker.once("message", (s: number) => {
            resolve(s);
            void worker.terminate();
          });
          worker.once("error", reject);
        }),
    ),
  );
  return Math.max(...times);
}

/**
 * Distinct synthetic docs of 120 random words, generated as they stream so only dedup's own memory counts:
 * signatures differ, so every stage holds one entry per doc.
 */
async function* syntheticDocs(n: number, seed: number): AsyncIterable<Doc> {
  let x = seed;
  for (let i = 0; i < n; i++) {
    const words: string[] = [];
    for (let w = 0; w < 120; w++) {
      x = (Math.imul(x, 1103515245) + 12345) >>> 0;
      words.push((x % 50000).toString(36));
    }
    yield makeDoc(`syn-${seed}-${i}`, words.join(" "), "synthetic");
  }
}

/** High-water RSS after a whole dedup of n synthetic docs (measured before anything bigger ran). */
async function maxRssAfterDedup(n: number, work: string): Promise<number> {
  await dedupLocal(syntheticDocs(n, n), join(work, `syn-${n}`), DEDUP_DEFAULTS);
  return process.resourceUsage().maxRSS * 1024;
}

const fmt = (v: number, digits = 1) => v.toFixed(digits);
const RUNS = 3;

export async function benchDedup(): Promise<string> {
  const work = mkdtempSync(join(tmpdir(), "assay-bench-dedup-"));
  try {
    // Memory first: max RSS is a high-water mark, so the smaller corpus must run before anything else.
    const small = 10000;
    const large = 40000;
    const rssSmall = await maxRssAfterDedup(small, work);
    const rssLarge = await maxRssAfterDedup(large, work);
    const perDoc = Math.max(0, rssLarge - rssSmall) / (large - small);
    const texts = loadTexts();
    const mb = texts.reduce((s, t) => s + Buffer.byteLength(t), 0) / 1e6;
    const docs = texts.map((t, i) => makeDoc(`d${i}`, t, "text-dev"));
    signAll(texts.slice(0, 50)); // warm-up
    // medians of RUNS: the machine is shared, single runs are noisy
    const sigSeconds = await medianSeconds(RUNS, () => signAll(texts));
    let run = 0;
    const wholeSeconds = await medianSeconds(RUNS, () =>
      dedupLocal(streamOf(docs), join(work, `text-dev-${run++}`), DEDUP_DEFAULTS),
    );
    let twoWorkers = "n/a (run from dist/)";
    let twoRatio = "";
    try {
      const s = await signTwoWorkers(texts.length);
      twoWorkers = `${fmt(texts.length / s, 0)} docs/s, ${fmt(mb / s, 2)} MB/s`;
      twoRatio = `${fmt(texts.length / s / DATATROVE_TWO_TASKS.docs[1])}× (vs ${DATATROVE_TWO_TASKS.docs[1]} docs/s)`;
    } catch {
      // worker threads need the compiled module
    }

    const row = (label: string, seconds: number, baseline: readonly [number, number], baseMb: number) =>
      `| ${label} | ${fmt(texts.length / seconds, 0)} | ${fmt(mb / seconds, 2)} | ${baseline[0]}–${baseline[1]} docs/s, ${baseMb} MB/s | ${fmt(texts.length / seconds / baseline[1])}× – ${fmt(texts.length / seconds / baseline[0])}× |`;
    return [
      `Dedup on text-dev (${texts.length} docs, ${fmt(mb, 1)} MB), one core unless noted, median of ${RUNS} runs; datatrove 0.10 from the reference README.`,
      "",
      "| step | docs/s | MB/s | datatrove | ratio |",
      "| --- | --- | --- | --- | --- |",
      row("MinHash signatures (stage 1)", sigSeconds, DATATROVE_ONE_TASK.docs, DATATROVE_ONE_TASK.mb),
      row("whole dedup, stages 1-3 (defaults)", wholeSeconds, DATATROVE_ONE_TASK.docs, DATATROVE_ONE_TASK.mb),
      `| signatures, 2 worker threads | ${twoWorkers} | | ${DATATROVE_TWO_TASKS.docs[0]}–${DATATROVE_TWO_TASKS.docs[1]} docs/s (2 tasks) | ${twoRatio} |`,
      "",
      `Memory: max RSS grew ${fmt((rssLarge - rssSmall) / 1e6, 1)} MB from ${small} to ${large} distinct synthetic docs ` +
        `(${fmt(perDoc, 0)} B/doc), i.e. ~${fmt((perDoc * 1e6) / 1e9, 2)} GB per million docs for stages 1-3 in one process.`,
    ].join("\n");
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
