// OUT/README.md, the dataset card (Hugging Face's conventions): a YAML header whose configs point `datasets` at the
// kept shards alone (loaded bare, the directory would put rejects/ into the training split too), then what the run
// kept, per tier, what it dropped and why, and what it cannot vouch for.
import { basename, dirname, join } from "node:path";
import { writeFileAtomic } from "./io/atomic.js";
import { readJsonIfAny } from "./io/read-json.js";
import type { Manifest } from "./manifest.js";
import { rankedAmong } from "./rank/length-classes.js";
import { selectionSummary, TIERS } from "./rank/tiers.js";
import type { StepStatsJson } from "./stats.js";

/** Reject reasons listed in the card, commonest first; the rest are summed in one line. */
const LISTED_REASONS = 15;

/**
 * `upstream`: the steps the documents went through before this command, in the earlier outputs it read (`assay rank`
 * over `assay dedup`'s output ranks documents that were deduplicated).
 */
export function datasetCard(
  manifest: Manifest,
  steps: readonly StepStatsJson[],
  upstream: ReadonlySet<string> = new Set(),
): string {
  const ext = manifest.config.format;
  const { in: docsIn, kept, rejected } = manifest.counts;
  const lines = [
    "---",
    "configs:",
    "  - config_name: default",
    "    data_files:",
    "      - split: train",
    `        path: data/*.${ext}`,
    "  - config_name: rejects",
    "    data_files:",
    "      - split: train",
    `        path: rejects/*.${ext}`,
    "---",
    "",
    "# Documents curated by assay",
    "",
    `Made by assay ${manifest.assay_version} (\`${manifest.command}\`, config hash \`${manifest.config_hash}\`) from ` +
      `${manifest.inputs.length} input file(s). \`manifest.json\` lists every input ` +
      "with its SHA-256, the whole config and the versions of the tools; `stats.json` has the figures per step.",
    "",
    `Load the kept documents with \`datasets.load_dataset("${ext === "jsonl" ? "json" : "parquet"}", ` +
      `data_files="data/*.${ext}")\` (or this folder: its default config is \`data/\` alone), or in DuckDB with ` +
      `\`read_${ext === "jsonl" ? "json_auto" : "parquet"}('data/*.${ext}')\`.`,
    "",
    "| documents | count |",
    "| --- | --- |",
    `| in | ${docsIn} |`,
    `| kept (\`data/\`) | ${kept} |`,
    `| rejected (\`rejects/\`, each with its \`stage\` and \`reject_reason\`) | ${rejected} |`,
    ...tierLines(manifest, steps),
    ...reasonLines(steps),
    ...supersededLines(steps),
    "",
    "## What this card cannot vouch for",
    "",
    rightsLine(manifest),
    ...skippedStepLines(steps, upstream),
    ...(steps.some((step) => step.name === "density")
      ? [
          "- **Text a model wrote.** `density` ranks text that reads like a real paper highest; text written by a " +
            "language model to look like one can pass: paragraph-sized pieces most of all, then papers a model " +
            "continued from a real paper's opening (held out, 5-22% of pairs of one and a real paper rank the " +
            "model's text higher, 18-23% as ~8 KB chunks). `density_vs_machine` (model-written paragraphs) and " +
            "`density_vs_imitation` (whole model-written papers, texts over 5,000 chars) are the detectors' own " +
            "logits, for a stricter selection.",
        ]
      : []),
    "",
    "Columns: `id`, `text`, `source`, the typed metadata (`title`, `arxiv_id`, `license`, `pages`, `lang`, ...), " +
      "one column per score (the filters' and density's components), `density`, `density_model` (which models " +
      "computed density), `rank_pct`, `tier`, `dup_cluster`, `metadata` (the input record's other fields, as JSON " +
      "text), `pipeline_version`, `config_hash`; see assay's README, " +
      '"Output".',
    "",
  ];
  return lines.join("\n");
}

/** A dedup against an index (`--index`) whose kept documents replace published ones: where to find which. */
function supersededLines(steps: readonly StepStatsJson[]): string[] {
  const n = steps.find((step) => step.name === "dedup")?.counters.superseded ?? 0;
  if (n === 0) return [];
  return [
    "",
    `${n} kept document(s) replace a copy published by an earlier run (a later arXiv version, fewer damaged ` +
      "pages, a text layer): `superseded.jsonl` lists each replaced `id` with its `superseded_by` and the index " +
      "`generation` it was published in; drop those from the corpus.",
  ];
}

/**
 * Dedup and ranking the output has not been through, here or in the outputs it read: `assay ingest` and `filter` stop
 * before them, and `run` over several ranks leaves them to their own barrier stages, so its data/ may hold copies and
 * no tiers yet.
 */
