// `assay score <docs.jsonl...> --decisions FILE [--filters a,b,...] [--profile web|papers]`: every filter's verdict
// per document, one JSON line each ({"id", "<filter>": "pass" | reason, ...}), each filter judging the original
// text. The default (web profile, the four datatrove filters) is the format of datatrove's reference decisions, so
// ../shared/reference/compare.py compares the two files directly.

import { once } from "node:events";
import { createReadStream, createWriteStream } from "node:fs";
import { createInterface } from "node:readline";
import { parseArgs } from "node:util";
import { DATATROVE_FILTERS, decisions, filterStack, PROFILES, type Profile } from "../../filters/stack.js";
import { type Doc, makeDoc } from "../doc.js";

export const SCORE_USAGE = `usage: assay score <docs.jsonl...> --decisions FILE [--filters a,b,...] [--profile web|papers]
                   [--rank R --world-size W]
  Writes {"id", "<filter>": "pass" | reason} per document. Default: --profile web with the datatrove filters
  ${DATATROVE_FILTERS.join(",")}; --profile papers alone scores the papers stack. With --world-size > 1 each rank
  takes every W-th document and writes FILE.R.`;

/** Documents of JSONL files (`id`, `text`; other fields ignored), the `rank`-th of every `worldSize`. */
export async function* jsonlDocs(paths: readonly string[], rank = 0, worldSize = 1): AsyncIterable<Doc> {
  let n = 0;
  for (const path of paths) {
    const lines = createInterface({ input: createReadStream(path), crlfDelay: Number.POSITIVE_INFINITY });
    let line = 0;
    for await (const text of lines) {
      line++;
      if (!text.trim() || n++ % worldSize !== rank) continue;
      const record = JSON.parse(text) as { id?: unknown; text?: unknown; pages?: unknown };
      const pages = typeof record.pages === "number" ? record.pages : null;
      yield makeDoc(String(record.id ?? `${path}#${line}`), String(record.text ?? ""), `${path}#${line}`, { pages });
    }
  }
}

/** --rank/--world-size, else the Slurm array or Kubernetes indexed-job variables, else one rank. */
export function rankAndWorldSize(rank: string | undefined, worldSize: string | undefined): [number, number] {
  const env = process.env;
  const r = Number(rank ?? env.SLURM_ARRAY_TASK_ID ?? env.JOB_COMPLETION_INDEX ?? 0);
  const w = Number(worldSize ?? env.SLURM_ARRAY_TASK_COUNT ?? 1);
  return [r, w];
}

export function parseProfile(value: string | undefined, fallback: Profile): Profile | null {
  if (value === undefined) return fallback;
  return (PROFILES as readonly string[]).includes(value) ? (value as Profile) : null;
}

/** Returns the exit status (2: usage error). */
export async function scoreCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      decisions: { type: "string" },
      filters: { type: "string" },
      profile: { type: "string" },
      rank: { type: "string" },
      "world-size": { type: "string" },
      help: { type: "boolean" },
    },
  });
  if (values.help) {
    process.stdout.write(`${SCORE_USAGE}\n`);
    return 0;
  }
  const profile = parseProfile(values.profile, "web");
  const [rank, worldSize] = rankAndWorldSize(values.rank, values["world-size"]);
  if (!values.decisions || positionals.length === 0 || profile === null || !(rank >= 0 && rank < worldSize)) {
    process.stderr.write(`${SCORE_USAGE}\n`);
    return 2;
  }
  const names =
    values.filters?.split(",").map((name) => name.trim()) ??
    (values.profile === undefined || profile === "web" ? [...DATATROVE_FILTERS] : undefined);
  let filters: ReturnType<typeof filterStack>;
  try {
    filters = filterStack(profile, names);
  } catch (error) {
    process.stderr.write(`assay score: ${(error as Error).message}\n`);
    return 2;
  }
  const path = worldSize > 1 ? `${values.decisions}.${rank}` : values.decisions;
  const out = createWriteStream(path);
  let docs = 0;
  for await (const doc of jsonlDocs(positionals, rank, worldSize)) {
    docs++;
    if (!out.write(`${JSON.stringify(decisions(doc, filters))}\n`)) await once(out, "drain");
  }
  out.end();
  await once(out, "finish");
  process.stdout.write(`score: ${docs} docs, filters ${filters.map((f) => f.name).join(",")} -> ${path}\n`);
  return 0;
}
