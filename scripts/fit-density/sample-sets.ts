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
import { scoredText } from "../../filters/density/scored-text.js";
import { makeDoc } from "../../src/doc.js";
import { machineWrittenPapers, webLikePages } from "../fixtures/written-texts.js";
import { half, paperFamilies, paperKey } from "./families.js";
import { FeatureCache } from "./feature-cache.js";
import { addModelWritten } from "./model-written.js";
import { addDocumentation, addWebPages } from "./other-genres.js";
import { addPaperSamples } from "./paper-samples.js";
import type { AddSample, Sample } from "./samples.js";

/** Seed offset of the other field's papers, whose indices in a half repeat the reference papers'. */
const MORE_PAPERS_SEED = 100;

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
  /** JSON Lines of papers of another field, split and degraded as the reference papers are (--more-papers). */
  morePapersPath?: string | undefined;
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

/**
 * Papers of another field as `assay run` wrote them from PDFs (JSON Lines of id and text), read as density reads such
 * text (scoredText: code listings and program output left out), their ids apart from the reference papers'.
 */
export function otherFieldPapers(path: string): { id: string; text: string }[] {
  return readJsonl(path).map(({ id, text }) => ({
    id: `more:${id}`,
    text: scoredText(makeDoc(id, text, path, { extraction: "text-layer" })),
  }));
}

/** The samples of half 0 and half 1. */
export function sampleSets({
  shared,
  seed,
  fitted,
  relaid,
  cachePath,
  morePapersPath,
}: SampleSetOptions): [Sample[], Sample[]] {
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
  const more = morePapersPath ? otherFieldPapers(morePapersPath) : [];
  const moreFamilies = paperFamilies(more);
  const moreFamily = (id: string) => moreFamilies.get(id) ?? paperKey(id);
  for (const h of [0, 1] as const) {
    const adder =
      (otherField: boolean): AddSample =>
      (fam, kind, unit, laidOut, evaluated = true) => {
        const text = relaid && h === heldOut && evaluated ? relaid(laidOut) : laidOut;
        const pieces = text.length > DOCUMENT_CHARS ? documentChunks(text) : undefined;
        const chunks =
          pieces && h === heldOut && evaluated ? pieces.map((c) => ({ x: vector(c), chars: c.length })) : undefined;
        const document = pieces && documentSignals(pieces);
        const sample: Sample = {
          family: fam,
          kind,
          unit,
          chars: text.length,
          x: vector(text),
          evaluated,
          chunks,
          document,
        };
        if (otherField) sample.otherField = true;
        sets[h].push(sample);
      };
    const addSample = adder(false);
    const mine = papers.filter((p) => half(family(p.id)) === h);
    addPaperSamples(mine, family, seed, h === heldOut, addSample);
    const mineMore = more.filter((p) => half(moreFamily(p.id)) === h);
    addPaperSamples(mineMore, moreFamily, seed + MORE_PAPERS_SEED, h === heldOut, adder(true));
    addDocumentation(dev, h, h === heldOut, addSample);
    addWebPages(web, h, h === heldOut, addSample);
    addModelWritten(machine, family, h, h === heldOut, addSample);
  }
  cache.save();
  return sets;
}
