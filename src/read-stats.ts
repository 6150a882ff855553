// Reads back the step stats a run wrote: the merged stats.json, or one rank's file.
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { rankStatsPath } from "./rank-files.js";
import type { StepStatsJson } from "./stats.js";

export async function readStats(outDir: string, rank: number | null): Promise<StepStatsJson[]> {
  const path = rank === null ? join(outDir, "stats.json") : rankStatsPath(outDir, rank);
  const parsed = JSON.parse(await readFile(path, "utf8")) as { steps: StepStatsJson[] } | StepStatsJson[];
  return Array.isArray(parsed) ? parsed : parsed.steps;
}
