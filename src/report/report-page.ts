// OUT/report.html: one self-contained page (no scripts, no external files) a person reads to judge a run: what was
// kept per tier and why it ranks there, what was dropped and why, how every score is distributed over kept and
// rejected documents, and sample documents per tier. No timestamps: the same run gives the same page.
import { HIDDEN_CHARS_COUNTER } from "../../ingest/ingest-counters.js";
import type { Manifest } from "../manifest.js";
import { DETECTOR_COLUMN_PREFIX } from "../rank/density-set-by.js";
import { rankedAmong } from "../rank/length-classes.js";
import { selectionSummary, TIERS } from "../rank/tiers.js";
import { isRankManifest } from "../rank-files.js";
import type { StepStatsJson } from "../stats.js";
import { distribution } from "./distribution.js";
import { histogramSvg } from "./histogram-svg.js";
import { escapeHtml as esc, formatNumber as num } from "./html.js";
import { IdSample } from "./id-sample.js";
import { type RunContents, type TextSample, type TierFigures, UNKNOWN_LICENCE, UNRANKED } from "./run-contents.js";

/** Columns shown first, in this order, as "Documents". */
const DOCUMENT_COLUMNS = ["n_words", "n_chars", "pages", "lang_score"];
const DENSITY_COLUMNS = ["density", "rank_pct"];

const STYLE = `body{font:14px/1.45 system-ui,sans-serif;margin:2em auto;max-width:1100px;padding:0 1em;color:#222}
table{border-collapse:collapse;margin:.5em 0 1.5em}td,th{border-bottom:1px solid #ddd;padding:.25em .8em;text-align:left;vertical-align:top}
td.n{text-align:right;font-variant-numeric:tabular-nums}code{font-size:90%}
.charts{display:grid;grid-template-columns:repeat(auto-fill,minmax(310px,1fr));gap:1em}
figure{margin:0}figcaption{font-size:12px;color:#555}figcaption b{color:#222}
svg text{font-size:10px;fill:#555}svg .kept{fill:#4c78a8}svg .rejected{fill:none;stroke:#e45756;stroke-width:1.5}
svg .axis{stroke:#999}.key-kept{color:#4c78a8}.key-rejected{color:#e45756}
pre{white-space:pre-wrap;background:#f6f6f6;padding:.6em;max-height:22em;overflow:auto;font-size:12px}
.meta{color:#555;font-size:12px;margin:.2em 0}`;

export function reportHtml(manifest: Manifest, steps: readonly StepStatsJson[], contents: RunContents): string {
  const { in: docsIn, kept, rejected } = manifest.counts;
  return [
    "<!doctype html>",
    '<html lang="en"><head><meta charset="utf-8">',
    `<title>assay report: ${docsIn} documents in, ${kept} kept</title>`,
    `<style>${STYLE}</style></head><body>`,
    // A rank's own manifest, until the last rank merges them: its page shows that rank's share alone.
    isRankManifest(manifest)
      ? `<h1>assay run report: rank ${manifest.rank} of ${manifest.world_size}</h1>`
      : "<h1>assay run report</h1>",
    `<p>assay ${esc(manifest.assay_version)}, <code>${esc(manifest.command)}</code>, config hash ` +
      `<code>${esc(manifest.config_hash)}</code>, ${manifest.inputs.length} input file(s). ` +
      "<code>manifest.json</code> lists the inputs, the config and the versions; <code>stats.json</code> the " +
      "figures per step; <code>README.md</code> is the dataset card.</p>",
    "<table><tr><th>documents</th><th>count</th></tr>",
    `<tr><td>in</td><td class="n">${num(docsIn)}</td></tr>`,
    `<tr><td>kept (<code>data/</code>)</td><td class="n">${num(kept)}</td></tr>`,
    `<tr><td>rejected (<code>rejects/</code>)</td><td class="n">${num(rejected)}</td></tr></table>`,
    ...renderSections([
      stepsSection(steps),
      tiersSection(contents, manifest),
      licencesSection(contents),
      reasonsSection(contents),
      hiddenSection(steps, contents),
      distributionsSection(contents),
      samplesSection(contents),
    ]),
    "</body></html>",
    "",
  ].join("\n");
}

