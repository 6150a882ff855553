// `assay lm train <docs...> --out MODEL [--order N] [--max-entries N]`: trains the reference n-gram LM
// (modified Kneser-Ney, flat binary) on the text of documents, e.g. the best tier of a past run.
import { open, stat } from "node:fs/promises";
import { dirname, resolve } from "node:path";
import { hasModelMagic, MAX_ORDER } from "../../filters/ngram-lm/model.js";
import {
  countRankNgrams,
  countRankWords,
  LM_STAGES,
  type LmStage,
  mergeRankCounts,
  type RankShare,
} from "../../filters/ngram-lm/rank-training.js";
import {
  checkedOptions,
  LM_TRAIN_DEFAULTS,
  type LmTrainReport,
  trainNgramModel,
  VocabularyOverBudgetError,
} from "../../filters/ngram-lm/train.js";
import { readDocs } from "../../ingest/ingest-step.js";
import { OutputError, writeFileAtomic } from "../io/atomic.js";
import { InputError, type InputFile } from "../io/inputs.js";
import {
  commandConfig,
  errorExit,
  parse,
  rankAndWorldSize,
  refuseOverwritingInput,
  UsageError,
  wholeNumber,
} from "./common.js";
import { copiesReader, rankShares, textsByInput } from "./lm-rank-inputs.js";

export const LM_USAGE = `usage: assay lm train <docs...> --out MODEL [--order N] [--max-entries N] [--max-vocab N]
                      [--max-counted N] [--stage words|ngrams|merge|all] [--rank R --world-size W]
                      [--ocr auto|always|never] [--config FILE] [--workers N]
  Trains a word n-gram LM (modified Kneser-Ney, default order ${LM_TRAIN_DEFAULTS.order}) on the documents' text.
  <docs> is PDF, JSONL, Parquet or the output directory of an earlier command (its kept documents).
  Use the model with 'assay run --lm MODEL': each document's perplexity against it (lm_perplexity) and its
  share of words the model does not know (lm_oov).
  --order N         words of context plus one: 1 to ${MAX_ORDER} (default ${LM_TRAIN_DEFAULTS.order})
  --max-entries N   n-grams the model stores, all orders together (default ${LM_TRAIN_DEFAULTS.maxEntries})
  --max-vocab N     words the model knows; rarer ones are its unknown word (default ${LM_TRAIN_DEFAULTS.maxVocab})
  --max-counted N   distinct words, or bigrams and longer n-grams, held while counting, 30-40 bytes each
                    (default ${LM_TRAIN_DEFAULTS.maxCounted}, ~2 GB: some 350 MB of papers counted exactly); past it
                    the rarest are dropped and counted again from 0, which the summary reports
  --stage S         all (default, one process) or one barrier stage for multi-machine runs, in order, each with
                    the same <docs>, options and --world-size: words (every rank), ngrams (every rank), merge
                    (once); counts go to MODEL.parts/, the model is the one a single process makes
  --rank R --world-size W
                    this process's share of the inputs (default: a Slurm array's task among
                    SLURM_ARRAY_TASK_COUNT, or JOB_COMPLETION_INDEX with --world-size, else 0 of 1)
  --ocr MODE        how PDFs are read, as in 'assay ingest': auto (default), always or never (--stage all only)
  --config FILE     the ingest settings of a run's config (ingest.*, workers; --stage all only); the rest is for
                    assay run
  --workers N       threads reading PDFs (default: cores, at most 8)
  -q, --quiet       no summary or warnings
  -h, --help        this help`;

/**
 * Fewer words than this and a model is too small to be useful: the thousand most frequent English words make up some
 * three quarters of running text, so with fewer, a quarter or more of any text's words are unknown to the model and its
 * perplexity mostly counts them.
 */
const USEFUL_VOCABULARY = 1_000;

function stageOf(value: string | undefined): LmStage {
  const stage = value ?? "all";
  if (!(LM_STAGES as readonly string[]).includes(stage))
    throw new UsageError(`--stage takes ${LM_STAGES.join(", ")}, not "${stage}"`);
  return stage as LmStage;
}

