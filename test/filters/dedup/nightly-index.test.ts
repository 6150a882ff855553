// Two nightly runs over text-dev sharing one --index: the second run removes what the first already published
// (never the published copy), the index gains one generation per run, and stage 4 routes removed docs to rejects.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, utimesSync } from "node:fs";
import { hostname } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { DUPLICATE_REASON, dedupApplyStep } from "../../../filters/dedup/apply-step.js";
import type { ClusterEntry } from "../../../filters/dedup/cluster-stage.js";
import { IndexChangedError, indexGenerations, publishGeneration } from "../../../filters/dedup/dedup-index.js";
import {
  DEDUP_DEFAULTS,
  dedupBuckets,
  dedupClusters,
  dedupLocal,
  dedupSignatures,
  rankDir,
} from "../../../filters/dedup/dedup-run.js";
import { type Doc, makeDoc } from "../../../src/doc.js";
import { DUPLICATE_ID } from "../../../src/seen-ids.js";
import type { RejectOptions } from "../../../src/step.js";
import { tempDir } from "../../temp-dir.js";
import { lines, readReferenceDocs, streamOf } from "./reference-docs.js";

const DIR = "../shared/reference/text-dev";
const present = existsSync(`${DIR}/docs.jsonl`);
if (!present) console.warn(`skipping nightly index test: ${DIR} absent`);