/** A section of the page; a section function returns null when the run has nothing to show there. */
interface Section {
  id: string;
  title: string;
  body: string[];
}

/** A line of links to the sections present, then each under its heading. */
function renderSections(sections: (Section | null)[]): string[] {
  const present = sections.filter((section): section is Section => section !== null);
  return [
    `<p>${present.map((section) => `<a href="#${section.id}">${esc(section.title)}</a>`).join(" · ")}</p>`,
    ...present.flatMap((section) => [`<h2 id="${section.id}">${esc(section.title)}</h2>`, ...section.body]),
  ];
}

function stepsSection(steps: readonly StepStatsJson[]): Section {
  const body = [
    "<table><tr><th>step</th><th>docs in</th><th>docs out</th><th>rejected</th></tr>",
    ...steps.map(
      (s) =>
        `<tr><td>${esc(s.name)}</td><td class="n">${num(s.docs_in)}</td><td class="n">${num(s.docs_out)}</td>` +
        `<td class="n">${num(s.rejected)}</td></tr>`,
    ),
    "</table>",
  ];
  return { id: "steps", title: "Steps", body };
}

/**
 * Tiers in order, A to D, then the kept documents of a run that did not rank. `everyTier`: a ranked run's tiers that
 * kept no document too, as stats.json counts them.
 */
function orderedTiers(contents: RunContents, everyTier = false): [string, TierFigures][] {
  const ranked = TIERS.some((tier) => contents.tiers.has(tier));
  return [...TIERS, UNRANKED].flatMap((tier) => {
    const none = everyTier && ranked && tier !== UNRANKED ? noDocuments() : undefined;
    const figures = contents.tiers.get(tier) ?? none;
    return figures ? [[tier, figures] as [string, TierFigures]] : [];
  });
}

function noDocuments(): TierFigures {
  return { docs: 0, tokens: 0, density: null, setBy: new Map(), samples: new IdSample(0) };
}

function tiersSection(contents: RunContents, manifest: Manifest): Section | null {
  const tiers = orderedTiers(contents, true);
  if (tiers.length === 0) return null;
  const tokens = tiers.reduce((sum, [, t]) => sum + t.tokens, 0);
  const ranked = tiers.some(([tier]) => tier !== UNRANKED);
  const tierMeaning = ranked
    ? "<code>tier</code> buckets <code>rank_pct</code>, each document's percentile of <code>density</code> " +
      `${esc(rankedAmong(manifest.config.rank?.within))}. `
    : "";
  const body = [
    `<p>${tierMeaning}Density is the lowest of the detectors' logits (the <code>density_vs_*</code> columns); the ` +
      "last column says which detector set it, that is what the text was taken for.</p>",
    "<table><tr><th>tier</th><th>documents</th><th>tokens</th><th>share of tokens</th><th>density</th>" +
      "<th>density set by</th></tr>",
    ...tiers.map(
      ([tier, t]) =>
        `<tr><td>${esc(tier)}</td><td class="n">${num(t.docs)}</td><td class="n">${num(t.tokens)}</td>` +
        `<td class="n">${tokens > 0 ? ((100 * t.tokens) / tokens).toFixed(1) : "0.0"}%</td>` +
        `<td>${t.density ? `${num(t.density.min)} to ${num(t.density.max)}` : ""}</td>` +
        `<td>${[...t.setBy]
          .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
          .map(([kind, n]) => `${esc(kind)} ${num(n)}`)
          .join(", ")}</td></tr>`,
    ),
    "</table>",
  ];
  const selected = selectionSummary(manifest.config.rank);
  if (selected) body.push(`<p>${esc(selected)}</p>`);
  return {
    id: "tiers",
    title: ranked ? "Kept documents per tier" : "Kept documents (the run did not rank them)",
    body,
  };
}

/** Licences listed one per row, most tokens first; the rest are summed in one line. */
const LISTED_LICENCES = 15;

