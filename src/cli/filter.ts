// `assay filter <docs.jsonl...> --out DIR [--profile papers|web]`: runs the profile's filter stack, one pipeline
// step per filter. Kept documents go to OUT/data/, dropped ones to OUT/rejects/ with `stage` (the filter) and
// `reject_reason`, each with every score computed before its verdict. Output is JSONL shards until the pipeline's
// Parquet shard writer takes over this command.
import { once } from "node:events";
import { createWriteStream, mkdirSync, type WriteStream } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { DEFAULT_PROFILE, filterSteps } from "../../filters/stack.js";
import type { Doc } from "../doc.js";
import type { StepContext } from "../step.js";
import { jsonlDocs, parseProfile, rankAndWorldSize } from "./score.js";

export const FILTER_USAGE = `usage: assay filter <docs.jsonl...> --out DIR [--profile papers|web] [--rank R --world-size W]
  papers (default): OCR quality, language, prose shape, scholarly apparatus, Gopher repetition and quality with
  thresholds measured on papers; web: datatrove's language, Gopher, C4 and FineWeb rules.
  Writes OUT/data/part-RRRRR-00000.jsonl (kept) and OUT/rejects/part-RRRRR-00000.jsonl (stage, reject_reason).`;

function row(doc: Doc, reject?: { stage: string; reason: string }): string {
  const { id, text, source, meta, scores } = doc;
  const base = { id, text, source, lang: meta.lang, lang_score: meta.lang_score, pages: meta.pages, ...scores };
  return `${JSON.stringify(reject ? { ...base, stage: reject.stage, reject_reason: reject.reason } : base)}\n`;
}

async function write(stream: WriteStream, line: string): Promise<void> {
  if (!stream.write(line)) await once(stream, "drain");
}

/** Returns the exit status (2: usage error). */
export async function filterCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      out: { type: "string" },
      profile: { type: "string" },
      rank: { type: "string" },
      "world-size": { type: "string" },
      help: { type: "boolean" },
    },
  });
  if (values.help) {
    process.stdout.write(`${FILTER_USAGE}\n`);
    return 0;
  }
  const profile = parseProfile(values.profile, DEFAULT_PROFILE);
  const [rank, worldSize] = rankAndWorldSize(values.rank, values["world-size"]);
  if (!values.out || positionals.length === 0 || profile === null || !(rank >= 0 && rank < worldSize)) {
    process.stderr.write(`${FILTER_USAGE}\n`);
    return 2;
  }
  const part = `part-${String(rank).padStart(5, "0")}-00000.jsonl`;
  for (const dir of ["data", "rejects"]) mkdirSync(join(values.out, dir), { recursive: true });
  const kept = createWriteStream(join(values.out, "data", part));
  const rejects = createWriteStream(join(values.out, "rejects", part));
  const reasons = new Map<string, number>();
  const contextFor = (stage: string): StepContext => ({
    rank,
    worldSize,
    reject: async (doc, reason) => {
      reasons.set(`${stage}:${reason}`, (reasons.get(`${stage}:${reason}`) ?? 0) + 1);
      await write(rejects, row(doc, { stage, reason }));
    },
    count: () => {},
  });
  let docs: AsyncIterable<Doc> = jsonlDocs(positionals, rank, worldSize);
  for (const step of filterSteps(profile)) docs = step.run(docs, contextFor(step.name));
  let keptCount = 0;
  for await (const doc of docs) {
    keptCount++;
    await write(kept, row(doc));
  }
  for (const stream of [kept, rejects]) {
    stream.end();
    await once(stream, "finish");
  }
  const rejected = [...reasons.values()].reduce((a, b) => a + b, 0);
  const histogram = [...reasons].map(([reason, n]) => `${reason} ${n}`).join(", ");
  process.stdout.write(
    `filter (${profile}): ${keptCount} kept, ${rejected} rejected${histogram ? ` (${histogram})` : ""}\n`,
  );
  return 0;
}
