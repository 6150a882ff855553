// `density`: the fitted combination of the density components (models/density-weights.json, fitted by
// scripts/fit-density.ts). One logistic detector per kind of non-paper text (sentence-shuffled, word-Markov,
// boilerplate, OCR-noised, documentation, web-like pages, papers a model imitated, ...), each real papers vs that
// kind; density is the lowest of their logits, so a document ranks high only when no detector takes it for
// something other than a real paper. > 0: reads like a real paper.
// Paragraph-sized texts and longer ones have their own detectors: the same feature means something else over 8
// sentences than over 500 (a document-level detector let through 1-3 KB degraded paragraphs); for paragraphs one
// "incoherent" detector covers shuffled and Markov text (see scripts/fit-density.ts). Whole documents (> 20 KB) are
// scored by their ~12 KB chunks (documentLogits).
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { canonicalJson } from "../../src/config.js";
import type { Doc } from "../../src/doc.js";
import type { TaskOutcome } from "../../src/exec/worker-pool.js";
import { DETECTOR_COLUMN_PREFIX } from "../../src/rank/density-set-by.js";
import type { Step, StepContext } from "../../src/step.js";
import { modelDigest } from "../ngram-lm/model.js";
import { DEFAULT_MODEL_PATH, loadDefaultModel, modelFile } from "../ngram-lm/perplexity.js";
import { tokenize } from "../ngram-lm/tokens.js";
import { CHAR_MODEL_PATH, defaultCharModel } from "./char-model.js";
import { DocumentReading, type DocumentSignals } from "./document-reading.js";
import {
  DENSITY_FEATURES,
  type DensityFeature,
  type DensityModels,
  densityComponents,
  densityComponentsAs,
  featureVector,
} from "./features.js";
import { type LogisticModel, predictLogit } from "./logistic.js";
import { type Order, order } from "./order.js";
import { PROSE_ONLY_OVER_CHARS } from "./prose-sentences.js";
import { SCORED_TEXT_VERSION, scoredText } from "./scored-text.js";
import { ScoringThreads } from "./scoring-threads.js";
import { loadSyntaxModel, SYNTAX_MODEL_PATH } from "./syntax.js";
import { tokenLists } from "./words.js";

export const DEFAULT_WEIGHTS_PATH = modelFile("density-weights.json");

/**
 * Every kind a detector may tell real papers from, over all length scales. Each detector's logit is a score column,
 * `density_vs_<kind>` (empty where the text's length scale has no such detector), and density is the lowest of them:
 * a reader sees what a text was taken for, and may set a policy of their own on one kind (e.g. model-written text:
 * density_vs_machine, and density_vs_imitation for whole papers a model wrote, on texts over 5,000 chars).
 */
export const DETECTOR_KINDS = [
  "incoherent",
  "shuffled",
  "markov1",
  "markov2",
  "markov3",
  "scrambled",
  "repeated",
  "templated",
  "columns",
  "spaced",
  "ligatures",
  "boilerplate",
  "ocr",
  "textdev",
  "web",
  "machine",
  "imitation",
  "order",
  "duplicated",
  "paragraphs",
  "neighbours",
] as const;
export type DetectorKind = (typeof DETECTOR_KINDS)[number];
export type DetectorScore = `${typeof DETECTOR_COLUMN_PREFIX}${DetectorKind}`;
const DETECTOR_SCORES = DETECTOR_KINDS.map((kind): DetectorScore => `${DETECTOR_COLUMN_PREFIX}${kind}`);
export const DENSITY_SCORES = [...DENSITY_FEATURES, ...DETECTOR_SCORES, "density"] as const;
export type DensityScores = Record<DensityFeature | "density", number> & Partial<Record<DetectorScore, number>>;

