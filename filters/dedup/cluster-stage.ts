// Stage 3 (one process, like datatrove's): unite the pairs of every bucket in plan order, verify the second-chance
// candidates against their signatures, and pick each cluster's keeper. Memory is proportional to the duplicated
// docs, not to the corpus.
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { basename, join } from "node:path";
import { SeenIds } from "../../src/seen-ids.js";
import { DensityScorer, type DensityScores } from "../density/density.js";
import { type Bucket, readPairs } from "./bucket-stage.js";
import { publishedKey, supersededIn } from "./dedup-index.js";
import { awaitingDensity, compareForKeep, type KeepPolicy, supersedes } from "./keep-policy.js";
import { estimatedJaccard } from "./minhash.js";
import { type RepeatedId, repeatedIds } from "./repeated-ids.js";
import { type DocRecord, OCR_TEXT, RecordReader, readDocRecords, sourceCount, sourceStamp } from "./signature-store.js";
import { UnionFind } from "./union-find.js";
import { unscoredTexts } from "./unscored-texts.js";

/** One doc of a cluster of size > 1. */
export interface ClusterEntry {
  id: string;
  /** Id of the kept doc of the cluster. */
  cluster_id: string;
  /** Rank of stage 1 that read the doc, null for a doc published by an earlier run (from the index). */
  rank: number | null;
  /** Position of the doc in its rank's input (or index generation). */
  doc: number;
  /** Set when this doc is removed: the id it duplicates. */
  duplicate_of: string | null;
  /** Set on a published doc this run's keeper replaces (`--keep best`): the keeper's id. */
  superseded_by?: string;
  /** With superseded_by: the index generation the replaced doc was published in. */
  generation?: string;
  /** Set on this run's keeper when it replaces published docs: their ids. */
  supersedes?: string[];
  /** Set on a doc removed, before clustering, because a doc of a lower rank or a published doc has its id (repeated-ids.ts). */
  repeated_id?: true;
  /**
   * Set on a doc this stage scored to choose the keeper (it tied before density and had none): its density columns,
   * which stage 4 writes to its row, kept or removed, as the density step would have.
   */
  density_scores?: DensityScores;
  /** With density_scores: the models that computed them (`density_model`). */
  density_model?: string;
}

export interface ClusterOptions {
  numHashes: number;
  keep: KeepPolicy;
  /** How many leading sources are published index generations: their docs are kept, never removed. */
  indexSources: number;
  /** The generation this run published before (it is run again), not among the sources; null when none. */
  ownGeneration?: string | null;
}

export function clustersPath(dir: string): string {
  return join(dir, "clusters.jsonl");
}

/**
 * Sets the density of the `awaiting` docs' records from the texts stage 1 kept, read source by source, and returns
 * their density columns by record. A doc whose source kept no text (written before texts were kept) stays without
 * one: length decides for it, as it did then.
 */
function scoreDensities(
  awaiting: readonly { source: number; doc: number; record: DocRecord }[],
  sources: readonly string[],
  scorer: DensityScorer,
): Map<DocRecord, DensityScores> {
  const scored = new Map<DocRecord, DensityScores>();
  const bySource = new Map<number, Map<number, DocRecord>>();
  for (const { source, doc, record } of awaiting) {
    const docs = bySource.get(source) ?? new Map<number, DocRecord>();
    bySource.set(source, docs.set(doc, record));
  }
  for (const [source, docs] of bySource)
    for (const [doc, text] of unscoredTexts(sources[source] as string, new Set(docs.keys()))) {
      const record = docs.get(doc) as DocRecord;
      const scores = scorer.score(text);
      record.density = scores.density;
      scored.set(record, scores);
    }
  return scored;
}

/**
 * The docs of this run's ranks (`sources` after the `indexSources` generations) that `kept` says it keeps, whose id a
 * published doc has. Memory: a hash per doc of the run, and the ids taken.
 */
function publishedIdsTaken(
  sources: readonly string[],
  indexSources: number,
  kept: (rank: number, doc: number) => boolean,
): RepeatedId[] {
  if (indexSources === 0) return [];
  const ranks = sources.slice(indexSources);
  // One source's records at a time: the run's kept ids as hashes, then the published ids among them, then (only when
  // there are any) the run's docs under those ids.
  const keptIds = (rank: number) =>
    readDocRecords(ranks[rank] as string).flatMap(({ id }, doc) => (kept(rank, doc) ? [{ rank, doc, id }] : []));
  const mine = new SeenIds();
  for (let rank = 0; rank < ranks.length; rank++) for (const { id } of keptIds(rank)) mine.add(id);
  const taken = new Set<string>();
  for (const generation of sources.slice(0, indexSources))
    for (const { id } of readDocRecords(generation)) if (mine.has(id)) taken.add(id);
  if (taken.size === 0) return [];
  return ranks.flatMap((_, rank) => keptIds(rank).filter(({ id }) => taken.has(id)));
}