describe.skipIf(!present)("nightly dedup against a persistent index", () => {
  const work = tempDir("assay-dedup-nightly-");
  afterAll(() => rmSync(work, { recursive: true, force: true }));
  const docs = readReferenceDocs(`${DIR}/docs.jsonl`);
  const index = join(work, "index");
  const opts = { ...DEDUP_DEFAULTS, indexDir: index };

  it("dedups run 2 against run 1 without reprocessing run 1's docs", async () => {
    // run 1 holds the bases of planted near-dups (near_dups.tsv) whose variants run 2 brings: docs 892, 898, 675
    const first = docs.slice(0, 420);
    const again = docs.slice(0, 40);
    const second = [...docs.slice(660, 900), ...again];
    const run1 = await dedupLocal(streamOf(first), join(work, "run1"), opts);
    const published1 = new Set(first.map((d) => d.id));
    for (const e of run1.filter((x) => x.duplicate_of)) published1.delete(e.id);
    expect(readdirSync(index).sort()).toEqual(["gen-00001"]);

    const run2 = await dedupLocal(streamOf(second), join(work, "run2"), opts);
    expect(readdirSync(index).sort()).toEqual(["gen-00001", "gen-00002"]);
    // resuming run 2 (same work dir) neither dedups it against its own generation nor publishes it again
    const resumed = await dedupLocal(streamOf(second), join(work, "run2"), opts);
    expect(resumed).toEqual(run2);
    expect(readdirSync(index).sort()).toEqual(["gen-00001", "gen-00002"]);
    // every re-submitted doc is removed as a duplicate of something run 1 published
    const removed = new Map(run2.filter((e) => e.duplicate_of && e.rank === 0).map((e) => [e.doc, e.duplicate_of]));
    again.forEach((doc, k) => {
      const duplicateOf = removed.get(second.length - again.length + k);
      expect(duplicateOf, doc.id).toBeDefined();
      expect(published1.has(duplicateOf as string), `${doc.id} -> ${duplicateOf}`).toBe(true);
    });
    // published docs are never removed, and planted near-dups across the two runs are caught
    expect(run2.filter((e) => e.rank === null && e.duplicate_of !== null)).toEqual([]);
    const cluster = new Map(run2.map((e) => [e.id, e.cluster_id]));
    const crossRun = lines(`${DIR}/near_dups.tsv`)
      .slice(1)
      .map((r) => r.split("\t"))
      .filter((r) => Number(r[3]) >= 0.75)
      .filter(([v, b]) => published1.has(b as string) && !first.some((d) => d.id === v))
      .filter(([v]) => second.some((d) => d.id === v));
    expect(crossRun.length).toBeGreaterThanOrEqual(3);
    for (const [variant, base] of crossRun)
      expect(cluster.get(variant as string), variant).toBe(cluster.get(base as string));

    // stage 4: removed docs become rejects with the id they duplicate; cluster members carry dup_cluster
    const rejects: Array<{ doc: Doc; reason: string; options?: RejectOptions }> = [];
    const kept: Doc[] = [];
    const ctx = {
      rank: 0,
      worldSize: 1,
      reject: async (doc: Doc, reason: string, options?: RejectOptions) => {
        rejects.push({ doc, reason, options });
      },
      count: () => {},
    };
    for await (const doc of dedupApplyStep(join(work, "run2"), 0).run(streamOf(second), ctx)) kept.push(doc);
    expect(rejects.length).toBe(removed.size);
    expect(kept.length + rejects.length).toBe(second.length);
    for (const r of rejects) {
      expect(r.reason).toBe(DUPLICATE_REASON);
      expect(r.options?.duplicateOf).toBe(removed.get(second.indexOf(r.doc)));
      expect(r.doc.meta.dup_cluster).not.toBeNull();
    }
  });

  it("replaces a run's generation when the run is done again on other inputs, and keeps it when not", async () => {
    const own = { ...opts, indexDir: join(work, "index-rerun") };
    const publishedIds = () =>
      !existsSync(join(own.indexDir, "gen-00002"))
        ? []
        : readFileSync(join(own.indexDir, "gen-00002", "docs.jsonl"), "utf8")
            .split("\n")
            .filter((l) => l)
            .map((l) => (JSON.parse(l) as { id: string }).id);
    const keptIds = (input: Doc[], entries: ClusterEntry[]) => {
      const removed = new Set(entries.filter((e) => e.rank === 0 && e.duplicate_of !== null).map((e) => e.doc));
      return input.filter((_, i) => !removed.has(i)).map((d) => d.id);
    };
    await dedupLocal(streamOf(docs.slice(0, 60)), join(work, "night1"), own);
    const night2 = docs.slice(60, 100);
    expect(publishedIds()).toEqual([]);
    const first = await dedupLocal(streamOf(night2), join(work, "night2"), own);
    expect(publishedIds()).toEqual(keptIds(night2, first));
    const generation = statSync(join(own.indexDir, "gen-00002")).ino;
    // done again unchanged: the generation is left as it was
    await dedupLocal(streamOf(night2), join(work, "night2"), own);
    expect(statSync(join(own.indexDir, "gen-00002")).ino).toBe(generation);
    // done again with 10 more docs: gen-00002 holds them, and no third generation appears
    const longer = docs.slice(60, 110);
    const entries = await dedupLocal(streamOf(longer), join(work, "night2"), own);
    expect(readdirSync(own.indexDir).sort()).toEqual(["gen-00001", "gen-00002"]);
    expect(publishedIds()).toEqual(keptIds(longer, entries));
    expect(publishedIds().length).toBeGreaterThan(keptIds(night2, first).length);
  });

  it("finds a night's own generation when it was stopped between publishing it and noting it", async () => {
    const own = { ...opts, indexDir: join(work, "index-lost-note") };
    const idsOf = (generation: string) =>
      lines(join(own.indexDir, generation, "docs.jsonl")).map((l) => (JSON.parse(l) as { id: string }).id);
    await dedupLocal(streamOf(docs.slice(0, 50)), join(work, "lost-1"), own);
    const night2 = docs.slice(50, 100);
    const first = await dedupLocal(streamOf(night2), join(work, "lost-2"), own);
    const published = idsOf("gen-00002");
    expect(published.length).toBeGreaterThan(45);
    // stopped between publishing gen-00002 and noting it in the work dir
    rmSync(join(work, "lost-2", "published-generation.txt"));
    expect(await dedupLocal(streamOf(night2), join(work, "lost-2"), own)).toEqual(first);
    expect(readdirSync(own.indexDir).sort()).toEqual(["gen-00001", "gen-00002"]);
    expect(idsOf("gen-00002")).toEqual(published);
    // a scratch work dir emptied and used for the next night is a new night: gen-00002 stays, night 3 is gen-00003
    rmSync(join(work, "lost-2"), { recursive: true });
    const night3 = await dedupLocal(streamOf(docs.slice(75, 125)), join(work, "lost-2"), own);
    expect(idsOf("gen-00002")).toEqual(published);
    expect(readdirSync(own.indexDir).sort()).toEqual(["gen-00001", "gen-00002", "gen-00003"]);
    const removed = new Set(night3.filter((e) => e.rank === 0 && e.duplicate_of !== null).map((e) => e.doc));
    for (let doc = 0; doc < 25; doc++)
      if (published.includes(docs[75 + doc]?.id as string)) expect(removed.has(doc), docs[75 + doc]?.id).toBe(true);
  });

  it("numbers a new generation past the highest, so one removed by hand does not make the next replace the last", async () => {
    const own = { ...opts, indexDir: join(work, "index-gap") };
    for (const [k, night] of ["gap-1", "gap-2", "gap-3"].entries())
      await dedupLocal(streamOf(docs.slice(k * 20, k * 20 + 20)), join(work, night), own);
    const third = readFileSync(join(own.indexDir, "gen-00003", "docs.jsonl"), "utf8");
    rmSync(join(own.indexDir, "gen-00002"), { recursive: true });
    await dedupLocal(streamOf(docs.slice(60, 80)), join(work, "gap-4"), own);
    expect(readdirSync(own.indexDir).sort()).toEqual(["gen-00001", "gen-00003", "gen-00004"]);
    expect(readFileSync(join(own.indexDir, "gen-00003", "docs.jsonl"), "utf8")).toBe(third);
  });

  it("removes the temp generation a killed run of this host left, not a live run's or another host's", async () => {
    const own = { ...opts, indexDir: join(work, "index-killed") };
    await dedupLocal(streamOf(docs.slice(0, 30)), join(work, "killed-1"), own);
    const exited = spawnSync(process.execPath, ["-e", ""]).pid as number;
    const left = [
      `gen-00002.tmp-${hostname()}-${exited}`,
      `gen-00002.tmp-${hostname()}-${process.ppid}`,
      `gen-00002.tmp-elsewhere-${exited}`,
    ];
    const twoHoursAgo = new Date(Date.now() - 2 * 3600_000);
    for (const name of left) {
      mkdirSync(join(own.indexDir, name, "partial"), { recursive: true });
      utimesSync(join(own.indexDir, name, "partial"), twoHoursAgo, twoHoursAgo);
      utimesSync(join(own.indexDir, name), twoHoursAgo, twoHoursAgo);
    }
    // a gone process's directory written to a minute ago: maybe a live run of another container under this host name
    const recent = `gen-00002.tmp-${hostname()}-${exited + 1}`;
    mkdirSync(join(own.indexDir, recent));
    await dedupLocal(streamOf(docs.slice(30, 60)), join(work, "killed-2"), own);
    expect(readdirSync(own.indexDir).sort()).toEqual(["gen-00001", "gen-00002", ...left.slice(1), recent].sort());
  });

  it("publishes after the generations a run deduplicated against, never over one published meanwhile", async () => {
    const own = { ...opts, indexDir: join(work, "index-side-by-side") };
    await dedupLocal(streamOf(docs.slice(0, 50)), join(work, "side-1"), own);
    // night B lists the index (gen-00001) and clusters against it; night A publishes gen-00002 meanwhile
    const nightB = join(work, "side-b");
    await dedupSignatures(streamOf(docs.slice(60, 120)), nightB, 0, own);
    const seen = indexGenerations(own.indexDir);
    await dedupLocal(streamOf(docs.slice(50, 100)), join(work, "side-a"), own);
    const published = readFileSync(join(own.indexDir, "gen-00002", "docs.jsonl"), "utf8");
    const numHashes = own.minhash.numBuckets * own.minhash.hashesPerBucket;
    const publish = () =>
      publishGeneration(own.indexDir, [rankDir(nightB, 0)], new Set(), numHashes, null, seen, {
        token: "night-b",
        work: nightB,
      });
    expect(publish).toThrow(IndexChangedError);
    expect(readdirSync(own.indexDir).sort()).toEqual(["gen-00001", "gen-00002"]);
    expect(readFileSync(join(own.indexDir, "gen-00002", "docs.jsonl"), "utf8")).toBe(published);
    // run on one machine, night B's stages 2-3 are done again with gen-00002: A's docs 60-99 are not published twice
    const entries = await dedupLocal(streamOf(docs.slice(60, 120)), nightB, own);
    const removed = new Set(entries.filter((e) => e.rank === 0 && e.duplicate_of !== null).map((e) => e.doc));
    for (let doc = 0; doc < 40; doc++) expect(removed.has(doc), docs[60 + doc]?.id).toBe(true);
    expect(readdirSync(own.indexDir).sort()).toEqual(["gen-00001", "gen-00002", "gen-00003"]);
  });
});

