// Telling an assay output from a folder of inputs: a finished one (manifest.json) stands for its data/ shards, and
// one half written (ranks' manifests, a staged command's work files) is no input at all.
import { existsSync, readdirSync } from "node:fs";
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";

/** Whether `dir` is a directory assay wrote: its manifest.json is an assay manifest (a version, shards, counts). */
export async function isAssayOutput(dir: string): Promise<boolean> {
  return isAssayManifest(join(dir, "manifest.json"));
}

async function isAssayManifest(path: string): Promise<boolean> {
  try {
    const manifest = JSON.parse(await readFile(path, "utf8")) as Record<string, unknown> | null;
    return (
      typeof manifest?.assay_version === "string" &&
      typeof manifest.shards === "object" &&
      typeof manifest.counts === "object"
    );
  } catch {
    return false;
  }
}

/** Whether `dir` holds a rank's manifest of an assay run (ranks/manifest-RRRRR.json), finished or not. */
export async function hasRankManifests(dir: string): Promise<boolean> {
  const names = await readdir(join(dir, "ranks")).catch(() => [] as string[]);
  for (const name of names)
    if (/^manifest-\d+\.json$/.test(name) && (await isAssayManifest(join(dir, "ranks", name)))) return true;
  return false;
}

/**
 * The command whose work files `dir` holds: a staged `assay dedup` (OUT/dedup/options.json, written by its first
 * stage), `assay rank` (OUT/rank/density-histogram-RRRRR.json, by the sketch stage) or `assay run` (OUT/stages/filter,
 * its first pass); null for none. Without a manifest beside them, that command has not finished.
 */
export function stageWorkOf(dir: string): "run" | "dedup" | "rank" | null {
  if (existsSync(join(dir, "stages", "filter"))) return "run";
  if (existsSync(join(dir, "dedup", "options.json"))) return "dedup";
  let rankFiles: string[] = [];
  try {
    rankFiles = readdirSync(join(dir, "rank"));
  } catch {
    // No rank/ folder: no staged rank.
  }
  return rankFiles.some((name) => /^(merged-)?density-histogram(-\d+)?\.json$/.test(name)) ? "rank" : null;
}

/** Whether `dir` holds an assay output a command began and has not finished: ranks' manifests or a stage's work files. */
export async function isUnfinishedOutput(dir: string): Promise<boolean> {
  return (await hasRankManifests(dir)) || stageWorkOf(dir) !== null;
}
