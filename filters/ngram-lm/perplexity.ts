// Per-document perplexity against a reference LM (CCNet, Wenzek et al. 2020): low perplexity = reads like the
// reference text. Also the share of words the reference never saw, which OCR noise drives up.
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { Doc } from "../../src/doc.js";
import type { Step, StepContext } from "../../src/step.js";
import { NgramModel } from "./model.js";
import { type Tokens, tokenize, WORD } from "./tokens.js";

/** A file under models/, from the source tree (filters/ngram-lm) or the build (dist/filters/ngram-lm). */
export function modelFile(name: string): string {
  const fromSource = fileURLToPath(new URL(`../../models/${name}`, import.meta.url));
  return existsSync(fromSource) ? fromSource : fileURLToPath(new URL(`../../../models/${name}`, import.meta.url));
}

/** The shipped reference model (see build-default-model.ts for its source and licence). */
export const DEFAULT_MODEL_PATH = modelFile("ngram-lm.bin");

let defaultModel: NgramModel | undefined;
export function loadDefaultModel(): NgramModel {
  defaultModel ??= NgramModel.load(DEFAULT_MODEL_PATH);
  return defaultModel;
}

/** Each value is NaN for a text without tokens: no value, written as null like every score that has none. */
export interface Perplexity {
  perplexity: number;
  /** Share of word tokens not in the model's vocabulary. */
  oov: number;
  /** Share of tokens whose full-order n-gram (e.g. trigram) the model stored: low for word salad. */
  fullOrderHits: number;
}

/**
 * `found` receives, per token, the order of the longest n-gram the model stored ending there (0: unknown word), for
 * callers that look at words the model does not know.
 */
export function perplexity(model: NgramModel, tokens: Tokens, found = new Uint8Array(tokens.count)): Perplexity {
  // Nothing was measured: 0 would read as a perfect text.
  if (tokens.count === 0) return { perplexity: Number.NaN, oov: Number.NaN, fullOrderHits: Number.NaN };
  const sum = model.log10Sum(tokens.hashes, tokens.count, found);
  let words = 0;
  let unknown = 0;
  let full = 0;
  const { flags } = tokens;
  for (let i = 0; i < tokens.count; i++) {
    if (found[i] === model.order) full++;
    if ((flags[i] as number) & WORD) {
      words++;
      if (found[i] === 0) unknown++;
    }
  }
  return {
    perplexity: 10 ** (-sum / tokens.count),
    oov: words === 0 ? 0 : unknown / words,
    fullOrderHits: full / tokens.count,
  };
}

/** Columns of a reference LM the user trained (`assay lm train`), beside density's shipped one. */
export const USER_LM_SCORES = ["lm_perplexity", "lm_oov"] as const;

/**
 * Pipeline step: each document's perplexity against a reference LM trained on the user's best corpus (CCNet's
 * head/middle/tail buckets) and its share of words that LM never saw. Score-only: selection stays with density,
 * whose fitted weights keep the shipped LM.
 */
export function userLmStep(model: NgramModel): Step {
  return {
    name: "lm",
    scoreNames: USER_LM_SCORES,
    async *run(docs: AsyncIterable<Doc>, _ctx: StepContext) {
      for await (const doc of docs) {
        const p = perplexity(model, tokenize(doc.text));
        doc.scores.lm_perplexity = p.perplexity;
        doc.scores.lm_oov = p.oov;
        yield doc;
      }
    },
  };
}