// A paper published on an earlier night and a better copy of it arriving later (a later arXiv version): with --keep
// best the new copy is kept and records the published one it replaces; with --keep first nothing changes.
describe("a later night's better copy of a published paper", () => {
  const work = tempDir("assay-dedup-supersede-");
  afterAll(() => rmSync(work, { recursive: true, force: true }));
  const words = (seed: string) => Array.from({ length: 300 }, (_, k) => `${seed}${(k * 7919) % 1009}`).join(" ");
  const paper = (id: string, version: number, text: string) =>
    makeDoc(id, text, `${id}.jsonl`, { arxiv_id: "2301.01234", arxiv_version: version });
  const v1 = paper("paper-v1", 1, `first version ${words("w")}`);
  const v2 = paper("paper-v2", 2, `second version, rewritten ${words("w")} with a new section`);
  const other = makeDoc("other", words("o"), "other.jsonl");
  const apply = async (dir: string, input: Doc[]) => {
    const rejects: Array<{ id: string; duplicateOf?: string }> = [];
    const counters = new Map<string, number>();
    const ctx = {
      rank: 0,
      worldSize: 1,
      reject: async (doc: Doc, _reason: string, options?: RejectOptions) => {
        rejects.push({ id: doc.id, duplicateOf: options?.duplicateOf });
      },
      count: (name: string, by = 1) => counters.set(name, (counters.get(name) ?? 0) + by),
    };
    const kept: string[] = [];
    for await (const doc of dedupApplyStep(dir, 0).run(streamOf(input), ctx)) kept.push(doc.id);
    return { kept, rejects, counters };
  };
  const supersededFile = (index: string, generation: string) => {
    const path = join(index, generation, "superseded.jsonl");
    return existsSync(path) ? lines(path).map((l) => JSON.parse(l)) : [];
  };

  it("keeps night 2's v2, records that it supersedes night 1's v1, and rejects v1 arriving again on night 3", async () => {
    const opts = { ...DEDUP_DEFAULTS, indexDir: join(work, "index") };
    await dedupLocal(streamOf([v1, other]), join(work, "n1"), opts);
    const gen1 = readFileSync(join(opts.indexDir, "gen-00001", "docs.jsonl"), "utf8");

    const night2 = await dedupLocal(streamOf([v2]), join(work, "n2"), opts);
    expect(night2.find((e) => e.id === "paper-v2")).toMatchObject({ duplicate_of: null, supersedes: ["paper-v1"] });
    expect(night2.find((e) => e.id === "paper-v1")).toMatchObject({
      rank: null,
      superseded_by: "paper-v2",
      generation: "gen-00001",
    });
    expect(await apply(join(work, "n2"), [v2])).toEqual({
      kept: ["paper-v2"],
      rejects: [],
      counters: new Map([["superseded", 1]]),
    });
    // night 2's generation publishes v2 and records what it replaces; night 1's is left as it was
    const gen2 = readFileSync(join(opts.indexDir, "gen-00002", "docs.jsonl"), "utf8");
    expect(lines(join(opts.indexDir, "gen-00002", "docs.jsonl")).map((l) => JSON.parse(l).id)).toEqual(["paper-v2"]);
    expect(supersededFile(opts.indexDir, "gen-00002")).toEqual([
      { id: "paper-v1", superseded_by: "paper-v2", generation: "gen-00001" },
    ]);
    expect(readFileSync(join(opts.indexDir, "gen-00001", "docs.jsonl"), "utf8")).toBe(gen1);
    expect(existsSync(join(opts.indexDir, "gen-00001", "superseded.jsonl"))).toBe(false);
    // night 2 resumed: the same decisions, its generation untouched
    const ino = statSync(join(opts.indexDir, "gen-00002")).ino;
    expect(await dedupLocal(streamOf([v2]), join(work, "n2"), opts)).toEqual(night2);
    expect(statSync(join(opts.indexDir, "gen-00002")).ino).toBe(ino);
    expect(readFileSync(join(opts.indexDir, "gen-00002", "docs.jsonl"), "utf8")).toBe(gen2);

    // night 3 brings v1 again: a duplicate of v2, not a third copy, and v1 is not the cluster's keeper
    const night3 = await dedupLocal(streamOf([v1]), join(work, "n3"), opts);
    const again = night3.find((e) => e.rank === 0);
    expect(again).toMatchObject({ id: "paper-v1", duplicate_of: "paper-v2", cluster_id: "paper-v2" });
    expect(night3.filter((e) => e.superseded_by !== undefined || e.supersedes !== undefined)).toEqual([]);
    expect(await apply(join(work, "n3"), [v1])).toEqual({
      kept: [],
      rejects: [{ id: "paper-v1", duplicateOf: "paper-v2" }],
      counters: new Map(),
    });
    expect(lines(join(opts.indexDir, "gen-00003", "docs.jsonl"))).toEqual([]);
    expect(supersededFile(opts.indexDir, "gen-00003")).toEqual([]);
  });

  it("leaves night 1's v1 published when night 1 is run again after night 2 replaced it", async () => {
    const opts = { ...DEDUP_DEFAULTS, indexDir: join(work, "index-rerun") };
    const night1 = await dedupLocal(streamOf([v1, other]), join(work, "r1"), opts);
    const gen1 = readFileSync(join(opts.indexDir, "gen-00001", "docs.jsonl"), "utf8");
    await dedupLocal(streamOf([v2]), join(work, "r2"), opts);
    // run again (staged ranks redo their clusters every time): the same decisions and generation as it published;
    // night 2's supersession already names v1, so it is no duplicate of v2 now
    const again = await dedupLocal(streamOf([v1, other]), join(work, "r1"), opts);
    expect(again.filter((e) => e.duplicate_of !== null)).toEqual(night1.filter((e) => e.duplicate_of !== null));
    expect(readFileSync(join(opts.indexDir, "gen-00001", "docs.jsonl"), "utf8")).toBe(gen1);
    expect(await apply(join(work, "r1"), [v1, other])).toMatchObject({ kept: ["paper-v1", "other"], rejects: [] });
  });

  it("with --keep first, rejects night 2's v2 as a duplicate of the published v1, as before", async () => {
    const opts = { ...DEDUP_DEFAULTS, keep: "first" as const, indexDir: join(work, "index-first") };
    await dedupLocal(streamOf([v1, other]), join(work, "f1"), opts);
    const night2 = await dedupLocal(streamOf([v2]), join(work, "f2"), opts);
    expect(night2.find((e) => e.id === "paper-v2")).toEqual({
      id: "paper-v2",
      cluster_id: "paper-v1",
      rank: 0,
      doc: 0,
      duplicate_of: "paper-v1",
    });
    expect(night2.find((e) => e.id === "paper-v1")).toEqual({
      id: "paper-v1",
      cluster_id: "paper-v1",
      rank: null,
      doc: 0,
      duplicate_of: null,
    });
    expect(supersededFile(opts.indexDir, "gen-00002")).toEqual([]);
    expect(lines(join(opts.indexDir, "gen-00002", "docs.jsonl"))).toEqual([]);
  });
});

