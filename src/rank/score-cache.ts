// The density columns the sketch pass of `assay rank` computed, kept for its apply pass: on input that carries no
// density (raw JSON Lines), both passes scored every document, so ranking took twice the scoring time (56.6 s to
// sketch 205 MB, then 35.9 s of scoring again in apply). One JSON line per document, in the rank's reading order,
// which both passes share. The file is only a shortcut: a document the apply pass does not find at the head of the
// file with the same text is scored as before, and a file that cannot be written or read is no file.
import { createHash } from "node:crypto";
import { once } from "node:events";
import { createReadStream, createWriteStream, existsSync } from "node:fs";
import { mkdir, rename, rm, stat } from "node:fs/promises";
import { dirname, join } from "node:path";
import { createInterface } from "node:readline";
import { finished } from "node:stream/promises";
import { dropDensityScores, RESCORED_OTHER_MODEL } from "../../filters/density/density.js";
import type { Doc } from "../doc.js";
import { rankTag } from "../rank-files.js";
import type { Step } from "../step.js";

interface CachedScores {
  id: string;
  /** The text's hash: an input edited between the passes gets scored again. */
  text: string;
  model: string;
  scores: Record<string, number>;
}

/** Counter of documents whose scores came from the file. */
export const SCORES_FROM_SKETCH = "scores_from_sketch";

export function scoreCachePath(dir: string, rank: number): string {
  return join(dir, `density-scores-${rankTag(rank)}.jsonl`);
}

/** Where a sketch pass that was stopped midway left what it had written (its temporary file). */
function temporaryPath(path: string): string {
  return `${path}.tmp`;
}

/** Where the sketch pass after it moves that file, to read it while writing its own. */
function unfinishedPath(path: string): string {
  return `${path}.unfinished`;
}

/**
 * The file a sketch pass takes earlier scores from: the whole file of a rank stopped before its apply pass finished,
 * else the head of the file a sketch pass stopped midway had written (Ctrl-C, a scheduler's time limit or SIGKILL
 * end the process before it can tidy up). Without it, a rank stopped after an hour of scoring scored it all again.
 * That temporary file is moved aside, the longer of it and one moved aside before kept, since this pass writes its
 * own there; keepingScores removes it once its own file is whole.
 */
export async function earlierScores(path: string): Promise<string> {
  if (existsSync(path)) return path;
  const [stopped, unfinished] = [temporaryPath(path), unfinishedPath(path)];
  const bytes = async (file: string) => (await stat(file).catch(() => null))?.size ?? -1;
  if ((await bytes(stopped)) > (await bytes(unfinished))) await rename(stopped, unfinished);
  return unfinished;
}

function textHash(text: string): string {
  return createHash("sha1").update(text).digest("base64url").slice(0, 16);
}

/**
 * Passes the documents on, and writes to `path` the `columns` and meta.density_model of each one that this pass
 * scored (`scoredHere`; input that carried density needs no copy). Values JSON cannot hold (NaN, infinities) leave
 * their document out. Written to a temporary file and renamed when whole; a write error (a full disk) drops the file
 * and the documents go on.
 */
export async function* keepingScores(
  docs: AsyncIterable<Doc>,
  path: string,
  columns: readonly string[],
  scoredHere: (doc: Doc) => boolean,
): AsyncGenerator<Doc> {
  const temporary = temporaryPath(path);
  let out: ReturnType<typeof createWriteStream> | null = null;
  try {
    await mkdir(dirname(path), { recursive: true });
    out = createWriteStream(temporary);
    out.on("error", () => {
      out = null;
    });
  } catch {
    out = null;
  }
  let whole = false;
  try {
    for await (const doc of docs) {
      if (out && scoredHere(doc)) {
        const line = cachedLine(doc, columns);
        // Waiting for the disk keeps memory flat; an error while waiting drops the file.
        if (line && !out.write(`${JSON.stringify(line)}\n`))
          await once(out, "drain").catch(() => {
            out = null;
          });
      }
      yield doc;
    }
    whole = true;
  } finally {
    await settle(out as ReturnType<typeof createWriteStream> | null, whole, temporary, path);
  }
}

function cachedLine(doc: Doc, columns: readonly string[]): CachedScores | null {
  if (doc.meta.density_model === null) return null;
  const scores: Record<string, number> = {};
  for (const name of columns) {
    const value = doc.scores[name];
    if (value === undefined) continue;
    if (!Number.isFinite(value)) return null;
    scores[name] = value;
  }
  return { id: doc.id, text: textHash(doc.text), model: doc.meta.density_model, scores };
}

/** Closes the temporary file and renames it into place if every document was written, else removes it. */
async function settle(
  out: ReturnType<typeof createWriteStream> | null,
  whole: boolean,
  temporary: string,
  path: string,
): Promise<void> {
  let written = out !== null && whole;
  if (out) {
    out.end();
    await finished(out).catch(() => {
      written = false;
    });
  }
  if (written) {
    await rename(temporary, path).catch(() => rm(temporary, { force: true }));
    await rm(unfinishedPath(path), { force: true }).catch(() => {});
  } else await rm(temporary, { force: true }).catch(() => {});
}

/**
 * Pipeline step for the apply pass: each document that is the next one in the file, same id and same text, takes
 * its columns and meta.density, so the density step after it (onlyMissing) passes it by. A missing file, or a line
 * that cannot be read, ends what the file gives. `dropped`: ids an earlier step of the pass rejects, whose lines are
 * passed over (else the first such line held up every document after it, and they were all scored again).
 */
export function cachedScoresStep(path: string, dropped: (id: string) => boolean = () => false): Step {
  return {
    name: "cached_scores",
    scoreNames: [],
    async *run(docs: AsyncIterable<Doc>, ctx) {
      const stream = createReadStream(path);
      stream.on("error", () => {});
      const lines = createInterface({ input: stream, crlfDelay: Number.POSITIVE_INFINITY })[Symbol.asyncIterator]();
      let next: CachedScores | null = null;
      const advance = async () => {
        try {
          const line = await lines.next();
          next = line.done ? null : (JSON.parse(line.value) as CachedScores);
        } catch {
          next = null;
        }
      };
      await advance();
      try {
        for await (const doc of docs) {
          while (next !== null && (next as CachedScores).id !== doc.id && dropped((next as CachedScores).id))
            await advance();
          const cached = next as CachedScores | null;
          if (cached && cached.id === doc.id) {
            if (cached.text === textHash(doc.text)) {
              // Scored by the sketch pass because other models had scored it: counted where the density step would.
              if (doc.meta.density !== null && doc.meta.density_model !== cached.model) ctx.count(RESCORED_OTHER_MODEL);
              dropDensityScores(doc);
              Object.assign(doc.scores, cached.scores);
              doc.meta.density = cached.scores.density ?? null;
              doc.meta.density_model = cached.model;
              ctx.count(SCORES_FROM_SKETCH);
            }
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
  for (const file of [path, temporaryPath(path), unfinishedPath(path)]) await rm(file, { force: true });
}