function skippedStepLines(steps: readonly StepStatsJson[], upstream: ReadonlySet<string>): string[] {
  const ran = (name: string) => upstream.has(name) || steps.some((step) => step.name === name);
  return [
    ...(ran("dedup")
      ? []
      : [
          "- **Duplicates.** These documents were not deduplicated: copies of one text may all be here (`assay dedup`).",
        ]),
    ...(ran("rank")
      ? []
      : ["- **Ranking.** These documents were not ranked: `rank_pct` and `tier` are empty (`assay rank`)."]),
  ];
}

/** What the run did about licences, and what it leaves to the user. */
function rightsLine(manifest: Manifest): string {
  const { arxivMetadata, licenses } = manifest.config.rights ?? {};
  const origin = arxivMetadata
    ? "A row's `license` is what its input record carried or, for an arXiv paper, what arXiv's metadata names " +
      "(empty: unknown)."
    : "assay reads no licence from a PDF: a row's `license` is what its input record carried (empty: unknown).";
  const selection = licenses
    ? ` Only documents under ${licenses.map((l) => `\`${l}\``).join(", ")} were kept; the others are in ` +
      "`rejects/` as `license_unknown`, `license_not_allowed:<licence>` or `license_conflict:<licence>`."
    : "";
  return (
    `- **Rights.** assay does not clear licences. ${origin}${selection} \`source\` says where each document came ` +
    "from; `report.html` counts kept documents and tokens per licence. Check both before training on or sharing a " +
    "document."
  );
}

/** Kept documents and whitespace tokens per tier, if the run ranked. */
function tierLines(manifest: Manifest, steps: readonly StepStatsJson[]): string[] {
  const rank = steps.find((step) => step.name === "rank");
  if (!rank) return [];
  const c = rank.counters;
  return [
    "",
    "## Kept documents per tier",
    "",
    `\`tier\` buckets \`rank_pct\`, each document's percentile of \`density\` ${rankedAmong(manifest.config.rank?.within)}.`,
    "",
    "| tier | documents | whitespace tokens |",
    "| --- | --- | --- |",
    ...TIERS.map((tier) => `| ${tier} | ${c[`tier:${tier}`] ?? 0} | ${c[`tier_tokens:${tier}`] ?? 0} |`),
    ...selectionLines(manifest.config.rank),
  ];
}

function selectionLines(rank: Manifest["config"]["rank"] | undefined): string[] {
  const selected = selectionSummary(rank);
  return selected ? ["", selected] : [];
}

/** Reject reasons over all steps, commonest first. */
function reasonLines(steps: readonly StepStatsJson[]): string[] {
  const reasons = steps
    .flatMap((step) => Object.entries(step.reject_reasons).map(([reason, n]) => [step.name, reason, n] as const))
    .sort((a, b) => b[2] - a[2] || (a[0] + a[1]).localeCompare(b[0] + b[1]));
  if (reasons.length === 0) return [];
  const rest = reasons.slice(LISTED_REASONS).reduce((sum, [, , n]) => sum + n, 0);
  return [
    "",
    "## Why documents were rejected",
    "",
    "| stage | reason | documents |",
    "| --- | --- | --- |",
    ...reasons.slice(0, LISTED_REASONS).map(([stage, reason, n]) => `| ${stage} | \`${reason}\` | ${n} |`),
    ...(rest > 0 ? [`| | ${reasons.length - LISTED_REASONS} other reasons | ${rest} |`] : []),
  ];
}

export async function writeDatasetCard(
  outDir: string,
  manifest: Manifest,
  steps: readonly StepStatsJson[],
): Promise<void> {
  await writeFileAtomic(join(outDir, "README.md"), datasetCard(manifest, steps, await upstreamSteps(manifest)));
}

/**
 * The steps of the earlier assay outputs whose data/ shards the run read (and of the outputs those read), from
 * their stats.json: the staged path (`assay dedup` then `assay rank`) leaves each step in its own directory.
 */
export async function upstreamSteps(manifest: Manifest): Promise<Set<string>> {
  const names = new Set<string>();
  const seen = new Set<string>();
  let inputs = manifest.inputs.map((input) => input.path);
  while (inputs.length > 0) {
    const next: string[] = [];
    for (const path of inputs) {
      if (basename(dirname(path)) !== "data") continue;
      const dir = dirname(dirname(path));
      if (seen.has(dir)) continue;
      seen.add(dir);
      const earlier = await readJsonIfAny<Manifest>(join(dir, "manifest.json"));
      const stats = await readJsonIfAny<{ steps?: StepStatsJson[] }>(join(dir, "stats.json"));
      if (!earlier?.inputs || !Array.isArray(stats?.steps)) continue;
      for (const step of stats.steps) names.add(step.name);
      next.push(...earlier.inputs.map((input) => input.path));
    }
    inputs = next;
  }
  return names;
}