export interface DensityDetector extends LogisticModel {
  /** The kind of text this detector tells real papers from. */
  kind: string;
}
/** Detectors fitted on texts up to `upToChars` long (null: any length); features shift with length. */
export interface DensityScale {
  upToChars: number | null;
  detectors: DensityDetector[];
}
export interface DensityWeights {
  scales: DensityScale[];
  /**
   * A document's order detector, over documentOrderInputs of its whole text: shifted so that nine real papers in ten
   * it was fitted on score 0 or more, and added to the lowest of the chunk detectors' means (documentLogits).
   */
  documentOrder?: LogisticModel;
  /**
   * A document's duplication detector, over its repeats (DocumentSignals): shifted so that a chosen share scores 0, and
   * added to the lowest of the chunk detectors' means as the order detector is.
   */
  documentDuplicates?: LogisticModel;
  /**
   * A document's paragraph detector, over how much more its adjacent paragraphs share than far ones (DocumentSignals):
   * shifted so that a chosen lift scores 0, and added as the others are. A document of few paragraphs has none.
   */
  documentParagraphs?: LogisticModel;
  /**
   * A document's neighbour detector, over how much more a paragraph's adjacent sentences share than far ones
   * (DocumentSignals): shifted so that a chosen lift scores 0, and added as the others are.
   */
  documentNeighbours?: LogisticModel;
}

export function loadWeights(path = DEFAULT_WEIGHTS_PATH): DensityWeights {
  const w = JSON.parse(readFileSync(path, "utf8")) as DensityWeights & { features: string[] };
  if (w.features.join() !== DENSITY_FEATURES.join()) throw new Error(`${path}: weights are for other features; refit`);
  const kinds: readonly string[] = DETECTOR_KINDS;
  for (const d of w.scales.flatMap((s) => s.detectors))
    if (!kinds.includes(d.kind))
      throw new Error(`${path}: detector kind ${d.kind} has no score column; add it to DETECTOR_KINDS`);
  return w;
}

/** Texts longer than this are documents, scored as the mean over their chunks (documentLogits). */
export const DOCUMENT_CHARS = 20_000;
/**
 * A document's chunks are paragraph-aligned and at least this long. Held out, 12,000 beat 8,000 (the chunk detectors'
 * own unit: per-chunk costs made it ~20% slower than whole-text features, and its means were lower) and 16,000 (it
 * lost interleaved papers: 0.971 / 0.969).
 */
export const CHUNK_CHARS = 12_000;

const PARAGRAPH_BREAKS = /\n[ \t\r]*\n\s*/g;
/** Where a paragraph longer than two chunks may be cut: after a line break or a sentence's end. */
const INNER_BREAKS = /(?<=\n)|(?<=[.!?] )/;

/**
 * A document's chunks: runs of whole paragraphs of at least CHUNK_CHARS, a shorter tail joined to the last one, so
 * every character is in one chunk. A paragraph longer than two chunks (text without blank lines) is cut at line
 * breaks or sentence ends.
 */
export function documentChunks(text: string): string[] {
  const pieces: string[] = [];
  let start = 0;
  const cut = (end: number) => {
    const piece = text.slice(start, end);
    // A loop, not push(...): a spread of a million lines overflows the stack.
    if (piece.length > 2 * CHUNK_CHARS) for (const line of piece.split(INNER_BREAKS)) pieces.push(line);
    else pieces.push(piece);
    start = end;
  };
  for (const m of text.matchAll(PARAGRAPH_BREAKS)) cut((m.index as number) + m[0].length);
  cut(text.length);
  const chunks: string[] = [];
  let current = "";
  for (const piece of pieces) {
    current += piece;
    if (current.length >= CHUNK_CHARS) {
      chunks.push(current);
      current = "";
    }
  }
  if (chunks.length === 0) return [text];
  chunks[chunks.length - 1] += current;
  return chunks.map(flatCopy);
}

/**
 * The string's characters in a string of their own. A chunk is built by joining slices of the document, and V8 reads
 * every character of such a string through its parts; the components read each chunk's characters many times over, and
 * over flat copies whole scoring ran 1.03x as fast (papers and text-dev, both builds alternating in one process).
 */
