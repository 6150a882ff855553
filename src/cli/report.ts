// `assay report DIR`: (re)writes DIR/report.html from a finished run's manifest, stats and shards.
import { readFile } from "node:fs/promises";
import { join, resolve, sep } from "node:path";
import { InputError } from "../io/inputs.js";
import type { Manifest } from "../manifest.js";
import { rankManifestPath, rankTag } from "../rank-files.js";
import { readStats } from "../read-stats.js";
import { REPORT_DEFAULTS } from "../report/run-contents.js";
import { REPORT_FILE, writeReport } from "../report/write-report.js";
import type { StepStatsJson } from "../stats.js";
import { errorExit, parse, UsageError, wholeNumber } from "./common.js";
import { outputRank } from "./output-rank.js";

export const REPORT_USAGE = `usage: assay report DIR [--out FILE] [--sample N] [--rank R --world-size W]
  Writes DIR/${REPORT_FILE}, one self-contained page: counts, documents and tokens per tier and what set their
  density, reject reasons with an example each, the distribution of every score over kept and rejected documents,
  and sample documents per tier. Runs write it themselves; this rebuilds it, e.g. with more samples.
  DIR is the output directory of a finished assay run, rank, filter, dedup or ingest (it has manifest.json).
  --out FILE           write the page here instead
  --sample N           sample documents per tier (default ${REPORT_DEFAULTS.samplesPerTier})
  --rank R --world-size W
                       the page of rank R's share alone, from its manifest, stats and shards, e.g. while other
                       ranks still run: DIR/ranks/report-RRRRR.html (default: a Slurm array's task or
                       JOB_COMPLETION_INDEX, as for every command; else the whole run)
  -q, --quiet          do not print the page's path
  -h, --help           this help`;

export async function reportCommand(argv: string[]): Promise<number> {
  try {
    const { values, positionals } = parse(argv, {
      out: { type: "string" },
      sample: { type: "string" },
      rank: { type: "string" },
      "world-size": { type: "string" },
      quiet: { type: "boolean", short: "q" },
      help: { type: "boolean", short: "h" },
    });
    if (values.help) {
      process.stdout.write(`${REPORT_USAGE}\n`);
      return 0;
    }
    if (positionals.length !== 1) throw new UsageError("give one output directory");
    const samplesPerTier = wholeNumber(values.sample, "--sample") ?? REPORT_DEFAULTS.samplesPerTier;
    const dir = positionals[0] as string;
    // DIR holds only what assay writes: a page written over its manifest or a shard would break the run it reports.
    if (values.out !== undefined) {
      const out = resolve(values.out);
      if (out.startsWith(`${resolve(dir)}${sep}`) && out !== resolve(dir, "report.html"))
        throw new UsageError(
          `--out ${values.out} is inside ${dir}, which holds only what assay writes: write it beside`,
        );
    }
    const only = await outputRank(values, dir);
    const { manifest, steps } = await finished(dir, only?.rank ?? null);
    const path = await writeReport(
      dir,
      manifest,
      steps,
      { ...REPORT_DEFAULTS, samplesPerTier },
      values.out ?? (only === null ? undefined : join(dir, "ranks", `report-${rankTag(only.rank)}.html`)),
    );
    if (!values.quiet) process.stdout.write(`${path}\n`);
    return 0;
  } catch (error) {
    return errorExit("report", error);
  }
}

/** A finished run's manifest and stats, or (`rank` given) that rank's own, which exist before the others finish. */
async function finished(dir: string, rank: number | null): Promise<{ manifest: Manifest; steps: StepStatsJson[] }> {
  try {
    const path = rank === null ? join(dir, "manifest.json") : rankManifestPath(dir, rank);
    const manifest = JSON.parse(await readFile(path, "utf8")) as Manifest;
    return { manifest, steps: await readStats(dir, rank) };
  } catch {
    throw new InputError(
      rank === null
        ? `${dir} has no readable manifest.json and stats.json: give the output directory of a finished run (every rank done)`
        : `${dir} has no readable manifest and stats of rank ${rank}: run that rank first`,
    );
  }
}
