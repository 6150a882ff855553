// The samples of both halves of the split: every text scored, with its feature vector.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import {
  DOCUMENT_CHARS,
  defaultDensityModels,
  documentChunks,
  documentSignals,
} from "../../filters/density/density.js";
import { densityComponents, featureVector } from "../../filters/density/features.js";
import { machineWrittenPapers, webLikePages } from "../fixtures/written-texts.js";
import { half, paperFamilies, paperKey } from "./families.js";
import { FeatureCache } from "./feature-cache.js";
import { addModelWritten } from "./model-written.js";
import { addDocumentation, addWebPages } from "./other-genres.js";
import { addPaperSamples } from "./paper-samples.js";
import type { AddSample, Sample } from "./samples.js";

export interface SampleSetOptions {
  /** The folder holding reference/papers and reference/text-dev. */
  shared: string;
  /** Seed of the degradations. */
  seed: number;
  /** The half the weights are fitted on; the other is held out (family B is made only there). */
  fitted: 0 | 1;
  /** Another layout of every held-out text that is evaluated (--flatten, --reflow). */
  relaid?: ((text: string) => string) | undefined;
  /** Where feature vectors are kept between runs (--cache). */
  cachePath?: string | undefined;
}

function readJsonl(path: string): { id: string; text: string }[] {
  return readFileSync(path, "utf8")
    .split("\n")
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l));
}

/** The reference papers the fit splits into halves (SHARED/reference/papers). */
export function referencePapers(shared: string): { id: string; text: string }[] {
  return readJsonl(join(shared, "reference/papers/docs.jsonl"));
}

/** The samples of half 0 and half 1. */
export function sampleSets({ shared, seed, fitted, relaid, cachePath }: SampleSetOptions): [Sample[], Sample[]] {
  const heldOut = (1 - fitted) as 0 | 1;
  const models = defaultDensityModels();
  const papers = referencePapers(shared);
  const families = paperFamilies(papers);
  const family = (id: string) => families.get(id) ?? paperKey(id);
  const dev = readJsonl(join(shared, "reference/text-dev/docs.jsonl")).filter((d) => d.text.length >= 500);
  const web = webLikePages();
  const machine = machineWrittenPapers();
  const sets: [Sample[], Sample[]] = [[], []];
  const cache = new FeatureCache(cachePath);
  const vector = (t: string) => cache.vector(t, () => featureVector(densityComponents(t, models)));
  for (const h of [0, 1] as const) {
    const addSample: AddSample = (fam, kind, unit, laidOut, evaluated = true) => {
      const text = relaid && h === heldOut && evaluated ? relaid(laidOut) : laidOut;
      const pieces = text.length > DOCUMENT_CHARS ? documentChunks(text) : undefined;
      const chunks =
        pieces && h === heldOut && evaluated ? pieces.map((c) => ({ x: vector(c), chars: c.length })) : undefined;
      const document = pieces && documentSignals(pieces);
      sets[h].push({ family: fam, kind, unit, chars: text.length, x: vector(text), evaluated, chunks, document });
    };
    const mine = papers.filter((p) => half(family(p.id)) === h);
    addPaperSamples(mine, family, seed, h === heldOut, addSample);
    addDocumentation(dev, h, h === heldOut, addSample);
    addWebPages(web, h, h === heldOut, addSample);
    addModelWritten(machine, family, h, h === heldOut, addSample);
  }
  cache.save();
  return sets;
}
