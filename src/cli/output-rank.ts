// The rank `inspect` and `report` read of an output written by several ranks: --rank/--world-size or the scheduler's
// variables, as every command takes them. These commands read an output rather than inputs, so a rank means the
// files that rank wrote (part-RRRRR-*, ranks/manifest-RRRRR.json), not a share of the shards.
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import type { Manifest } from "../manifest.js";
import { rankManifestPath, rankTag } from "../rank-files.js";
import { rankAndWorldSize, UsageError } from "./common.js";

/** Rank R of W when W > 1, else null: the whole output. */
export async function outputRank(
  values: { rank?: string; "world-size"?: string },
  target: string,
): Promise<{ rank: number; worldSize: number } | null> {
  const { rank, worldSize } = rankAndWorldSize(values);
  if (worldSize === 1) return null;
  const written = await writtenWorldSize(target, rank);
  // Rank 1 of 2 is not the same files as rank 1 of 4: a wrong size would read another rank's share without a word.
  if (written !== null && written !== worldSize)
    throw new UsageError(`${target} was written by ${written} rank(s), not ${worldSize}: give --world-size ${written}`);
  return { rank, worldSize };
}

/** Shards named as rank `rank` names them: part-RRRRR-NNNNN.parquet or .jsonl. */
export function isRankShard(path: string, rank: number): boolean {
  const name = path.slice(path.lastIndexOf("/") + 1);
  return name.startsWith(`part-${rankTag(rank)}-`);
}

/** The world size an output's manifest (merged, or this rank's while others run) records; null for shards alone. */
async function writtenWorldSize(target: string, rank: number): Promise<number | null> {
  for (const path of [join(target, "manifest.json"), rankManifestPath(target, rank)]) {
    const manifest = await readFile(path, "utf8").then(
      (text) => JSON.parse(text) as Manifest,
      () => null,
    );
    if (typeof manifest?.world_size === "number") return manifest.world_size;
  }
  return null;
}