function flatCopy(text: string): string {
  return Buffer.from(text, "utf16le").toString("utf16le");
}

/**
 * A document's logit per detector: the mean over its chunks of the chunk detectors' logits. Evidence then grows no
 * more confident with length than a chunk's, so every detector's false alarms on real papers keep the weight they
 * have on chunks, and a degradation that runs through a paper (sentences of other papers interleaved, lines out of
 * order) is found in every chunk. Held out in the fit (the two splits), against whole-document features with
 * per-detector shifted biases: unseen kinds' mean document AUC 0.9935 / 0.9944 -> 0.9948 / 0.9986, interleaved papers
 * 0.961 / 0.954 -> 0.975 / 0.984.
 * With the document's signals (`document`, DocumentReading), each document detector in `weights` adds a logit of its
 * own to the lowest of those means: "order", "duplicated", "paragraphs" and "neighbours". What only the whole document
 * shows (figures and tables first named out of turn across chunks, paragraphs opening with "This", the paper said
 * twice, paragraphs or sentences that do not follow from one another) lowers a document that reads as real chunk by
 * chunk, and where such a detector is above 0 (nine real papers in ten the order detector was fitted on; short of a
 * chosen share or lift for the others) density is what the chunks say.
 */
export function documentLogits(
  weights: DensityWeights,
  chunks: readonly { x: number[]; chars: number }[],
  document?: DocumentSignals,
): Map<string, number> {
  const sums = new Map<string, number>();
  for (const { x, chars } of chunks)
    for (const [kind, logit] of detectorLogits(weights, x, chars)) sums.set(kind, (sums.get(kind) ?? 0) + logit);
  const logits = new Map([...sums].map(([kind, sum]) => [kind, sum / chunks.length]));
  if (!document) return logits;
  const lowest = Math.min(...logits.values());
  if (weights.documentOrder)
    logits.set("order", lowest + predictLogit(weights.documentOrder, documentOrderInputs(document.order)));
  if (weights.documentDuplicates)
    logits.set("duplicated", lowest + predictLogit(weights.documentDuplicates, documentDuplicatesInputs(document)));
  if (weights.documentParagraphs && Number.isFinite(document.paragraphLift))
    logits.set("paragraphs", lowest + predictLogit(weights.documentParagraphs, documentParagraphsInputs(document)));
  if (weights.documentNeighbours && Number.isFinite(document.sentenceLift))
    logits.set("neighbours", lowest + predictLogit(weights.documentNeighbours, documentNeighboursInputs(document)));
  return logits;
}

/** The order detector's inputs: a document's order (order.ts), as they are. */
export function documentOrderInputs(o: Order): number[] {
  return [o.givenNew, o.forwardReferences, o.paragraphOpeners, o.orderBreaks];
}

/** The duplication detector's input: the share of the document's runs said before (document-repeats.ts). */
export function documentDuplicatesInputs(document: DocumentSignals): number[] {
  return [document.repeats];
}

/** The paragraph detector's input: adjacent paragraphs' overlap over far ones' (paragraph-adjacency.ts). */
export function documentParagraphsInputs(document: DocumentSignals): number[] {
  return [document.paragraphLift];
}

/** The neighbour detector's input: adjacent sentences' overlap over far ones' (sentence-adjacency.ts). */
export function documentNeighboursInputs(document: DocumentSignals): number[] {
  return [document.sentenceLift];
}

/** The signals of a document of `chunks` (documentChunks), as the scorer gathers them while scoring them. */
export function documentSignals(chunks: readonly string[]): DocumentSignals {
  const reading = new DocumentReading();
  for (const chunk of chunks) {
    const tokens = tokenize(chunk);
    const lists = tokenLists(tokens);
    order(chunk, tokens, reading.order, lists);
    reading.add(tokens, lists);
  }
  return reading.signals;
}