// A JSON Lines record keeps its own id; a later night's record under an id published on an earlier night, with other
// text, is no near-duplicate of it. Published too, the consumer's corpus would hold two docs under one id, and a
// supersession naming that id would drop both.
describe("a later night's record under an id published before", () => {
  const work = tempDir("assay-dedup-published-id-");
  afterAll(() => rmSync(work, { recursive: true, force: true }));
  const words = (seed: string) => Array.from({ length: 300 }, (_, k) => `${seed}${(k * 7919) % 1009}`).join(" ");

  it("is rejected as duplicate_id of the published doc, with one rank or two, and left out of the generation", async () => {
    for (const world of [1, 2]) {
      const opts = { ...DEDUP_DEFAULTS, indexDir: join(work, `index-${world}`) };
      await dedupLocal(streamOf([makeDoc("rec-1", words("a"), "n1.jsonl")]), join(work, `n1-${world}`), opts);
      const night2 = [makeDoc("rec-1", words("b"), "n2.jsonl"), makeDoc("rec-2", words("c"), "n2.jsonl")];
      const dir = join(work, `n2-${world}`);
      for (let rank = 0; rank < world; rank++)
        await dedupSignatures(streamOf(night2.filter((_, k) => k % world === rank)), dir, rank, opts);
      for (let rank = 0; rank < world; rank++) dedupBuckets(dir, world, rank, world, opts);
      const { entries } = dedupClusters(dir, world, opts);
      expect(entries.filter((e) => e.rank !== null)).toEqual([
        { id: "rec-1", cluster_id: "rec-1", rank: 0, doc: 0, duplicate_of: "rec-1", repeated_id: true },
      ]);
      const rejects: Array<{ id: string; reason: string; duplicateOf?: string }> = [];
      const ctx = {
        rank: 0,
        worldSize: world,
        reject: async (doc: Doc, reason: string, options?: RejectOptions) => {
          rejects.push({ id: doc.id, reason, duplicateOf: options?.duplicateOf });
        },
        count: () => {},
      };
      const kept: string[] = [];
      const mine = night2.filter((_, k) => k % world === 0);
      for await (const doc of dedupApplyStep(dir, 0).run(streamOf(mine), ctx)) kept.push(doc.id);
      expect(rejects).toEqual([{ id: "rec-1", reason: DUPLICATE_ID, duplicateOf: "rec-1" }]);
      expect(lines(join(opts.indexDir, "gen-00002", "docs.jsonl")).map((l) => JSON.parse(l).id)).toEqual(["rec-2"]);
    }
  });

  it("is rejected too when it is a better copy of the published doc: a supersession of `id` by `id` would drop both", async () => {
    const opts = { ...DEDUP_DEFAULTS, indexDir: join(work, "index-better") };
    const text = words("p");
    const paper = (version: number, body: string) =>
      makeDoc("paper", body, `v${version}.jsonl`, { arxiv_id: "2301.01234", arxiv_version: version });
    await dedupLocal(streamOf([paper(1, text)]), join(work, "b1"), opts);
    const night2 = await dedupLocal(streamOf([paper(2, `${text} with a new section`)]), join(work, "b2"), opts);
    expect(night2.find((e) => e.rank === 0)).toMatchObject({ id: "paper", duplicate_of: "paper", repeated_id: true });
    expect(night2.filter((e) => e.superseded_by !== undefined || e.supersedes !== undefined)).toEqual([]);
    expect(lines(join(opts.indexDir, "gen-00002", "docs.jsonl"))).toEqual([]);
    expect(existsSync(join(opts.indexDir, "gen-00002", "superseded.jsonl"))).toBe(false);
  });
});