/** Returns the exit status (2: usage error, 1: input problem). */
export async function lmCommand(argv: string[]): Promise<number> {
  try {
    const { values, positionals } = parse(argv, {
      out: { type: "string" },
      order: { type: "string" },
      "max-entries": { type: "string" },
      "max-vocab": { type: "string" },
      "max-counted": { type: "string" },
      stage: { type: "string" },
      ocr: { type: "string" },
      config: { type: "string" },
      workers: { type: "string" },
      rank: { type: "string" },
      "world-size": { type: "string" },
      help: { type: "boolean", short: "h" },
      quiet: { type: "boolean", short: "q" },
    });
    if (values.help) {
      process.stdout.write(`${LM_USAGE}\n`);
      return 0;
    }
    const [sub, ...args] = positionals;
    if (sub === undefined) {
      // Nothing to do is a usage error, as for a bare `assay`: the usage goes where errors go.
      process.stderr.write(`${LM_USAGE}\n`);
      return 2;
    }
    if (sub !== "train") throw new UsageError(`unknown subcommand "${sub}"; use 'assay lm train'`);
    if (!values.out) throw new UsageError("--out MODEL is required");
    const stage = stageOf(values.stage);
    const { rank, worldSize } = rankAndWorldSize(values);
    if (stage === "all" && worldSize > 1)
      throw new UsageError(
        "--stage all runs in one process; across ranks run --stage words, then ngrams on every rank, then merge once",
      );
    // The counts of a staged run do not record how PDFs were read, so ranks could read them two ways unseen.
    if (stage !== "all" && (values.ocr !== undefined || values.config !== undefined))
      throw new UsageError(
        "--ocr and --config apply to one-process training (--stage all); staged ranks read with the defaults",
      );
    // A bad --ocr or config is refused before the inputs are looked for.
    const config = await commandConfig(values, { ingest: { ocr: values.ocr } }, "lm");
    const { shares, files } = await rankShares(args, worldSize, rank);
    const order = wholeNumber(values.order, "--order");
    if (order !== undefined && !(order >= 1 && order <= MAX_ORDER))
      throw new UsageError(`--order takes 1 to ${MAX_ORDER}, not ${order}`);
    await checkModelPath(values.out, files.flat());
    const atLeastOne = (flag: "max-entries" | "max-vocab" | "max-counted") => {
      const n = wholeNumber(values[flag], `--${flag}`);
      if (n === 0) throw new UsageError(`--${flag} must be at least 1`);
      return n;
    };
    const maxEntries = atLeastOne("max-entries");
    // 0 words: a model of the unknown word alone rates every text as excellent (perplexity ~6).
    const maxVocab = atLeastOne("max-vocab");
    const maxCounted = atLeastOne("max-counted");
    const options = checkedOptions({
      ...(order !== undefined ? { order } : {}),
      ...(maxEntries !== undefined ? { maxEntries } : {}),
      ...(maxVocab !== undefined ? { maxVocab } : {}),
      ...(maxCounted !== undefined ? { maxCounted } : {}),
    });
    const progress = trainingProgress();
    const reading = { config: config.ingest, workers: config.workers };
    const share = shares[rank] as RankShare;
    const mine = files[rank] as InputFile[];
    const say = (line: string) => {
      if (!values.quiet) process.stdout.write(`${line}\n`);
    };
    // An error goes on a line of its own.
    const endProgress = () => progress && process.stderr.write("\n");
    const copies = copiesReader(shares, files, reading);
    /** Inputs and records training could not read, by reason (e.g. invalid_record:not_json, encrypted). */
    const skipped = new Map<string, number>();
    const skip = (reason: string) => skipped.set(reason, (skipped.get(reason) ?? 0) + 1);
    if (stage === "words" || stage === "ngrams") {
      // Counted by the words stage, which reads this rank's inputs first.
      const onReject = stage === "words" ? skip : undefined;
      const texts = () => shown(textsByInput(mine, reading, onReject), stage === "words" ? 1 : 2, progress);
      const counted = await (stage === "words"
        ? countRankWords(values.out, share, texts, options)
        : countRankNgrams(values.out, shares, rank, texts, copies, options)
      )
        .catch(overBudgetAsUsage)
        .finally(endProgress);
      const what = stage === "words" ? "distinct words" : "distinct bigrams and longer n-grams";
      const done = counted.kept ? "kept: its inputs and options are unchanged since it was counted" : "counted";
      const lossy =
        counted.floor > 0
          ? ` (approximate: those seen up to ${counted.floor} times were dropped while counting, to stay within --max-counted)`
          : "";
      say(`${counted.path}: rank ${rank} of ${worldSize}, ${counted.entries} ${what} ${done}${lossy}`);
      if (!values.quiet) warnSkipped(skipped);
      return 0;
    }
    let docsWithText = 0;
    const report: LmTrainReport = { pruneFloor: 0, counted: 0, vocabularyFloor: 0, words: 0 };
    let model: Uint8Array;
    if (stage === "merge") {
      const merged = { ...report, docsWithText: 0 };
      model = await mergeRankCounts(values.out, shares, copies, options, merged);
      Object.assign(report, merged);
      docsWithText = merged.docsWithText;
    } else {
      // Training reads the documents twice: the vocabulary, then the n-grams; what it cannot read is counted once.
      let pass = 0;
      const texts = async function* () {
        pass++;
        const onReject = (reason: string) => {
          if (pass === 1) skip(reason);
        };
        for await (const doc of shown(readDocs(mine, reading, onReject), pass, progress)) {
          if (/\p{L}/u.test(doc.text)) docsWithText++;
          yield doc.text;
        }
      };
      model = await trainNgramModel(texts, options, report).catch(overBudgetAsUsage).finally(endProgress);
    }
    if (docsWithText === 0) {
      const why = skipped.size > 0 ? ` (not read: ${reasonCounts(skipped)})` : "";
      throw new InputError(`no text to train on in ${args.join(" ")}${why}`);
    }
    await writeFileAtomic(values.out, model);
    say(`${values.out}: ${model.byteLength} bytes (${countingSummary(report)})`);
    if (!values.quiet) warnSkipped(skipped);
    if (!values.quiet && report.words < USEFUL_VOCABULARY) {
      const remedy =
        (maxVocab ?? Infinity) < USEFUL_VOCABULARY
          ? "raise --max-vocab"
          : report.vocabularyFloor > 0
            ? "raise --max-counted, which dropped the rarer words"
            : "train it on more text";
      process.stderr.write(
        `assay lm: warning: the model knows too few words to score text usefully (${report.words}, under ${USEFUL_VOCABULARY}); ${remedy}\n`,
      );
    }
    return 0;
  } catch (error) {
    return errorExit("lm", error);
  }
}

