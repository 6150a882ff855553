// Fits the density weights (models/density-weights.json) and reports held-out pairwise AUC.
// Positives: real papers (whole documents and ~8 KB paragraph-aligned chunks) from ../shared/reference/papers.
// Negatives: the same texts degraded (sentences shuffled across the document, word Markov text of order 1 and 2
// trained on the papers themselves, boilerplate interleaved, OCR noise) and documentation from text-dev.
// Papers are split into two halves by arXiv family (versions of one paper stay together); weights are fitted on
// one half and AUC is reported on the other. Only numbers are written: no paper text leaves this script.
// Usage: node dist/scripts/fit-density.js [SHARED_DIR] [--seed N]
import { createHash } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { addBoilerplate, markovText, ocrNoise, shuffleSentences } from "../filters/density/degrade.js";
import { DENSITY_FEATURES, densityComponents, featureVector } from "../filters/density/features.js";
import { fitLogistic, pairwiseAuc, predictLogit } from "../filters/density/logistic.js";
import { loadDefaultModel } from "../filters/ngram-lm/perplexity.js";

export const NEGATIVE_KINDS = ["shuffled", "markov1", "markov2", "boilerplate", "ocr", "textdev"] as const;
type Kind = "real" | (typeof NEGATIVE_KINDS)[number];
interface Sample {
  kind: Kind;
  unit: "doc" | "chunk";
  x: number[];
}

function readJsonl(path: string): { id: string; text: string }[] {
  return readFileSync(path, "utf8")
    .split("\n")
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l));
}

/** Versions and venue copies of one arXiv paper share a family; the split never separates a family. */
function family(id: string): string {
  const m = /(\d{4}\.\d{4,5}|math\d{7})/.exec(id);
  return m ? (m[1] as string) : id.replace(/_.*$/, "");
}

function half(key: string): 0 | 1 {
  return (createHash("sha256").update(key).digest()[0] as number) & 1 ? 1 : 0;
}

function chunks(text: string, size = 8000): string[] {
  const out: string[] = [];
  let cur = "";
  for (const p of text.split(/\n\s*\n/)) {
    cur += `${p}\n\n`;
    if (cur.length >= size) {
      out.push(cur);
      cur = "";
    }
  }
  return out;
}

function main(): void {
  const shared = process.argv[2] && !process.argv[2].startsWith("--") ? process.argv[2] : "../shared";
  const seedArg = process.argv.indexOf("--seed");
  const seed = seedArg > 0 ? Number(process.argv[seedArg + 1]) : 8;
  const model = loadDefaultModel();
  const papers = readJsonl(join(shared, "reference/papers/docs.jsonl"));
  const dev = readJsonl(join(shared, "reference/text-dev/docs.jsonl")).filter((d) => d.text.length >= 500);
  const sets: [Sample[], Sample[]] = [[], []];
  const add = (h: 0 | 1, kind: Kind, unit: "doc" | "chunk", text: string) => {
    sets[h].push({ kind, unit, x: featureVector(densityComponents(text, model)) });
  };
  for (const h of [0, 1] as const) {
    const mine = papers.filter((p) => half(family(p.id)) === h);
    const corpus = mine.map((p) => p.text);
    mine.forEach((p, i) => {
      const s = seed * 1000 + i;
      const units: ["doc" | "chunk", string][] = [
        ["doc", p.text],
        ...chunks(p.text)
          .slice(0, 6)
          .map((c) => ["chunk", c] as ["chunk", string]),
      ];
      units.forEach(([unit, text], u) => {
        const words = text.split(/\s+/).length;
        add(h, "real", unit, text);
        add(h, "shuffled", unit, shuffleSentences(text, s + u));
        add(h, "markov1", unit, markovText(corpus, words, 1, s + u));
        add(h, "markov2", unit, markovText([p.text], words, 2, s + u));
        add(h, "boilerplate", unit, addBoilerplate(text, 0.4, s + u));
        add(h, "ocr", unit, ocrNoise(text, 0.04 + 0.04 * ((i + u) % 3), s + u));
      });
    });
    for (const d of dev) if (half(d.id) === h) add(h, "textdev", "doc", d.text);
  }
  const [train, test] = sets;
  // Each negative kind weighs as much as all positives together, so no kind is traded for another.
  const nReal = train.filter((s) => s.kind === "real").length;
  const perKind = new Map<Kind, number>();
  for (const s of train) perKind.set(s.kind, (perKind.get(s.kind) ?? 0) + 1);
  const fit = fitLogistic(
    train.map((s) => s.x),
    train.map((s) => (s.kind === "real" ? 1 : 0)),
    train.map((s) => (s.kind === "real" ? 1 : nReal / (perKind.get(s.kind) as number))),
    1,
  );
  const auc: Record<string, number> = {};
  for (const unit of ["doc", "chunk"] as const) {
    const pos = test.filter((s) => s.kind === "real" && s.unit === unit).map((s) => predictLogit(fit, s.x));
    const realDocs = test.filter((s) => s.kind === "real" && s.unit === "doc").map((s) => predictLogit(fit, s.x));
    for (const kind of NEGATIVE_KINDS) {
      const neg = test
        .filter((s) => s.kind === kind && (kind === "textdev" || s.unit === unit))
        .map((s) => predictLogit(fit, s.x));
      if (kind === "textdev" && unit === "chunk") continue;
      auc[`${unit}:${kind}`] = Number(pairwiseAuc(kind === "textdev" ? realDocs : pos, neg).toFixed(4));
    }
  }
  const out = {
    about: "Density = logistic regression over standardised featureVector(); fitted by scripts/fit-density.ts",
    seed,
    features: DENSITY_FEATURES,
    mean: fit.mean.map((v) => Number(v.toFixed(6))),
    scale: fit.scale.map((v) => Number(v.toFixed(6))),
    weights: fit.weights.map((v) => Number(v.toFixed(6))),
    bias: Number(fit.bias.toFixed(6)),
    heldOutAuc: auc,
    trainCounts: Object.fromEntries(perKind),
  };
  writeFileSync("models/density-weights.json", `${JSON.stringify(out, null, 2)}\n`);
  process.stdout.write(
    `${JSON.stringify({ weights: Object.fromEntries(DENSITY_FEATURES.map((f, j) => [f, out.weights[j]])), auc }, null, 2)}\n`,
  );
}

if (import.meta.url === `file://${process.argv[1]}`) main();
