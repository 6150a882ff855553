// The persistent index (`--index DIR`): one generation directory per published run, each a stage 1 source holding
// only the docs that run kept. A nightly run reads the generations as extra sources (their docs are never
// removed) and publishes its own kept docs as a new generation: written to a temp dir, then renamed, so a crash
// leaves the index as it was. Each generation records the token of the run that published it (publisher.json, renamed
// in with it; the run keeps the token in its work directory from before the rename), so a run stopped between the
// rename and noting the generation finds it when run again.
//
// A generation never changes once published. A run whose doc replaces one published before (a later arXiv version, a
// copy with fewer damaged pages: `supersedes`, keep-policy.ts) records that in its own generation (superseded.jsonl:
// {id, superseded_by, generation}); later runs read every generation's record and never keep a superseded doc as a
// cluster's keeper, so the copy that replaced it is the one a later copy duplicates. A run killed while writing its
// generation leaves a temp directory, which the next run on the same host removes (private-temp.ts).
import { closeSync, existsSync, mkdirSync, openSync, readdirSync, readFileSync, readSync, realpathSync } from "node:fs";
import { basename, join, resolve } from "node:path";
import { OutputError } from "../../src/io/atomic.js";
import { removeAbandonedTemps } from "./private-temp.js";
import { readDocRecords, recordWords, SourceExistsError, SourceWriter, sourceCount } from "./signature-store.js";

const GENERATION = /^gen-(\d{5})$/;
const PUBLISHER = "publisher.json";
const SUPERSEDED = "superseded.jsonl";

/** A published doc replaced by a better copy: its id, the id of the copy, and the generation it was published in. */
export interface Supersession {
  id: string;
  superseded_by: string;
  generation: string;
}

/** The key of a published doc in a set of superseded ones. */
export const publishedKey = (generation: string, id: string) => `${basename(generation)}\t${id}`;

/** The docs (publishedKey) that the generations `generations` record as superseded. */
export function supersededIn(generations: readonly string[]): Set<string> {
  const keys = new Set<string>();
  for (const generation of generations) {
    const path = join(generation, SUPERSEDED);
    if (!existsSync(path)) continue;
    for (const line of readFileSync(path, "utf8").split("\n")) {
      if (!line) continue;
      const s = JSON.parse(line) as Supersession;
      keys.add(publishedKey(s.generation, s.id));
    }
  }
  return keys;
}

/** Who published a generation: the run's token, and (for people reading the index) its work directory. */
export interface Publisher {
  token: string;
  work: string;
}

/** A work directory as the index records it: its real path. */
export function workIdentity(workDir: string): string {
  try {
    return realpathSync(workDir);
  } catch {
    return resolve(workDir);
  }
}

/** The generation (its name) that the run holding `token` published, by its publisher.json, or null. */
export function generationPublishedBy(indexDir: string, token: string): string | null {
  for (const generation of indexGenerations(indexDir)) {
    const path = join(generation, PUBLISHER);
    if (!existsSync(path)) continue;
    try {
      if ((JSON.parse(readFileSync(path, "utf8")) as Partial<Publisher>).token === token) return basename(generation);
    } catch {}
  }
  return null;
}

/**
 * The name of a new generation after the generations `seen`: one past the highest, so a generation removed by hand
 * frees no name in use.
 */
function nextGeneration(seen: readonly string[]): string {
  const numbers = seen.map((g) => Number(GENERATION.exec(basename(g))?.[1]));
  return `gen-${String(Math.max(0, ...numbers) + 1).padStart(5, "0")}`;
}

/**
 * Another run published a generation to the index after this one listed the generations it deduplicated against
 * (two runs sharing one index side by side): published too, this run's docs would not be deduplicated against it.
 */
export class IndexChangedError extends OutputError {}

/** Published generations, oldest first. */
export function indexGenerations(indexDir: string): string[] {
  if (!existsSync(indexDir)) return [];
  return readdirSync(indexDir)
    .filter((n) => GENERATION.test(n))
    .sort()
    .map((n) => join(indexDir, n));
}

/**
 * Publishes the kept docs of this run's rank sources (not in `removed`, keyed "rank:doc") as the generation after
 * those `seen` (the ones the run was deduplicated against), or as generation `replacing` when this run published
 * before and is run again (its inputs changed): the index then holds what the run keeps now, not what it kept then.
 * `publisher`: the run publishing (its token and work directory), recorded in the generation. A new generation is
 * created, never written over: IndexChangedError when another run published since the run listed `seen`.
 * `superseded`: the published docs this run's kept docs replace, recorded in the new generation.
 */
export function publishGeneration(
  indexDir: string,
  rankSources: readonly string[],
  removed: ReadonlySet<string>,
  numHashes: number,
  replacing: string | null,
  seen: readonly string[],
  publisher: Publisher,
  superseded: readonly Supersession[] = [],
): string {
  mkdirSync(indexDir, { recursive: true });
  removeAbandonedTemps(indexDir);
  const name = replacing ?? nextGeneration(seen);
  const known = new Set([...seen.map((g) => basename(g)), name]);
  const changed = () =>
    new IndexChangedError(
      `--index ${indexDir}: another run published to it while this one deduplicated against it; run --stage buckets on every rank, then clusters, again`,
    );
  if (indexGenerations(indexDir).some((g) => !known.has(basename(g)))) throw changed();
  const dest = join(indexDir, name);
  const out = new SourceWriter(dest, { exclusive: replacing === null });
  const record = new Uint8Array(recordWords(numHashes) * 4);
  try {
    rankSources.forEach((source, rank) => {
      const records = readDocRecords(source);
      const fd = openSync(join(source, "sigs.bin"), "r");
      try {
        for (let doc = 0; doc < sourceCount(source); doc++) {
          if (removed.has(`${rank}:${doc}`)) continue;
          readSync(fd, record, 0, record.length, doc * record.length);
          out.add(record, JSON.stringify(records[doc]));
        }
      } finally {
        closeSync(fd);
      }
    });
  } catch (error) {
    out.close(false);
    throw error;
  }
  const extra: Record<string, string> = { [PUBLISHER]: `${JSON.stringify(publisher)}\n` };
  if (superseded.length > 0) {
    extra[SUPERSEDED] = superseded.map((s) => `${JSON.stringify(s)}\n`).join("");
    // a run done again that keeps the same docs but replaces others replaces its generation too
    out.stampExtra(extra[SUPERSEDED]);
  }
  try {
    out.close(true, extra);
  } catch (error) {
    throw error instanceof SourceExistsError ? changed() : error;
  }
  return dest;
}