/** The shipped models: the reference LM, the word-class model and the character model. */
export function defaultDensityModels(): DensityModels {
  return { words: loadDefaultModel(), syntax: loadSyntaxModel(), chars: defaultCharModel() };
}

/** What a model id needs of each model: its file's digest. */
export type ModelDigests = Record<keyof DensityModels, { digest: string }>;

let shippedDigests: ModelDigests | undefined;
/** The shipped models' digests, hashed from their files: loading a model also rehashes its tables into memory. */
function defaultModelDigests(): ModelDigests {
  shippedDigests ??= {
    words: { digest: modelDigest(readFileSync(DEFAULT_MODEL_PATH)) },
    syntax: { digest: modelDigest(readFileSync(SYNTAX_MODEL_PATH)) },
    chars: { digest: modelDigest(readFileSync(CHAR_MODEL_PATH)) },
  };
  return shippedDigests;
}

/**
 * Which models scored a text: the first 12 hex digits of a sha256 over the features, the detectors' weights, the
 * three models and the version of which text of a document is scored (SCORED_TEXT_VERSION). Written as the
 * `density_model` column, so densities from different models are never ranked as one scale without notice. The weights file's other fields (held-out figures, counts) are left out: a refit that scores
 * every text the same must not make every earlier density look stale (rank would score them all again).
 */
export function densityModelId(weights: DensityWeights, models: ModelDigests): string {
  return createHash("sha256")
    .update(
      canonicalJson({
        features: DENSITY_FEATURES,
        scales: weights.scales,
        ...(weights.documentOrder && { documentOrder: weights.documentOrder }),
        ...(weights.documentDuplicates && { documentDuplicates: weights.documentDuplicates }),
        ...(weights.documentParagraphs && { documentParagraphs: weights.documentParagraphs }),
        ...(weights.documentNeighbours && { documentNeighbours: weights.documentNeighbours }),
        scoredText: SCORED_TEXT_VERSION,
      }),
    )
    .update(models.words.digest)
    .update(models.syntax.digest)
    .update(models.chars.digest)
    .digest("hex")
    .slice(0, 12);
}

/**
 * Texts this many times shorter or longer than a boundary between length scales are scored by both scales' detectors,
 * blended: at the boundary the two disagreed by up to 3.4 logits, so 20 more characters moved a text across half
 * the run's ranking (5,000 characters: a paper's opening cut at 4,990 and 5,010).
 */
export const SCALE_BLEND = 1.25;

/** The logit of each detector of one length scale, by kind. */
function scaleLogits(scale: DensityScale, x: number[]): Map<string, number> {
  return new Map(scale.detectors.map((d) => [d.kind, predictLogit(d, x)]));
}

/** Whether a scale's detectors read the discourse of prose sentences only (their inputs for longer texts). */
function readsProseOnly(scale: DensityScale): boolean {
  return scale.upToChars === null || scale.upToChars > PROSE_ONLY_OVER_CHARS;
}

/**
 * The scales whose detectors score a text of `chars` characters: its own, or near a boundary (within SCALE_BLEND of it)
 * the scales on both sides, with the longer one's share of the blend by where the length falls in the band (on a log
 * scale).
 */
function scalesFor(weights: DensityWeights, chars: number): { scales: DensityScale[]; share: number } {
  const at = weights.scales.findIndex((s) => s.upToChars === null || chars <= s.upToChars);
  const scale = weights.scales[at] as DensityScale;
  // The boundary the length is nearest: this scale's upper one, or the one below it.
  const own = scale.upToChars;
  const boundary = own !== null && chars > own / SCALE_BLEND ? own : weights.scales[at - 1]?.upToChars;
  if (boundary === undefined || boundary === null || chars <= boundary / SCALE_BLEND || chars > boundary * SCALE_BLEND)
    return { scales: [scale], share: 0 };
  const shorterAt = weights.scales.findIndex((s) => s.upToChars === boundary);
  const share = Math.log(chars / (boundary / SCALE_BLEND)) / Math.log(SCALE_BLEND * SCALE_BLEND);
  return { scales: weights.scales.slice(shorterAt, shorterAt + 2), share };
}

