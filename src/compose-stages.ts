// Folds the output directories of consecutive passes into one: the last pass's data, every pass's rejects,
// and one manifest whose balance covers the whole chain (in = kept + rejected over all passes).
import { copyFile, link, mkdir, readFile, rm } from "node:fs/promises";
import { basename, join } from "node:path";
import { writeDatasetCard } from "./dataset-card.js";
import { writeFileAtomic } from "./io/atomic.js";
import { clearShards, type ShardInfo, shardName } from "./io/shard-writer.js";
import { counts, type Manifest } from "./manifest.js";
import { writeReport } from "./report/write-report.js";
import type { StepStatsJson } from "./stats.js";

async function readJson<T>(path: string): Promise<T> {
  return JSON.parse(await readFile(path, "utf8")) as T;
}

/** Hard links cost no space; a filesystem without them gets a copy. */
async function place(from: string, to: string): Promise<void> {
  await rm(to, { force: true });
  try {
    await link(from, to);
  } catch {
    await copyFile(from, to);
  }
}

/** `report`: write report.html over the composed output (the passes write none of their own). */
export async function composeStages(
  outDir: string,
  stageDirs: readonly string[],
  command: string,
  report = true,
): Promise<Manifest> {
  const manifests = await Promise.all(stageDirs.map((dir) => readJson<Manifest>(join(dir, "manifest.json"))));
  const stats = await Promise.all(
    stageDirs.map((dir) => readJson<{ steps: StepStatsJson[] }>(join(dir, "stats.json"))),
  );
  const first = manifests[0] as Manifest;
  const lastDir = stageDirs.at(-1) as string;
  const last = manifests.at(-1) as Manifest;
  // The rank manifest of an earlier streaming-only run (--no-dedup --no-rank) in OUT names shards cleared here.
  await rm(join(outDir, "ranks"), { recursive: true, force: true });
  await clearShards(outDir, () => true);
  await mkdir(join(outDir, "data"), { recursive: true });
  await mkdir(join(outDir, "rejects"), { recursive: true });

  const data: ShardInfo[] = [];
  for (const shard of last.shards.data) {
    await place(join(lastDir, shard.path), join(outDir, shard.path));
    data.push(shard);
  }
  // A pass that rejected nothing wrote one empty shard: the output keeps one only when no pass rejected anything.
  const passRejects = manifests.flatMap((manifest, i) =>
    manifest.shards.rejects.map((shard) => ({ shard, dir: stageDirs[i] as string })),
  );
  const nonEmpty = passRejects.filter(({ shard }) => shard.rows > 0);
  const rejects: ShardInfo[] = [];
  for (const { shard, dir } of nonEmpty.length > 0 ? nonEmpty : passRejects.slice(0, 1)) {
    const format = shard.path.endsWith(".jsonl") ? "jsonl" : "parquet";
    const path = join("rejects", shardName(0, rejects.length, format));
    await place(join(dir, shard.path), join(outDir, path));
    rejects.push({ ...shard, path });
  }
  const manifest: Manifest = {
    ...first,
    command,
    shards: { data, rejects },
    counts: counts(first.counts.in, data, rejects),
    finished: last.finished,
  };
  if (!manifest.counts.balanced) throw new Error(`lost documents across passes: ${JSON.stringify(manifest.counts)}`);
  // Later passes re-read the previous pass's shards: their `ingest` step is bookkeeping, not a stage of the run. A
  // later pass's step named as an earlier one's (rank's density, which scores only what has no density yet) takes its
  // pass's name, so that a reader finding steps by name loses neither.
  const named = new Set<string>();
  const steps = stats.flatMap((s, i) =>
    (i === 0 ? s.steps : s.steps.filter((step) => step.name !== "ingest")).map((step) => {
      const name = named.has(step.name) ? `${basename(stageDirs[i] as string)}:${step.name}` : step.name;
      named.add(name);
      return { ...step, name };
    }),
  );
  await writeFileAtomic(join(outDir, "stats.json"), `${JSON.stringify({ steps, counts: manifest.counts }, null, 2)}\n`);
  await writeDatasetCard(outDir, manifest, steps);
  if (report) await writeReport(outDir, manifest, steps);
  await writeFileAtomic(join(outDir, "manifest.json"), `${JSON.stringify(manifest, null, 2)}\n`);
  return manifest;
}
