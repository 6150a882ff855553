// `density`: the fitted combination of the density components (weights: models/density-weights.json, fitted by
// scripts/fit-density.ts on real papers vs their shuffled, Markov, boilerplate and OCR-noised versions and
// documentation text). The value is a logit: > 0 reads more like a real paper than like the degraded kinds.
import { readFileSync } from "node:fs";
import type { Decision } from "../../src/decision.js";
import type { Doc } from "../../src/doc.js";
import type { Step, StepContext } from "../../src/step.js";
import type { NgramModel } from "../ngram-lm/model.js";
import { loadDefaultModel, modelFile } from "../ngram-lm/perplexity.js";
import { DENSITY_FEATURES, type DensityFeature, densityComponents, featureVector } from "./features.js";
import { type LogisticModel, predictLogit } from "./logistic.js";

export const DEFAULT_WEIGHTS_PATH = modelFile("density-weights.json");
export const DENSITY_SCORES = [...DENSITY_FEATURES, "density"] as const;

export function loadWeights(path = DEFAULT_WEIGHTS_PATH): LogisticModel {
  const w = JSON.parse(readFileSync(path, "utf8")) as LogisticModel & { features: string[] };
  if (w.features.join() !== DENSITY_FEATURES.join()) throw new Error(`${path}: weights are for other features; refit`);
  return w;
}

export class DensityScorer {
  constructor(
    readonly model: NgramModel = loadDefaultModel(),
    readonly weights: LogisticModel = loadWeights(),
  ) {}

  /** Every component column plus `density`. */
  score(text: string): Record<DensityFeature | "density", number> {
    const c = densityComponents(text, this.model);
    return { ...c, density: predictLogit(this.weights, featureVector(c)) };
  }
}

/** Score-only filter: density ranks documents, it never drops one (ranking and tiers decide what is kept). */
export function densityFilter(scorer = new DensityScorer()) {
  return {
    name: "density",
    decide(doc: Doc): Decision<never> {
      return { keep: true, scores: scorer.score(doc.text) };
    },
  };
}

/** Pipeline step: adds the density columns to each doc's scores and sets meta.density. */
export function densityStep(scorer = new DensityScorer()): Step {
  return {
    name: "density",
    scoreNames: DENSITY_SCORES,
    async *run(docs: AsyncIterable<Doc>, _ctx: StepContext) {
      for await (const doc of docs) {
        const scores = scorer.score(doc.text);
        Object.assign(doc.scores, scores);
        doc.meta.density = scores.density;
        yield doc;
      }
    },
  };
}