/** The readings of a text's components (discourse of prose sentences only or not) its scales' detectors take. */
function readingsFor(weights: DensityWeights, chars: number): boolean[] {
  return [...new Set(scalesFor(weights, chars).scales.map(readsProseOnly))];
}

/**
 * The logit of each detector of the text's length scale, by kind. Near a boundary the logits of the scales on both
 * sides are blended (scalesFor): a kind both scales have with itself, one that only one has with the other scale's
 * lowest logit, so that the lowest of them, `density`, runs continuously from one scale's to the other's. `x`: the
 * detectors' inputs, or the inputs as each scale reads them (readingsFor: with the discourse of prose sentences only
 * or not).
 */
export function detectorLogits(
  weights: DensityWeights,
  x: number[] | ((proseOnly: boolean) => number[]),
  chars: number,
): Map<string, number> {
  const inputs = (scale: DensityScale) => (typeof x === "function" ? x(readsProseOnly(scale)) : x);
  const { scales, share } = scalesFor(weights, chars);
  const [shorter, longer] = scales as [DensityScale, DensityScale | undefined];
  const a = scaleLogits(shorter, inputs(shorter));
  if (longer === undefined) return a;
  const b = scaleLogits(longer, inputs(longer));
  const lowestA = Math.min(...a.values());
  const lowestB = Math.min(...b.values());
  const blended = new Map<string, number>();
  for (const kind of new Set([...a.keys(), ...b.keys()]))
    blended.set(kind, (1 - share) * (a.get(kind) ?? lowestA) + share * (b.get(kind) ?? lowestB));
  return blended;
}

/** The lowest logit of the detectors of the text's length scale. */
export function densityLogit(weights: DensityWeights, x: number[], chars: number): number {
  return Math.min(...detectorLogits(weights, x, chars).values());
}

export class DensityScorer {
  readonly modelId: string;
  private loaded: DensityModels | undefined;

  /**
   * Without `models`, the shipped ones, loaded by the first use: a scorer asked only for its modelId (a manifest's
   * versions, rank over docs already scored by these models) loads neither.
   */
  constructor(
    models?: DensityModels,
    readonly weights: DensityWeights = loadWeights(),
  ) {
    this.loaded = models;
    this.modelId = densityModelId(weights, models ?? defaultModelDigests());
  }

  get models(): DensityModels {
    this.loaded ??= defaultDensityModels();
    return this.loaded;
  }

  /**
   * Every component column, the logit of each detector of the text's length scale, and `density`. A document (over
   * DOCUMENT_CHARS) is scored chunk by chunk: its detector columns are the chunks' means (documentLogits) and its
   * component columns the chunks' values weighted by their length.
   */
  score(text: string): DensityScores {
    let c: Record<DensityFeature, number>;
    let logits: Map<string, number>;
    if (text.length <= DOCUMENT_CHARS) {
      // Near the scales' boundary both scales score the text, each from the components as it reads them, all read at
      // once (all but the discourse computed once); the columns are the text's own reading.
      const own = text.length > PROSE_ONLY_OVER_CHARS;
      const readings = [own, ...readingsFor(this.weights, text.length).filter((r) => r !== own)];
      const read = densityComponentsAs(text, this.models, readings);
      c = read[0] as Record<DensityFeature, number>;
      const vectors = new Map(readings.map((r, i) => [r, featureVector(read[i] as Record<DensityFeature, number>)]));
      logits = detectorLogits(this.weights, (proseOnly) => vectors.get(proseOnly) as number[], text.length);
    } else {
      const reading = new DocumentReading();
      const chunks = documentChunks(text).map((chunk) => ({
        chars: chunk.length,
        c: densityComponents(chunk, this.models, reading),
      }));
      logits = documentLogits(
        this.weights,
        chunks.map((k) => ({ x: featureVector(k.c), chars: k.chars })),
        reading.signals,
      );
      c = Object.fromEntries(
        DENSITY_FEATURES.map((f) => [f, chunks.reduce((sum, k) => sum + k.c[f] * k.chars, 0) / text.length]),
      ) as Record<DensityFeature, number>;
    }
    // Built key by key into a fresh object, in the order { ...c, ...detectors, density } gave: adding the detectors to a
    // spread copy of the components (49 then) cost ~75 us a text (each added property a new hidden class, it seems), as much
    // as tokenizing a few thousand characters.
    const scores: Record<string, number> = {};
    for (const name of Object.keys(c)) scores[name] = c[name as DensityFeature];
    for (const [kind, logit] of logits) scores[`${DETECTOR_COLUMN_PREFIX}${kind}`] = logit;
    scores.density = Math.min(...logits.values());
    return scores as DensityScores;
  }
}