/** The entry of a doc removed because another doc has its id: no cluster of its own, a duplicate of that id. */
const repeatedIdEntry = ({ rank, doc, id }: RepeatedId): ClusterEntry => ({
  id,
  cluster_id: id,
  rank,
  doc,
  duplicate_of: id,
  repeated_id: true,
});

/** The entries stage 3 wrote to `dir`, as runClusters returned them. */
export function readClusters(dir: string): ClusterEntry[] {
  return readFileSync(clustersPath(dir), "utf8")
    .split("\n")
    .filter(Boolean)
    .map((line) => JSON.parse(line) as ClusterEntry);
}

/** The stamps of the ranks' signatures the clusters were made from, written after the clusters. */
export const clusteredPath = (dir: string) => join(dir, "clusters.sources.json");

/** The stamp of rank `rank`'s signatures when the clusters were made, or null (no such rank, no record). */
export function clusteredStamp(dir: string, rank: number): string | null {
  if (!existsSync(clusteredPath(dir))) return null;
  const ranks = JSON.parse(readFileSync(clusteredPath(dir), "utf8")) as string[];
  return ranks[rank] ?? null;
}

export function runClusters(
  sources: readonly string[],
  plan: readonly Bucket[],
  dir: string,
  opts: ClusterOptions,
): ClusterEntry[] {
  const offsets: number[] = [];
  let total = 0;
  for (const s of sources) {
    offsets.push(total);
    total += sourceCount(s);
  }
  const locate = (g: number) => {
    let s = offsets.length - 1;
    while ((offsets[s] as number) > g) s--;
    return { source: s, doc: g - (offsets[s] as number) };
  };
  const reader = new RecordReader(opts.numHashes);
  const signature = (g: number, opening: boolean) => {
    const { source, doc } = locate(g);
    return reader.signature(sources[source] as string, doc, opening);
  };
  const readByOcr = (g: number) => {
    const { source, doc } = locate(g);
    return (reader.flags(sources[source] as string, doc) & OCR_TEXT) !== 0;
  };

  const stamps = sources.map(sourceStamp);
  // Docs whose id a lower rank's doc has never reach a cluster, as one process would never have read them.
  const repeated = repeatedIds(sources.slice(opts.indexSources));
  const notRead = new Set(repeated.map((r) => (offsets[opts.indexSources + r.rank] as number) + r.doc));
  const uf = new UnionFind();
  try {
    for (const bucket of plan) {
      const pairs = readPairs(stamps, dir, bucket);
      for (let k = 0; k < pairs.length; k += 2) {
        const a = pairs[k] as number;
        const b = pairs[k + 1] as number;
        if (notRead.has(a) || notRead.has(b)) continue;
        if (bucket.minJaccard !== null && uf.find(a) !== uf.find(b)) {
          const opening = bucket.kind === "opening";
          const similarity = estimatedJaccard(signature(a, opening), signature(b, opening));
          // The flags are read only for the pairs between the two bars.
          const joins =
            similarity >= bucket.minJaccard ||
            (bucket.ocrMinJaccard !== null && similarity >= bucket.ocrMinJaccard && (readByOcr(a) || readByOcr(b)));
          if (!joins) continue;
        }
        uf.union(a, b);
      }
    }
  } finally {
    reader.close();
  }

  const clustered = new Set(uf.members());
  const records = new Map<number, DocRecord>();
  sources.forEach((source, s) => {
    readDocRecords(source).forEach((rec, i) => {
      const g = (offsets[s] as number) + i;
      if (clustered.has(g)) records.set(g, rec);
    });
  });

  const clusters = new Map<number, number[]>();
  for (const g of uf.members()) {
    const root = uf.find(g);
    const members = clusters.get(root);
    if (members) members.push(g);
    else clusters.set(root, [g]);
  }
  const rec = (g: number) => records.get(g) as DocRecord;
  const isPublished = (g: number) => locate(g).source < opts.indexSources;
  const generationOf = (g: number) => basename(sources[locate(g).source] as string);
  // Published docs an earlier run replaced by a better copy: never a keeper again.
  const superseded = supersededIn(sources.slice(0, opts.indexSources));
  const isSuperseded = (g: number) => isPublished(g) && superseded.has(publishedKey(generationOf(g), rec(g).id));
  const best = (pool: readonly number[]) => pool.reduce((a, g) => (compareForKeep(rec(g), rec(a)) < 0 ? g : a));
  // `--keep best`: a doc of this run replaces the published docs of its cluster when it beats every one still
  // standing (supersedes, keep-policy.ts): the run's best doc, the policy ordering on those rules first.
  const replacesPublished = (members: readonly number[]) => {
    if (opts.keep !== "best") return false;
    const standing = members.filter((g) => isPublished(g) && !isSuperseded(g));
    const mine = members.filter((g) => !isPublished(g));
    if (standing.length === 0 || mine.length === 0) return false;
    const candidate = rec(mine.reduce((a, g) => (supersedes(rec(g), rec(a)) ? g : a)));
    return standing.every((g) => supersedes(candidate, rec(g)));
  };
  // The clusters (by root) whose published docs a doc of this run replaces, decided once for scoring and keeping.
  const replacing = new Set([...clusters].flatMap(([root, members]) => (replacesPublished(members) ? [root] : [])));
  // Made only when a doc is scored: the models' digests are read for its id.
  let scorer: DensityScorer | null = null;
  let scored = new Map<DocRecord, DensityScores>();
  if (opts.keep === "best") {
    // Published docs are kept whatever they score, and their generations keep no texts: density is scored among
    // this run's docs, in clusters without published ones or whose published ones they replace.
    const pools = [...clusters].flatMap(([root, members]) => {
      if (members.length < 2) return [];
      if (!members.some(isPublished)) return [members];
      return replacing.has(root) ? [members.filter((g) => !isPublished(g))] : [];
    });
    const awaiting = pools.flatMap((members) => awaitingDensity(members, rec));
    if (awaiting.length > 0) {
      scorer = new DensityScorer();
      scored = scoreDensities(
        awaiting.map((g) => ({ ...locate(g), record: rec(g) })),
        sources,
        scorer,
      );
    }
  }
  let entries: ClusterEntry[] = [];
  for (const [root, members] of clusters) {
    if (members.length < 2) continue;
    const published = members.filter(isPublished);
    const standing = published.filter((g) => !isSuperseded(g));
    const replaces = replacing.has(root);
    // A doc already published stays published, unless a better copy replaces it; otherwise the policy decides.
    let keeper: number;
    if (replaces) keeper = best(members.filter((g) => !isPublished(g)));
    else if (published.length === 0) keeper = opts.keep === "first" ? root : best(members);
    else keeper = best(standing.length > 0 ? standing : published);
    const keeperId = rec(keeper).id;
    const replaced = replaces ? standing : [];
    for (const g of members) {
      const { source, doc } = locate(g);
      const fromIndex = isPublished(g);
      const entry: ClusterEntry = {
        id: rec(g).id,
        cluster_id: keeperId,
        rank: fromIndex ? null : source - opts.indexSources,
        doc,
        duplicate_of: g === keeper || fromIndex ? null : keeperId,
      };
      if (replaced.includes(g)) Object.assign(entry, { superseded_by: keeperId, generation: generationOf(g) });
      if (g === keeper && replaced.length > 0) entry.supersedes = replaced.map((p) => rec(p).id);
      const scores = scored.get(rec(g));
      if (scores && scorer) Object.assign(entry, { density_scores: scores, density_model: scorer.modelId });
      entries.push(entry);
    }
  }
  for (const r of repeated) entries.push(repeatedIdEntry(r));
  // Run again after a later run replaced one of its published docs (whose supersession names it), the doc stays as it
  // was published, not a duplicate of its replacement: the run's shards and generation are the same again, and the
  // later run's supersession still names a doc its generation holds.
  // Its entry goes: its shards' dup_cluster stays what it was too.
  const own = opts.ownGeneration;
  if (own)
    entries = entries.filter((e) => !(e.rank !== null && !e.repeated_id && superseded.has(publishedKey(own, e.id))));
  // A doc this run would publish under an id an earlier run published (a record's own id, reused with other text: no
  // near-duplicate of it; or a better copy sent again under its id) is removed like a repeated id. Published too, the
  // consumer's corpus would hold two docs under one id, and a supersession naming that id ("drop `id`") would drop
  // both. A keeper so removed replaces nothing: the docs it would have replaced stay published.
  const byDoc = new Map(entries.map((e) => [`${e.rank}:${e.doc}`, e]));
  const kept = (rank: number, doc: number) => byDoc.get(`${rank}:${doc}`)?.duplicate_of == null;
  for (const { rank, doc, id } of publishedIdsTaken(sources, opts.indexSources, kept)) {
    const entry = byDoc.get(`${rank}:${doc}`);
    if (!entry) {
      entries.push(repeatedIdEntry({ rank, doc, id }));
      continue;
    }
    Object.assign(entry, { duplicate_of: id, repeated_id: true });
    if (entry.supersedes === undefined) continue;
    delete entry.supersedes;
    for (const e of entries)
      if (e.superseded_by === id) {
        delete e.superseded_by;
        delete e.generation;
      }
  }
  entries.sort((x, y) => (x.rank ?? -1) - (y.rank ?? -1) || x.doc - y.doc);
  mkdirSync(dir, { recursive: true });
  const path = clustersPath(dir);
  writeFileSync(`${path}.tmp`, entries.map((e) => `${JSON.stringify(e)}\n`).join(""));
  renameSync(`${path}.tmp`, path);
  writeFileSync(clusteredPath(dir), JSON.stringify(stamps.slice(opts.indexSources)));
  return entries;
}
