// Throughput of density scoring and LM training per core, on the papers and text-dev docs in ../shared.
// Prints a markdown table; run: node dist/scripts/bench/density.js [SHARED_DIR]
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { DensityScorer, densityStep } from "../../filters/density/density.js";
import { loadDefaultModel, perplexity } from "../../filters/ngram-lm/perplexity.js";
import { tokenize } from "../../filters/ngram-lm/tokens.js";
import { trainNgramModel } from "../../filters/ngram-lm/train.js";
import { makeDoc } from "../../src/doc.js";
import { bestSeconds } from "./timing.js";

function readTexts(path: string): string[] {
  return readFileSync(path, "utf8")
    .split("\n")
    .filter((l) => l.trim())
    .map((l) => (JSON.parse(l) as { text: string }).text);
}

export async function benchDensity(shared = "../shared"): Promise<string> {
  const papersPath = join(shared, "reference/papers/docs.jsonl");
  const devPath = join(shared, "reference/text-dev/docs.jsonl");
  if (!existsSync(papersPath) || !existsSync(devPath)) return `density bench skipped: ${shared}/reference not found\n`;
  const sets: [string, string[]][] = [
    ["papers", readTexts(papersPath)],
    ["text-dev", readTexts(devPath)],
  ];
  const scorer = new DensityScorer();
  const model = loadDefaultModel();
  const rows: string[] = ["| task | corpus | docs | MB | docs/s | MB/s |", "| --- | --- | --- | --- | --- | --- |"];
  const row = (task: string, name: string, texts: string[], seconds: number) => {
    const mb = texts.reduce((s, t) => s + Buffer.byteLength(t), 0) / 1e6;
    rows.push(
      `| ${task} | ${name} | ${texts.length} | ${mb.toFixed(1)} | ${(texts.length / seconds).toFixed(0)} | ${(mb / seconds).toFixed(2)} |`,
    );
  };
  for (const [name, texts] of sets) {
    row(
      "density (all components + LM)",
      name,
      texts,
      await bestSeconds(3, () => texts.forEach((t) => scorer.score(t))),
    );
    row(
      "LM perplexity only",
      name,
      texts,
      await bestSeconds(3, () => texts.forEach((t) => perplexity(model, tokenize(t)))),
    );
    row("LM training (order 3)", name, texts, await bestSeconds(1, () => trainNgramModel(() => texts)));
  }
  // Past its counting budget (a third of text-dev's 1.6 million distinct bigrams and trigrams), training prunes.
  const [, dev] = sets[1] as [string, string[]];
  const lossy = () => trainNgramModel(() => dev, { maxCounted: 500_000 });
  row("LM training, lossy counting (budget 500,000)", "text-dev", dev, await bestSeconds(1, lossy));
  // The density step as `assay run` and `rank` use it, on one thread and with --workers 2 (one scoring thread more),
  // over both sets four times (52 MB): the threads start after 2 MB and warm up while this thread scores.
  const all = Array.from({ length: 4 }, () => sets.flatMap(([, texts]) => texts)).flat();
  const step = (workers: number) => async () => {
    const ctx = { rank: 0, worldSize: 1, reject: async () => {}, count: () => {} };
    async function* docs() {
      for (const [i, text] of all.entries()) yield makeDoc(`d${i}`, text, "bench");
    }
    for await (const _ of densityStep(undefined, { workers }).run(docs(), ctx));
  };
  const one = await bestSeconds(1, step(1));
  const two = await bestSeconds(1, step(2));
  row("density step, 1 thread", "both x4", all, one);
  row(`density step, --workers 2 (${(one / two).toFixed(2)}x)`, "both x4", all, two);
  return `${rows.join("\n")}\n`;
}

if (import.meta.url === `file://${process.argv[1]}`) process.stdout.write(await benchDensity(process.argv[2]));
