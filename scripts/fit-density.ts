// Fits the density weights (models/density-weights.json) and reports held-out pairwise AUC of real papers against
// each kind of other text (scripts/fit-density/kinds.ts), as whole documents, ~8 KB chunks, ~3 KB paragraph groups and
// ~1.2 KB paragraphs (units.ts).
// Papers are split into two halves by arXiv family (versions of one paper stay together); AUC is reported for
// weights fitted on one half and evaluated on the other, and the shipped weights are then fitted on both halves.
// Only numbers are written: no paper text leaves this script.
// The parts, in scripts/fit-density/: sample-sets.ts gathers the texts of each half (paper-samples.ts, negatives.ts,
// other-genres.ts, model-written.ts) and their feature vectors (feature-cache.ts); fit-scales.ts fits the detectors of
// detectors.ts; evaluation.ts scores them on the held-out half; shipped-weights.ts writes the weights.
// Usage: node dist/scripts/fit-density.js [SHARED_DIR] [--seed N] [--swap] [--cache FILE] [--more-papers FILE]
import { parseArgs } from "node:util";
import { aucTable, heldOutAuc } from "./fit-density/evaluation.js";
import { fitWeights } from "./fit-density/fit-weights.js";
import { flatten, reflow } from "./fit-density/layouts.js";
import { sampleSets } from "./fit-density/sample-sets.js";
import type { Sample } from "./fit-density/samples.js";
import { writeShippedWeights } from "./fit-density/shipped-weights.js";

const USAGE = `usage: node dist/scripts/fit-density.js [SHARED_DIR] [--seed N] [--swap] [--cache FILE]
                                         [--more-papers FILE | --check-papers FILE]
  Fits models/density-weights.json on SHARED_DIR/reference (default ../shared) and prints held-out AUC by kind.
  --seed N       seed of the degradations (default 8)
  --swap         fit on the other half and evaluate on the first: a second estimate; writes no weights
  --flatten      evaluate every held-out text with its whitespace collapsed to single spaces, the fit unchanged: how
                 much of each figure is layout (line breaks, blank lines) that other text may not share; writes no
                 weights
  --reflow       the same with each paragraph (lines between blank lines) joined into one line, as assay writes its
                 extractions; writes no weights
  --cache FILE   keep feature vectors in FILE between runs (remade when the feature code or models change)
  --more-papers FILE
                 JSON Lines of papers of another field as 'assay run' wrote them from PDFs (id, text): split into
                 the halves and degraded as the reference papers are, fitted with them, and their held-out half
                 evaluated in a table of its own (the first table stays the reference papers' alone)
  --check-papers FILE
                 the same papers' held-out half evaluated, none of them fitted: what the weights do on that field
  -h, --help     this help
`;

function main(): void {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      seed: { type: "string", default: "8" },
      swap: { type: "boolean", default: false },
      flatten: { type: "boolean", default: false },
      reflow: { type: "boolean", default: false },
      cache: { type: "string" },
      "more-papers": { type: "string" },
      "check-papers": { type: "string" },
      help: { type: "boolean", short: "h", default: false },
    },
  });
  if (values.help) {
    process.stdout.write(USAGE);
    return;
  }
  const shared = positionals[0] ?? "../shared";
  const seed = Number(values.seed);
  if (!Number.isInteger(seed)) throw new Error(`--seed ${values.seed}: give an integer`);
  // The half the weights are fitted on; the other is held out (family B is made only there).
  const fitted: 0 | 1 = values.swap ? 1 : 0;
  const heldOut = (1 - fitted) as 0 | 1;
  const relaid = values.flatten ? flatten : values.reflow ? reflow : undefined;
  if (values["more-papers"] !== undefined && values["check-papers"] !== undefined)
    throw new Error("give --more-papers or --check-papers, not both");
  const morePapersPath = values["more-papers"] ?? values["check-papers"];
  const all = sampleSets({ shared, seed, fitted, relaid, cachePath: values.cache, morePapersPath });
  // --check-papers: the other field's papers are made in both halves (their samples cached alike) but never fitted.
  const fittedOn = (s: Sample) => values["check-papers"] === undefined || !s.otherField;
  const sets: [Sample[], Sample[]] = [all[0].filter(fittedOn), all[1].filter(fittedOn)];
  const evaluated = all[heldOut].filter((s) => s.evaluated);
  const test = evaluated.filter((s) => !s.otherField);
  const weights = fitWeights(sets[fitted]);
  const auc = heldOutAuc(weights, test);
  if (!values.swap && !values.flatten && !values.reflow)
    writeShippedWeights(sets, test, seed, auc, values["more-papers"]);
  process.stdout.write(aucTable(auc));
  if (morePapersPath === undefined) return;
  process.stdout.write(`\nThe held-out papers of ${morePapersPath}, against their own degraded units:\n`);
  process.stdout.write(
    aucTable(
      heldOutAuc(
        weights,
        evaluated.filter((s) => s.otherField),
      ),
    ),
  );
}

if (import.meta.url === `file://${process.argv[1]}`) {
  try {
    main();
  } catch (error) {
    process.stderr.write(`fit-density: ${error instanceof Error ? error.message : String(error)} (see --help)\n`);
    process.exitCode = 2;
  }
}
