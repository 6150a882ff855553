// The density columns the sketch pass of `assay rank` computed, kept for its apply pass: on input that carries no
// density (raw JSON Lines), both passes scored every document, so ranking took twice the scoring time (56.6 s to
// sketch 205 MB, then 35.9 s of scoring again in apply). One JSON line per document, in the rank's reading order,
// which both passes share; a document the apply pass does not find at the head of the file is scored as before.

import { once } from "node:events";
import { createReadStream, createWriteStream } from "node:fs";
import { mkdir, rm } from "node:fs/promises";
import { dirname, join } from "node:path";
import { createInterface } from "node:readline";
import type { Doc } from "../doc.js";
import type { Step } from "../step.js";

interface CachedScores {
  id: string;
  model: string;
  scores: Record<string, number>;
}

export function scoreCachePath(dir: string, rank: number): string {
  return join(dir, `density-scores-${String(rank).padStart(5, "0")}.jsonl`);
}

/**
 * The documents as they pass, the `columns` of those `scoredHere` says this pass scored written to `path` with
 * meta.density_model (input that carried density needs none). A document with a value that JSON cannot hold (NaN, an
 * infinity) is left out: the apply pass scores it again.
 */
export async function* keepingScores(
  docs: AsyncIterable<Doc>,
  path: string,
  columns: readonly string[],
  scoredHere: (doc: Doc) => boolean,
): AsyncGenerator<Doc> {
  await mkdir(dirname(path), { recursive: true });
  const out = createWriteStream(path);
  try {
    for await (const doc of docs) {
      if (!scoredHere(doc)) {
        yield doc;
        continue;
      }
      const scores: Record<string, number> = {};
      let finite = doc.meta.density_model !== null;
      for (const name of columns) {
        const value = doc.scores[name];
        if (value === undefined) continue;
        if (!Number.isFinite(value)) finite = false;
        scores[name] = value;
      }
      if (finite) {
        const line: CachedScores = { id: doc.id, model: doc.meta.density_model as string, scores };
        if (!out.write(`${JSON.stringify(line)}\n`)) await once(out, "drain");
      }
      yield doc;
    }
  } finally {
    out.end();
    await once(out, "close");
  }
}

/**
 * Pipeline step for the apply pass: each document whose id is the next one in the file takes its columns and
 * meta.density, so the density step after it (onlyMissing) passes it by. A missing file gives nothing.
 */
export function cachedScoresStep(path: string, columns: readonly string[]): Step {
  return {
    name: "cached_scores",
    scoreNames: [],
    async *run(docs: AsyncIterable<Doc>, ctx) {
      const stream = createReadStream(path);
      // A missing or unreadable file ends the lines below: every document is scored as before.
      stream.on("error", () => {});
      const lines = createInterface({ input: stream, crlfDelay: Number.POSITIVE_INFINITY })[Symbol.asyncIterator]();
      let next: CachedScores | null = null;
      let ended = false;
      const advance = async () => {
        const line = ended ? undefined : await lines.next().catch(() => ({ done: true, value: undefined }));
        ended = ended || line?.done !== false;
        next = ended ? null : (JSON.parse(line?.value as string) as CachedScores);
      };
      await advance();
      try {
        for await (const doc of docs) {
          const cached = next as CachedScores | null;
          if (cached && cached.id === doc.id) {
            for (const name of columns) delete doc.scores[name];
            Object.assign(doc.scores, cached.scores);
            doc.meta.density = cached.scores.density ?? null;
            doc.meta.density_model = cached.model;
            ctx.count("scores_from_sketch");
            await advance();
          }
          yield doc;
        }
      } finally {
        stream.destroy();
      }
    },
  };
}

/** Removes a rank's kept scores once its documents are ranked. */
export async function dropScoreCache(path: string): Promise<void> {
  await rm(path, { force: true });
}
