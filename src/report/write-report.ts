// Writes OUT/report.html from a finished run: its manifest, step stats and shards.
import { join } from "node:path";
import { writeFileAtomic } from "../io/atomic.js";
import type { Manifest } from "../manifest.js";
import type { StepStatsJson } from "../stats.js";
import { reportHtml } from "./report-page.js";
import { REPORT_DEFAULTS, type ReportOptions, readRunContents } from "./run-contents.js";

export const REPORT_FILE = "report.html";

export async function writeReport(
  outDir: string,
  manifest: Manifest,
  steps: readonly StepStatsJson[],
  options: ReportOptions = REPORT_DEFAULTS,
  path = join(outDir, REPORT_FILE),
): Promise<string> {
  const contents = await readRunContents(outDir, manifest, options);
  await writeFileAtomic(path, reportHtml(manifest, steps, contents));
  return path;
}