function licencesSection(contents: RunContents): Section | null {
  const licences = [...contents.licences].sort((a, b) => b[1].tokens - a[1].tokens || a[0].localeCompare(b[0]));
  if (licences.length === 0) return null;
  const rest = licences.slice(LISTED_LICENCES);
  const row = (name: string, docs: number, tokens: number) =>
    `<tr><td>${name}</td><td class="n">${num(docs)}</td><td class="n">${num(tokens)}</td></tr>`;
  const body = [
    "<p><code>license</code> as the input record gave it or as arXiv's metadata names it (<code>--arxiv-metadata</code>); " +
      `"${UNKNOWN_LICENCE}": neither did. assay does not clear rights: check before training on or sharing a document.</p>`,
    "<table><tr><th>license</th><th>documents</th><th>tokens</th></tr>",
    ...licences.slice(0, LISTED_LICENCES).map(([name, t]) => row(`<code>${esc(name)}</code>`, t.docs, t.tokens)),
    ...(rest.length > 0
      ? [
          row(
            `${rest.length} other licences`,
            rest.reduce((sum, [, t]) => sum + t.docs, 0),
            rest.reduce((sum, [, t]) => sum + t.tokens, 0),
          ),
        ]
      : []),
    "</table>",
  ];
  return { id: "licences", title: "Licences of kept documents", body };
}

function reasonsSection(contents: RunContents): Section | null {
  const reasons = [...contents.reasons.values()].sort(
    (a, b) => b.docs - a.docs || `${a.stage}\t${a.reason}`.localeCompare(`${b.stage}\t${b.reason}`),
  );
  if (reasons.length === 0) return null;
  const body = [
    "<table><tr><th>stage</th><th>reason</th><th>documents</th><th>example</th></tr>",
    ...reasons.map((r) => {
      const example = r.example.values()[0];
      return (
        `<tr><td>${esc(r.stage)}</td><td><code>${esc(r.reason)}</code></td><td class="n">${num(r.docs)}</td>` +
        `<td>${example ? exampleHtml(example) : ""}</td></tr>`
      );
    }),
    "</table>",
  ];
  return { id: "rejects", title: "Why documents were rejected", body };
}

/**
 * Characters of the PDFs' text left out as no reader sees them, by why (the steps' `hidden_chars:<why>` counters),
 * and the kept documents with the most: debris mostly, but a line planted for a model to read hides there too.
 */
function hiddenSection(steps: readonly StepStatsJson[], contents: RunContents): Section | null {
  const byWhy = new Map<string, number>();
  for (const step of steps)
    for (const [key, chars] of Object.entries(step.counters))
      if (key.startsWith(HIDDEN_CHARS_COUNTER)) {
        const why = key.slice(HIDDEN_CHARS_COUNTER.length);
        byWhy.set(why, (byWhy.get(why) ?? 0) + chars);
      }
  if (byWhy.size === 0 && contents.hidden.docs === 0) return null;
  const reasons = [...byWhy].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  const body = [
    "<p>Text a PDF draws where no reader sees it (white on white, invisible, under a box, in the colour of the box " +
      "under it, clipped away or off the page, too small, in hidden optional content) is left out of " +
      "<code>text</code>; each document's <code>hidden_chars</code> counts it. Most is debris, but a line planted " +
      "for a model reviewing the paper to read hides there too: the documents below are the ones to look at.</p>",
    "<table><tr><th>why</th><th>characters</th></tr>",
    ...reasons.map(([why, chars]) => `<tr><td><code>${esc(why)}</code></td><td class="n">${num(chars)}</td></tr>`),
    "</table>",
  ];
  if (contents.hidden.docs > 0)
    body.push(
      `<p>${num(contents.hidden.docs)} kept document(s) had text left out; the most:</p>`,
      "<table><tr><th>id</th><th>characters</th></tr>",
      ...contents.hidden.most.map(({ id, chars }) => `<tr><td>${esc(id)}</td><td class="n">${num(chars)}</td></tr>`),
      "</table>",
    );
  return { id: "hidden", title: "Text no reader sees", body };
}

