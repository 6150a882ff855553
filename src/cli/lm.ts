// `assay lm train <docs...> --out MODEL [--order N] [--max-entries N]`: trains the reference n-gram LM
// (modified Kneser-Ney, flat binary) on the text of documents, e.g. the best tier of a past run.
import { LM_TRAIN_DEFAULTS, trainNgramModel } from "../../filters/ngram-lm/train.js";
import { readDocs } from "../../ingest/ingest-step.js";
import { writeFileAtomic } from "../io/atomic.js";
import { commandConfig, errorExit, parse, rankInputs, UsageError, wholeNumber } from "./common.js";

export const LM_USAGE = `usage: assay lm train <docs...> --out MODEL [--order N] [--max-entries N] [--max-vocab N]
  Trains a word n-gram LM (modified Kneser-Ney, default order ${LM_TRAIN_DEFAULTS.order}) on the documents' text.
  <docs> is JSONL, Parquet or the output directory of an earlier command (its kept documents).`;

/** Returns the exit status (2: usage error, 1: input problem). */
export async function lmCommand(argv: string[]): Promise<number> {
  try {
    const { values, positionals } = parse(argv, {
      out: { type: "string" },
      order: { type: "string" },
      "max-entries": { type: "string" },
      "max-vocab": { type: "string" },
      help: { type: "boolean", short: "h" },
    });
    if (values.help) {
      process.stdout.write(`${LM_USAGE}\n`);
      return 0;
    }
    const [sub, ...args] = positionals;
    if (sub !== "train") throw new UsageError(`unknown subcommand "${sub ?? ""}"; use 'assay lm train'`);
    if (!values.out) throw new UsageError("--out MODEL is required");
    const inputs = await rankInputs(args, 0, 1);
    const config = await commandConfig({});
    const order = wholeNumber(values.order, "--order");
    const maxEntries = wholeNumber(values["max-entries"], "--max-entries");
    const maxVocab = wholeNumber(values["max-vocab"], "--max-vocab");
    const options = {
      ...(order !== undefined ? { order } : {}),
      ...(maxEntries !== undefined ? { maxEntries } : {}),
      ...(maxVocab !== undefined ? { maxVocab } : {}),
    };
    const texts = async function* () {
      for await (const doc of readDocs(inputs, { config: config.ingest, workers: config.workers })) yield doc.text;
    };
    const model = await trainNgramModel(texts, options);
    await writeFileAtomic(values.out, model);
    process.stdout.write(`${values.out}: ${model.byteLength} bytes\n`);
    return 0;
  } catch (error) {
    return errorExit("lm", error);
  }
}