export interface DensityStepOptions {
  /**
   * Score only documents without a density from these models: an earlier run's output keeps its scores, unless other
   * models (an older assay, or no record of them) computed them.
   */
  onlyMissing?: boolean;
  /**
   * Threads that score, the calling one included: past the first THREADS_AFTER_CHARS, when scoring is most of the
   * step's time (THREADS_AT_SCORING_SHARE), workers - 1 threads with the shipped models take batches while this one
   * scores whatever arrives when none is idle; order is kept. A step given a scorer of its own scores on the calling
   * thread only.
   */
  workers?: number;
  /** Threads to score on from the first document instead (the caller closes them). */
  threads?: ScoringThreads;
}

/** Counter of documents scored again because other models had computed their density. */
export const RESCORED_OTHER_MODEL = "rescored_other_model";
/** Counter of documents scored on scoring threads (the rest were scored on the pipeline's thread). */
export const SCORED_ON_THREADS = "scored_on_threads";

/**
 * Text scored on the calling thread before scoring threads start: each spends ~1 s of CPU loading its models and word
 * lists, which a small run would not win back.
 */
const THREADS_AFTER_CHARS = 2_000_000;
/**
 * Threads start only while scoring takes at least this share of the step's time: when documents come slower than
 * they are scored (PDFs being parsed on every core), threads only compete with ingest. On the 52 corpus PDFs, scoring
 * threads made `assay run` 3-8 s slower (58-65 s against 66-68 s).
 */
const THREADS_AT_SCORING_SHARE = 0.5;
/** Text per batch a thread scores (~0.2 s of work): few messages, and a short wait at the head of the line. */
const BATCH_CHARS = 1_000_000;

type Entry = { doc: Doc; score: boolean };
/** Docs being scored, in input order, with their text's length; `done` once they can leave. */
type InFlight = { docs: Promise<Doc[]>; chars: number; done: boolean };

/** Gives `doc` the density columns `scores` (of the models `modelId` names), meta.density and meta.density_model. */
const DENSITY_SCORE_NAMES: ReadonlySet<string> = new Set(DENSITY_SCORES);

/**
 * Takes every density column off a doc before other models' scores go on: these models' columns, and any detector
 * column (`density_vs_*`) an earlier model had that these have not, which would otherwise sit beside the new
 * `density_model` as if these models had computed it.
 */
export function dropDensityScores(doc: Doc): void {
  for (const name of Object.keys(doc.scores))
    if (DENSITY_SCORE_NAMES.has(name) || name.startsWith(DETECTOR_COLUMN_PREFIX)) delete doc.scores[name];
}

export function setDensityScores(doc: Doc, scores: DensityScores, modelId: string): void {
  dropDensityScores(doc);
  Object.assign(doc.scores, scores);
  doc.meta.density = scores.density;
  doc.meta.density_model = modelId;
}

