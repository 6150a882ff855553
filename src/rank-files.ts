// Where a rank's own files of an output lie, and which manifest is a rank's own: path arithmetic only, so that a
// command that only reads an output (inspect, report) need not load the pipeline that writes one.
import { join } from "node:path";
import type { Manifest } from "./manifest.js";

export const rankTag = (rank: number) => String(rank).padStart(5, "0");
export const rankManifestPath = (outDir: string, rank: number) =>
  join(outDir, "ranks", `manifest-${rankTag(rank)}.json`);
export const rankStatsPath = (outDir: string, rank: number) => join(outDir, "ranks", `stats-${rankTag(rank)}.json`);

/** A rank's own manifest (ranks/manifest-RRRRR.json) of a run with several, before the last rank merges them. */
export const isRankManifest = (manifest: Manifest): boolean => manifest.world_size > 1 && manifest.ranks === undefined;

/** Where `manifest` is: a rank's own until the last rank merges them into OUT/manifest.json. */
export const manifestPathOf = (outDir: string, manifest: Manifest) =>
  isRankManifest(manifest) ? rankManifestPath(outDir, manifest.rank) : join(outDir, "manifest.json");
