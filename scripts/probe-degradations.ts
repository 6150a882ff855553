// Red-team probe of density: real papers of one half against kinds of damaged and synthetic text made differently from
// the fit's own (scripts/probe-degradations/kinds.ts), as whole documents and ~8 KB chunks (fit-density/units.ts),
// with the weights fitted on the other half as fit-density.ts fits them (or a weights file). Prints, worst first,
// each kind's pairwise AUC (real above damaged) and the detectors that bind on its chunks (density is the lowest
// detector logit). Only numbers are printed: no paper text leaves this script.
// Usage: node dist/scripts/probe-degradations.js [SHARED_DIR] [--fitted-on 0|1] [--seed N] [--cache FILE]
//        [--weights FILE] [--only KIND,...]
import { parseArgs } from "node:util";
import { DensityScorer, defaultDensityModels, loadWeights } from "../filters/density/density.js";
import { pairwiseAuc } from "../filters/density/logistic.js";
import { half, paperFamilies, paperKey } from "./fit-density/families.js";
import { fitWeights } from "./fit-density/fit-weights.js";
import { referencePapers, sampleSets } from "./fit-density/sample-sets.js";
import { EVALUATED_UNITS, unitsOf } from "./fit-density/units.js";
import { PROBE_KINDS, ProbeCorpus, type ProbeKind } from "./probe-degradations/kinds.js";

const USAGE = `usage: node dist/scripts/probe-degradations.js [SHARED_DIR] [--fitted-on 0|1] [--seed N] [--cache FILE]
       [--weights FILE] [--only KIND,...]
  Scores the real papers of one half of SHARED_DIR/reference/papers (default ../shared) and red-team kinds made from
  them, and prints each kind's held-out AUC as documents and ~8 KB chunks, worst first.
  --fitted-on H  fit the weights on half H (default 0) as fit-density.ts does and evaluate on the other (~2.5 CPU
                 min without a cache)
  --seed N       seed of the fit's degradations and of the kinds (default 8)
  --cache FILE   the fit's feature cache (fit-density.ts --cache)
  --weights FILE score with these weights instead (models/density-weights.json is fitted on both halves: nothing
                 is then held out); the half evaluated is still the one --fitted-on does not name
  --only K,...   only these kinds
`;

type Scale = "doc" | "chunk";
const SCALES: readonly Scale[] = ["doc", "chunk"];
const DETECTOR = "density_vs_";

interface Scored {
  scale: Scale;
  density: number;
  /** The detector whose logit is the lowest. */
  binding: string;
}

function scoreUnits(scorer: DensityScorer, text: string): Scored[] {
  return unitsOf(text, EVALUATED_UNITS)
    .filter((u): u is [Scale, string] => (SCALES as readonly string[]).includes(u[0]))
    .map(([scale, unit]) => {
      const scores = scorer.score(unit);
      let binding = "";
      for (const [name, value] of Object.entries(scores))
        if (name.startsWith(DETECTOR) && value === scores.density) binding = name.slice(DETECTOR.length);
      return { scale, density: scores.density, binding };
    });
}

/** "auc (n, binding detectors by count)" of one kind at one scale. */
function cell(real: Scored[], kind: Scored[], scale: Scale): { auc: number; text: string } {
  const negatives = kind.filter((s) => s.scale === scale);
  if (negatives.length === 0) return { auc: Number.NaN, text: "-" };
  const auc = pairwiseAuc(
    real.filter((s) => s.scale === scale).map((s) => s.density),
    negatives.map((s) => s.density),
  );
  return { auc, text: `${auc.toFixed(3)} (${negatives.length})` };
}

function bindings(kind: Scored[]): string {
  const counts = new Map<string, number>();
  for (const s of kind) if (s.scale === "chunk") counts.set(s.binding, (counts.get(s.binding) ?? 0) + 1);
  return [...counts]
    .sort((a, b) => b[1] - a[1])
    .slice(0, 3)
    .map(([k, n]) => `${k} ${n}`)
    .join(", ");
}

function main(): void {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      "fitted-on": { type: "string", default: "0" },
      seed: { type: "string", default: "8" },
      cache: { type: "string" },
      weights: { type: "string" },
      only: { type: "string" },
      help: { type: "boolean", short: "h", default: false },
    },
  });
  if (values.help) {
    process.stdout.write(USAGE);
    return;
  }
  const shared = positionals[0] ?? "../shared";
  const fitted = values["fitted-on"] === "1" ? 1 : 0;
  const seed = Number(values.seed);
  const papers = referencePapers(shared);
  const families = paperFamilies(papers);
  const heldOut = papers.filter((p) => half(families.get(p.id) ?? paperKey(p.id)) !== fitted);
  const weights = values.weights
    ? loadWeights(values.weights)
    : fitWeights(sampleSets({ shared, seed, fitted, cachePath: values.cache })[fitted]);
  const scorer = new DensityScorer(defaultDensityModels(), weights);
  const corpus = new ProbeCorpus(papers.map((p) => p.text));
  const only = values.only?.split(",");
  const kinds = PROBE_KINDS.filter((k) => !only || only.includes(k.name));

  const real = heldOut.flatMap((p) => scoreUnits(scorer, p.text));
  const rows = kinds.map((kind: ProbeKind) => {
    const scored = heldOut.flatMap((p, i) => {
      const text = kind.make(p.text, corpus, seed * 1000 + i);
      return text === null ? [] : scoreUnits(scorer, text);
    });
    const doc = cell(real, scored, "doc");
    const chunk = kind.documentsOnly ? { auc: Number.NaN, text: "-" } : cell(real, scored, "chunk");
    const worst = Math.min(...[doc.auc, chunk.auc].filter((a) => !Number.isNaN(a)));
    return { kind, doc, chunk, worst, bound: bindings(scored) };
  });
  rows.sort((a, b) => Number(a.kind.control ?? false) - Number(b.kind.control ?? false) || a.worst - b.worst);
  const realCount = (scale: Scale) => real.filter((s) => s.scale === scale).length;
  console.log(
    `held-out half ${1 - fitted}: ${heldOut.length} papers, ${realCount("doc")} documents, ${realCount("chunk")} ~8 KB chunks`,
  );
  console.log("| kind | document | ~8 KB | binding at ~8 KB | made by |\n| --- | --- | --- | --- | --- |");
  for (const r of rows)
    console.log(
      `| ${r.kind.name} | ${r.doc.text} | ${r.chunk.text} | ${r.bound} | ${r.kind.what.replace(/\|/g, "/")} |`,
    );
}

main();