/** A rejected document: its text when it has any, else where it came from (rejected before any text). */
function exampleHtml(s: TextSample): string {
  const body = s.preview
    ? `<pre>${esc(s.preview)}</pre>`
    : `<p class="meta">no text${s.source ? `; source ${esc(s.source)}` : ""}</p>`;
  return `<details><summary>${esc(s.id)}</summary>${body}</details>`;
}

function distributionsSection(contents: RunContents): Section | null {
  const kept = contents.measures.kept.values();
  const rejected = contents.measures.rejected.values();
  const columns = new Set([...kept, ...rejected].flatMap((row) => Object.keys(row)));
  if (columns.size === 0) return null;
  const detectors = [...columns].filter((c) => c.startsWith(DETECTOR_COLUMN_PREFIX)).sort();
  const first = new Set([...DOCUMENT_COLUMNS, ...DENSITY_COLUMNS, ...detectors]);
  const groups: [string, string[]][] = [
    ["Documents", DOCUMENT_COLUMNS],
    ["Density, its percentile and its detectors' logits", [...DENSITY_COLUMNS, ...detectors]],
    ["Scores of the filters and density's components", [...columns].filter((c) => !first.has(c)).sort()],
  ];
  const values = (rows: Record<string, number>[], column: string) =>
    rows.flatMap((row) => (row[column] === undefined ? [] : [row[column] as number]));
  const sampled = (n: number, of: number) => (n < of ? `a sample of ${num(n)} of ${num(of)}` : `all ${num(of)}`);
  const body = [
    `<p><span class="key-kept">■ kept</span> (${sampled(kept.length, contents.kept)} documents) and ` +
      `<span class="key-rejected">▭ rejected</span> (${sampled(rejected.length, contents.rejected)}), each as ` +
      "shares of its own documents; samples are the documents whose ids hash lowest, so they do not depend on " +
      "shard order. Values beyond the 1st and 99th percentiles are counted in the end bins.</p>",
    ...groups.flatMap(([title, group]) => {
      const present = group.filter((c) => columns.has(c));
      if (present.length === 0) return [];
      return [
        `<h3>${esc(title)}</h3>`,
        '<div class="charts">',
        ...present.map((column) => {
          const d = distribution(column, values(kept, column), values(rejected, column));
          const q = (label: string, n: number, qs: [number, number, number] | null) =>
            qs ? `${label} (${num(n)}): ${qs.map(num).join(" / ")}` : "";
          return (
            `<figure>${histogramSvg(d)}<figcaption><b>${esc(column)}</b> 10th / 50th / 90th pct: ` +
            `${[q("kept", d.keptN, d.keptQuantiles), q("rejected", d.rejectedN, d.rejectedQuantiles)].filter(Boolean).join("; ")}` +
            "</figcaption></figure>"
          );
        }),
        "</div>",
      ];
    }),
  ];
  return { id: "distributions", title: "Distributions", body };
}

function samplesSection(contents: RunContents): Section | null {
  const tiers = orderedTiers(contents);
  if (tiers.length === 0) return null;
  const body = tiers.flatMap(([tier, t]) => [
    `<h3>${tier === UNRANKED ? "Kept (not ranked)" : `Tier ${esc(tier)}`}</h3>`,
    ...t.samples.values().map(sampleHtml),
  ]);
  return { id: "samples", title: "Sample documents per tier", body };
}

function sampleHtml(s: TextSample): string {
  const facts = [
    s.title ? `“${esc(s.title)}”` : "",
    s.source ? esc(s.source) : "",
    s.density !== null ? `density ${num(s.density)}` : "",
    s.rankPct !== null ? `rank_pct ${num(s.rankPct)}` : "",
    s.setBy ? `set by ${esc(s.setBy)}` : "",
    `${num(s.nChars)} chars`,
  ].filter(Boolean);
  return `<article><h4>${esc(s.id)}</h4><p class="meta">${facts.join(" · ")}</p><pre>${esc(s.preview)}</pre></article>`;
}