/** Says on stderr what training could not read, by reason, if anything. */
function warnSkipped(skipped: ReadonlyMap<string, number>): void {
  if (skipped.size > 0)
    process.stderr.write(`assay lm: warning: not trained on what could not be read: ${reasonCounts(skipped)}\n`);
}

/** "2 invalid_record:not_json, 1 no_text". */
function reasonCounts(skipped: ReadonlyMap<string, number>): string {
  return [...skipped].map(([reason, n]) => `${n} ${reason}`).join(", ");
}

/** Documents (or texts with their input) as they are read, shown on the progress line as pass `pass`. */
async function* shown<T extends { text: string }>(
  docs: AsyncIterable<T>,
  pass: number,
  progress: TrainingProgress | undefined,
): AsyncGenerator<T> {
  for await (const doc of docs) {
    progress?.read(pass, doc.text.length);
    yield doc;
  }
  progress?.show();
}

function overBudgetAsUsage(error: unknown): never {
  if (!(error instanceof VocabularyOverBudgetError)) throw error;
  throw new UsageError(
    `--max-entries ${error.maxEntries} is below the ${error.words} words the model stores, one entry each: raise it to at least ${error.words} or lower --max-vocab`,
  );
}

/**
 * Refuses, before hours of counting, a model path that cannot be written (a directory, or one whose parent is
 * missing) or that holds what the model must not replace: one of the inputs (through a link, a hard link, or found
 * in an input directory), or a file that is not a model, such as a run's manifest.json. A model is replaced.
 */
async function checkModelPath(path: string, inputs: readonly InputFile[]): Promise<void> {
  const parent = await stat(dirname(resolve(path))).catch(() => null);
  if (!parent?.isDirectory()) throw new OutputError(`--out ${path}: its directory does not exist; create it first`);
  const existing = await stat(path).catch(() => null);
  if (!existing) return;
  if (existing.isDirectory()) throw new OutputError(`--out ${path} is a directory; give the model file's path`);
  await refuseOverwritingInput("--out", path, inputs);
  if (!(await startsWithModelMagic(path)))
    throw new OutputError(
      `--out ${path} exists and is not an assay n-gram model; remove it or give the model another path`,
    );
}

async function startsWithModelMagic(path: string): Promise<boolean> {
  const file = await open(path, "r");
  try {
    const head = new Uint8Array(4);
    const { bytesRead } = await file.read(head, 0, head.length, 0);
    return hasModelMagic(head.subarray(0, bytesRead));
  } finally {
    await file.close();
  }
}

/** "exact counts", or which words and n-grams lossy counting dropped. */
function countingSummary({ vocabularyFloor, pruneFloor }: LmTrainReport): string {
  const seen = (floor: number) => (floor === 1 ? "seen once" : `seen up to ${floor} times`);
  const dropped = [
    ...(vocabularyFloor > 0 ? [`words ${seen(vocabularyFloor)}`] : []),
    ...(pruneFloor > 0 ? [`n-grams ${seen(pruneFloor)}`] : []),
  ];
  if (dropped.length === 0) return "exact counts";
  return `approximate counts: ${dropped.join(" and ")} were dropped while counting, to stay within --max-counted; raise it for exact counts`;
}

/**
 * Documents and MB read per pass, on one line of stderr, only when stderr is a terminal: shown at most twice a second
 * while reading, and whole when a pass ends (a pass read faster than that used to leave its first document shown).
 */
interface TrainingProgress {
  read: (pass: number, chars: number) => void;
  show: () => void;
}

function trainingProgress(): TrainingProgress | undefined {
  if (!process.stderr.isTTY) return undefined;
  const names = ["", "vocabulary", "n-grams"];
  let pass = 0;
  let docs = 0;
  let chars = 0;
  let start = Date.now();
  let shown = 0;
  const show = () => {
    shown = Date.now();
    const mb = chars / 1e6;
    const rate = mb / Math.max((Date.now() - start) / 1000, 0.001);
    process.stderr.write(
      `\rassay lm train: pass ${pass}/2 (${names[pass] ?? ""}), ${docs} docs, ${mb.toFixed(1)} MB, ${rate.toFixed(1)} MB/s   `,
    );
  };
  const read = (current: number, length: number) => {
    if (current !== pass) [pass, docs, chars, start, shown] = [current, 0, 0, Date.now(), 0];
    docs++;
    chars += length;
    if (Date.now() - shown >= 500) show();
  };
  return { read, show };
}