/** Pipeline step: adds the density columns to each doc's scores and sets meta.density and meta.density_model. */
export function densityStep(
  scorer?: DensityScorer,
  { onlyMissing = false, workers = 1, threads: given }: DensityStepOptions = {},
): Step {
  const active = scorer ?? new DensityScorer();
  const threadCount = scorer === undefined && workers > 1 ? workers - 1 : 0;
  return {
    name: "density",
    scoreNames: DENSITY_SCORES,
    async *run(docs: AsyncIterable<Doc>, ctx: StepContext) {
      let threads: ScoringThreads | null = given ?? null;
      let scoredHere = 0;
      let batch: Entry[] = [];
      let batchChars = 0;
      const inFlight: InFlight[] = [];
      let inFlightChars = 0;
      const settle = async (entries: Entry[], scores: Promise<TaskOutcome<DensityScores>[]>): Promise<Doc[]> => {
        const outcomes = await scores;
        const kept: Doc[] = [];
        let next = 0;
        for (const { doc, score } of entries) {
          const outcome = score ? (outcomes[next++] as TaskOutcome<DensityScores>) : null;
          if (outcome && !outcome.ok) {
            await ctx.reject(doc, outcome.failure);
            continue;
          }
          if (outcome) setDensityScores(doc, outcome.value, active.modelId);
          kept.push(doc);
        }
        return kept;
      };
      const send = (entries: Entry[], chars: number, scores: Promise<TaskOutcome<DensityScores>[]>) => {
        const item: InFlight = { docs: settle(entries, scores), chars, done: false };
        // A failure (a reject that could not be written) surfaces where the batch is awaited, not here.
        const done = () => {
          item.done = true;
        };
        item.docs.then(done, done);
        inFlight.push(item);
        inFlightChars += chars;
      };
      const sendBatch = (on: ScoringThreads) => {
        const texts = batch.filter((e) => e.score).map((e) => scoredText(e.doc));
        send(batch, batchChars, on.score(texts));
        ctx.count(SCORED_ON_THREADS, texts.length);
        [batch, batchChars] = [[], 0];
      };
      const started = performance.now();
      let scoringMs = 0;
      const scoreHere = (entries: Entry[]) => {
        const start = performance.now();
        const scores = entries
          .filter((e) => e.score)
          .map((e) => ({ ok: true as const, value: active.score(scoredText(e.doc)) }));
        scoringMs += performance.now() - start;
        return Promise.resolve(scores);
      };
      const threadsPay = () =>
        scoredHere >= THREADS_AFTER_CHARS && scoringMs >= THREADS_AT_SCORING_SHARE * (performance.now() - started);
      const oldest = async () => {
        const item = inFlight.shift() as InFlight;
        inFlightChars -= item.chars;
        return item.docs;
      };
      try {
        for await (const doc of docs) {
          const { density, density_model } = doc.meta;
          const entry = { doc, score: !onlyMissing || density === null || density_model !== active.modelId };
          if (entry.score && density !== null && onlyMissing) ctx.count(RESCORED_OTHER_MODEL);
          const chars = entry.score ? doc.text.length : 0;
          if (threadCount > 0 && threads === null && threadsPay()) threads = new ScoringThreads(threadCount);
          if (threads?.ready) {
            // An idle thread's batch fills first; until one is idle, this thread scores.
            batch.push(entry);
            batchChars += chars;
            if (batchChars >= BATCH_CHARS) sendBatch(threads);
          } else {
            scoredHere += chars;
            send([entry], chars, scoreHere([entry]));
          }
          // Let finished threads' replies in, then pass on what is done, and wait when too much text is held.
          if (threads) await new Promise(setImmediate);
          while (inFlight[0]?.done || inFlightChars > (threadCount + 3) * BATCH_CHARS) yield* await oldest();
        }
        if (batch.length > 0) sendBatch(threads as ScoringThreads);
        while (inFlight.length > 0) yield* await oldest();
      } finally {
        if (!given) await (threads as ScoringThreads | null)?.close();
      }
    },
  };
}
