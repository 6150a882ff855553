// `assay score <docs.jsonl...> --decisions FILE [--filters a,b,...] [--profile web|papers]`: every filter's verdict
// per document, one JSON line each ({"id", "<filter>": "pass" | reason, ...}), each filter judging the original
// text. The default (web profile, the four datatrove filters) is the format of datatrove's reference decisions, so
// ../shared/reference/compare.py compares the two files directly.

import {
  DATATROVE_FILTERS,
  decisions,
  filterStack,
  PROFILES,
  type Profile,
  prepareFilters,
} from "../../filters/stack.js";
import { readDocs } from "../../ingest/ingest-step.js";
import type { InputFile } from "../io/inputs.js";
import { openOutput } from "../io/output-sink.js";
import {
  commandConfig,
  errorExit,
  everyRankInputs,
  parse,
  rankAndWorldSize,
  refuseOverwritingInput,
  UsageError,
} from "./common.js";

export const SCORE_USAGE = `usage: assay score <docs...> --decisions FILE [--filters a,b,...] [--profile web|papers]
                   [--config FILE] [--workers N] [--rank R --world-size W]
  Writes {"id", "<filter>": "pass" | reason} per document to FILE, or to standard output with --decisions - (the
  summary then goes to stderr); FILE appears only once whole. <docs> is PDFs, JSONL, Parquet or the output
  directory of an earlier command. With --world-size > 1 each rank takes every W-th input file and writes FILE.R.
  Records the reader rejects (an id seen before, a line that is not JSON) are counted, not scored.
  Default: --profile web with the datatrove filters ${DATATROVE_FILTERS.join(",")};
  --profile papers alone scores the papers stack; --filters names any filter of the profile or of web's, in the
  order given (a name it does not know is refused with the list).
  --config FILE  JSON config (see README): its ingest settings read the PDFs (ocr, maxPages, gunzip, ...)
  --workers N    worker threads reading PDFs (default: cores, up to 8)
  -q, --quiet    no summary
  -h, --help     this help`;

/** Decisions gathered before a write: one system call per many documents, little memory held. */
const WRITE_CHARS = 64 * 1024;

export function parseProfile(value: string | undefined, fallback: Profile): Profile | null {
  if (value === undefined) return fallback;
  return (PROFILES as readonly string[]).includes(value) ? (value as Profile) : null;
}

/** Returns the exit status (2: usage error). */
export async function scoreCommand(argv: string[]): Promise<number> {
  try {
    const { values, positionals } = parse(argv, {
      decisions: { type: "string" },
      filters: { type: "string" },
      profile: { type: "string" },
      config: { type: "string" },
      workers: { type: "string" },
      rank: { type: "string" },
      "world-size": { type: "string" },
      help: { type: "boolean", short: "h" },
      quiet: { type: "boolean", short: "q" },
    });
    if (values.help) {
      process.stdout.write(`${SCORE_USAGE}\n`);
      return 0;
    }
    const profile = parseProfile(values.profile, "web");
    if (profile === null) throw new UsageError(`--profile must be one of ${PROFILES.join(", ")}`);
    if (!values.decisions) throw new UsageError("--decisions FILE is required");
    const { rank, worldSize } = rankAndWorldSize(values);
    const names =
      values.filters?.split(",").map((name) => name.trim()) ??
      (values.profile === undefined || profile === "web" ? [...DATATROVE_FILTERS] : undefined);
    let filters: ReturnType<typeof filterStack>;
    try {
      filters = filterStack(profile, names);
    } catch (error) {
      throw new UsageError((error as Error).message);
    }
    const allInputs = await everyRankInputs(positionals, worldSize);
    const inputs = allInputs[rank] as InputFile[];
    const path = worldSize > 1 && values.decisions !== "-" ? `${values.decisions}.${rank}` : values.decisions;
    await refuseOverwritingInput("--decisions", path, allInputs.flat());
    const config = await commandConfig(values, {}, "score");
    // Docs come through the same reader as every other command; what it rejects (a record it cannot read, an id
    // seen before) is counted by reason, not scored.
    const notScored = new Map<string, number>();
    const docs = readDocs(inputs, { config: config.ingest, workers: config.workers }, (reason) =>
      notScored.set(reason, (notScored.get(reason) ?? 0) + 1),
    );
    // Opened before any scoring, so that a path that cannot be written is one line with what to do, at once.
    const out = await openOutput(path);
    let scored = 0;
    try {
      await prepareFilters(filters);
      let pending = "";
      for await (const doc of docs) {
        scored++;
        pending += `${JSON.stringify(decisions(doc, filters))}\n`;
        if (pending.length >= WRITE_CHARS) {
          await out.write(pending);
          pending = "";
        }
      }
      await out.write(pending);
      await out.commit();
    } catch (error) {
      await out.discard();
      throw error;
    }
    const skipped = [...notScored].map(([reason, n]) => `${n} ${reason}`).join(", ");
    if (!values.quiet)
      (out.toStdout ? process.stderr : process.stdout).write(
        `score: ${scored} docs${skipped ? ` (not scored: ${skipped})` : ""}, filters ${filters.map((f) => f.name).join(",")} -> ${out.toStdout ? "standard output" : path}\n`,
      );
    return 0;
  } catch (error) {
    return errorExit("score", error);
  }
}
