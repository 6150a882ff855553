// `assay lm train <docs.jsonl...> --out MODEL [--order N] [--max-entries N]`: trains the reference n-gram LM
// (modified Kneser-Ney, flat binary) on the `text` field of JSONL documents, e.g. the best tier of a past run.
import { createReadStream } from "node:fs";
import { writeFile } from "node:fs/promises";
import { createInterface } from "node:readline";
import { parseArgs } from "node:util";
import { LM_TRAIN_DEFAULTS, trainNgramModel } from "../../filters/ngram-lm/train.js";

export const LM_USAGE = `usage: assay lm train <docs.jsonl...> --out MODEL [--order N] [--max-entries N] [--max-vocab N]
  Trains a word n-gram LM (modified Kneser-Ney, default order ${LM_TRAIN_DEFAULTS.order}) on the "text" field.`;

async function* jsonlTexts(paths: string[]): AsyncIterable<string> {
  for (const path of paths) {
    const lines = createInterface({ input: createReadStream(path), crlfDelay: Number.POSITIVE_INFINITY });
    for await (const line of lines) {
      if (!line.trim()) continue;
      const text = (JSON.parse(line) as { text?: unknown }).text;
      if (typeof text === "string") yield text;
    }
  }
}

/** Returns the exit status (2: usage error). */
export async function lmCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      out: { type: "string" },
      order: { type: "string" },
      "max-entries": { type: "string" },
      "max-vocab": { type: "string" },
      help: { type: "boolean" },
    },
  });
  if (values.help) {
    process.stdout.write(`${LM_USAGE}\n`);
    return 0;
  }
  const [sub, ...inputs] = positionals;
  if (sub !== "train" || inputs.length === 0 || !values.out) {
    process.stderr.write(`${LM_USAGE}\n`);
    return 2;
  }
  const options = {
    ...(values.order ? { order: Number(values.order) } : {}),
    ...(values["max-entries"] ? { maxEntries: Number(values["max-entries"]) } : {}),
    ...(values["max-vocab"] ? { maxVocab: Number(values["max-vocab"]) } : {}),
  };
  const model = await trainNgramModel(() => jsonlTexts(inputs), options);
  await writeFile(values.out, model);
  process.stdout.write(`${values.out}: ${model.byteLength} bytes\n`);
  return 0;
}
