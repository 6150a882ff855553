// `assay rank` on the shared reference text: rank_pct is a global percentile of density (monotonic, the same
// whatever the number of ranks), papers land in the top tiers, selection keeps the share asked for, and every
// document is accounted for.
import {
  cpSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { DETECTOR_KINDS } from "../../filters/density/density.js";
import { pairwiseAuc } from "../../filters/density/logistic.js";
import { countTokens } from "../../src/python-space.js";
import { duckdbQuery } from "../duckdb.js";
import { tempDir } from "../temp-dir.js";
import { assay, ROOT } from "./cli.js";

const REFERENCE = join(ROOT, "../shared/reference");
const TEXT_DEV = join(REFERENCE, "text-dev/docs.jsonl");
const PAPERS = join(REFERENCE, "papers/docs.jsonl");
const haveReference = existsSync(TEXT_DEV) && existsSync(PAPERS);
if (!haveReference) console.warn(`skipping assay rank end-to-end tests: ${REFERENCE} is absent`);

type Ranked = { id: string; density: number; rank_pct: number; tier: string };

async function ranked(dir: string): Promise<Ranked[]> {
  return (await duckdbQuery(
    `SELECT id, density, rank_pct, tier FROM read_parquet('${dir}/*.parquet') ORDER BY id`,
  )) as unknown as Ranked[];
}

const json = (path: string) => JSON.parse(readFileSync(path, "utf8"));

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] as number;
}

function expectOk(result: { status: number; stderr: string }): void {
  expect(result.stderr).toBe("");
  expect(result.status).toBe(0);
}

describe.skipIf(!haveReference)("assay rank", () => {
  const work = tempDir("assay-rank-");
  /** A directory of JSON Lines files, each a slice [from, to) of the reference papers. */
  const papersDir = (name: string, files: Record<string, [number, number]>): string => {
    const papers = readFileSync(PAPERS, "utf8").trim().split("\n");
    const dir = join(work, name);
    mkdirSync(dir, { recursive: true });
    for (const [file, [from, to]] of Object.entries(files))
      writeFileSync(join(dir, file), `${papers.slice(from, to).join("\n")}\n`);
    return dir;
  };
  const oneRank = join(work, "one");
  let rows: Ranked[] = [];
  /**
   * A run of every 4th document of text-dev and of papers (257), for what holds of any run and not only of the
   * reference: selections and ranks, each rerun of it a fraction of the CPU of a rerun of all 1028 documents.
   */
  const small = join(work, "small");
  let smallRows: Ranked[] = [];

  beforeAll(async () => {
    // two data shards, so that a rerun over this output reads several
    const config = join(work, "config.json");
    writeFileSync(config, JSON.stringify({ shard: { maxRows: 600 } }));
    expectOk(await assay("rank", TEXT_DEV, PAPERS, "--out", oneRank, "--config", config, "--quiet"));
    rows = await ranked(join(oneRank, "data"));
    const everyFourth = (path: string) =>
      readFileSync(path, "utf8")
        .trim()
        .split("\n")
        .filter((_, i) => i % 4 === 0);
    const docs = join(work, "small.jsonl");
    writeFileSync(docs, `${[...everyFourth(TEXT_DEV), ...everyFourth(PAPERS)].join("\n")}\n`);
    // two data shards, so that a 2-rank run over this output splits it without scoring density again
    const smallConfig = join(work, "small.json");
    writeFileSync(smallConfig, JSON.stringify({ shard: { maxRows: 150 } }));
    expectOk(await assay("rank", docs, "--out", small, "--config", smallConfig, "--quiet"));
    smallRows = await ranked(join(small, "data"));
    expect(smallRows.length).toBe(257);
  });

  it("gives every doc a rank_pct in [0, 1] and the tier its cut says, monotonic in density", () => {
    expect(rows.length).toBe(1028);
    for (const row of rows) {
      expect(row.rank_pct).toBeGreaterThanOrEqual(0);
      expect(row.rank_pct).toBeLessThanOrEqual(1);
      const tier = row.rank_pct >= 0.75 ? "A" : row.rank_pct >= 0.5 ? "B" : row.rank_pct >= 0.25 ? "C" : "D";
      expect(row.tier, row.id).toBe(tier);
    }
    const byDensity = [...rows].sort((a, b) => a.density - b.density);
    for (let i = 1; i < byDensity.length; i++) {
      const [lower, higher] = [byDensity[i - 1] as Ranked, byDensity[i] as Ranked];
      expect(higher.rank_pct, `${lower.id} < ${higher.id}`).toBeGreaterThanOrEqual(lower.rank_pct);
    }
    // a percentile spreads the run evenly over [0, 1]
    expect(median(rows.map((r) => r.rank_pct))).toBeCloseTo(0.5, 1);
  });

  it("scores each document once: the apply pass takes the columns the sketch pass computed, then drops them", () => {
    const steps = json(join(oneRank, "stats.json")).steps as { name: string; counters: Record<string, number> }[];
    expect(steps.find((s) => s.name === "cached_scores")?.counters.scores_from_sketch).toBe(1028);
    expect(existsSync(join(oneRank, "rank", "density-scores-00000.jsonl"))).toBe(false);
  });

  /** Six papers, their sketch pass alone (which the tests that resume it copy) and a run of them not stopped. */
  const sixPapers = async () => {
    const docs = papersDir("six", { "papers.jsonl": [0, 6] });
    const sketched = join(work, "six-sketched");
    expectOk(await assay("rank", docs, "--out", sketched, "--stage", "sketch", "--quiet"));
    const fresh = join(work, "six-not-stopped");
    expectOk(await assay("rank", docs, "--out", fresh, "--quiet"));
    return { docs, sketched, fresh };
  };
  let six: ReturnType<typeof sixPapers> | undefined;
  const resumed = () => {
    six ??= sixPapers();
    return six;
  };

  it("takes the scores a rank stopped before apply kept, instead of scoring its documents again", async () => {
    const { docs, sketched, fresh } = await resumed();
    const out = join(work, "stopped-before-apply");
    cpSync(sketched, out, { recursive: true });
    const again = await assay("rank", docs, "--out", out);
    expect(again.status, again.stderr).toBe(0);
    // the copy's sketch files are not the ones its record names (written anew), so it sketches again from the scores
    // it kept; the apply pass takes them too, and the run ranks as a fresh one does
    expect(again.stdout).toMatch(/density histogram of 6 docs \(6 scores kept from an earlier, unfinished run\)/);
    const steps = json(join(out, "stats.json")).steps as { name: string; counters: Record<string, number> }[];
    expect(steps.find((s) => s.name === "cached_scores")?.counters.scores_from_sketch).toBe(6);
    const byId = async (dir: string) =>
      (await ranked(join(dir, "data"))).map((r) => [r.id, r.density, r.rank_pct]).sort();
    expect(await byId(out)).toEqual(await byId(fresh));
  });

  it("takes the scores a sketch pass killed midway had written, instead of scoring its documents again", async () => {
    const { docs, sketched, fresh } = await resumed();
    const out = join(work, "killed-in-sketch");
    cpSync(sketched, out, { recursive: true });
    // what SIGKILL or Ctrl-C leaves after 4 documents: the temporary file, its last line cut, and no histogram
    const cache = join(out, "rank", "density-scores-00000.jsonl");
    const lines = readFileSync(cache, "utf8").split("\n");
    writeFileSync(`${cache}.tmp`, `${lines.slice(0, 4).join("\n")}\n${(lines[4] as string).slice(0, 40)}`);
    rmSync(cache);
    rmSync(join(out, "rank", "density-histogram-00000.json"));
    const again = await assay("rank", docs, "--out", out);
    expect(again.status, again.stderr).toBe(0);
    expect(again.stdout).toMatch(/density histogram of 6 docs \(4 scores kept from an earlier, unfinished run\)/);
    expect(readdirSync(join(out, "rank")).filter((f) => f.startsWith("density-scores"))).toEqual([]);
    const byId = async (dir: string) =>
      (await ranked(join(dir, "data"))).map((r) => [r.id, r.density, r.rank_pct]).sort();
    expect(await byId(out)).toEqual(await byId(fresh));
  });

  it("explains density: the lowest of the density_vs_* columns, the logit of each detector of the text's length", async () => {
    const detectors = DETECTOR_KINDS.map((kind) => `density_vs_${kind}`);
    const explained = await duckdbQuery(
      `SELECT id, density, least(${detectors.join(", ")}) AS lowest, [${detectors.join(", ")}] AS logits
       FROM read_parquet('${join(oneRank, "data")}/*.parquet')`,
    );
    expect(explained).toHaveLength(rows.length);
    const takenFor = new Map<string, number>();
    for (const row of explained) {
      expect(row.lowest as number, row.id as string).toBeCloseTo(row.density as number, 9);
      if (!(row.id as string).startsWith("man:")) continue;
      const logits = row.logits as (number | null)[];
      const kind = DETECTOR_KINDS[logits.indexOf(row.lowest as number)] as string;
      takenFor.set(kind, (takenFor.get(kind) ?? 0) + 1);
    }
    // Man pages are mostly taken for what they are, documentation (590 of 692 at the time of writing).
    const manPages = [...takenFor.values()].reduce((a, b) => a + b, 0);
    expect(manPages).toBeGreaterThan(600);
    expect((takenFor.get("textdev") ?? 0) / manPages, JSON.stringify([...takenFor])).toBeGreaterThan(0.75);
  });

  it("inspect tells per tier what set density, for every row", async () => {
    const result = await assay("inspect", small, "--sample", "0");
    expect(result.status, result.stderr).toBe(0);
    const lines = result.stdout.split("\n");
    const at = lines.indexOf("density set by (lowest density_vs_* column), per tier:");
    expect(at).toBeGreaterThan(0);
    const tiers = lines.slice(at + 1, at + 5).map((line) => /^ {2}([A-D]) {2}(.+)$/.exec(line));
    expect(tiers.map((m) => m?.[1])).toEqual(["A", "B", "C", "D"]);
    const counted = tiers
      .flatMap((m) => (m?.[2] as string).split(", "))
      .map((entry) => Number(entry.split(" ")[1]))
      .reduce((a, b) => a + b, 0);
    expect(counted).toBe(smallRows.length);
  });

  it("puts papers in the top tiers and man pages and /usr/share/doc files lower", () => {
    const of = (keep: (id: string) => boolean) => rows.filter((r) => keep(r.id)).map((r) => r.rank_pct);
    const papers = of((id) => !id.includes(":"));
    expect(papers.length).toBe(52);
    expect(median(papers)).toBeGreaterThan(0.8);
    expect(rows.filter((r) => !r.id.includes(":") && r.tier === "A").length / papers.length).toBeGreaterThan(0.9);
    const manPages = of((id) => id.startsWith("man:"));
    const docFiles = of((id) => id.startsWith("doc:"));
    expect(median(manPages)).toBeLessThan(0.7);
    expect(median(docFiles)).toBeLessThan(0.7);
    // nearly every paper ranks above every man page and /usr/share/doc file
    expect(pairwiseAuc(papers, [...manPages, ...docFiles])).toBeGreaterThan(0.99);
  });

  it("reports per-tier docs and tokens that add up to the kept docs", async () => {
    const manifest = json(join(oneRank, "manifest.json"));
    expect(manifest.counts).toMatchObject({ in: 1028, kept: 1028, rejected: 0, balanced: true });
    const rank = json(join(oneRank, "stats.json")).steps.find((s: { name: string }) => s.name === "rank");
    const tiers = ["A", "B", "C", "D"];
    const docs = tiers.map((t) => rank.counters[`tier:${t}`] as number);
    expect(docs.reduce((a, b) => a + b, 0)).toBe(1028);
    for (const [i, t] of tiers.entries()) expect(docs[i]).toBe(rows.filter((r) => r.tier === t).length);
    for (const t of tiers) expect(rank.counters[`tier_tokens:${t}`]).toBeGreaterThan(0);
    // a tier's tokens are its rows' n_words summed: what a user totals in DuckDB is what stats.json says
    const sums = await duckdbQuery(
      `SELECT tier, SUM(n_words)::BIGINT AS words FROM read_parquet('${oneRank}/data/*.parquet') GROUP BY tier`,
    );
    expect(Object.fromEntries(sums.map((r) => [r.tier, Number(r.words)]))).toEqual(
      Object.fromEntries(tiers.map((t) => [t, rank.counters[`tier_tokens:${t}`]])),
    );
    // every paper is in tier A, so tier A holds more whitespace tokens than the papers alone
    const paperRows = rows.filter((r) => !r.id.includes(":"));
    for (const r of paperRows) expect(r.tier, r.id).toBe("A");
    const paperWords = readFileSync(PAPERS, "utf8")
      .split("\n")
      .filter((l) => l.trim())
      .reduce((sum, l) => sum + (JSON.parse(l) as { text: string }).text.split(/\s+/).filter(Boolean).length, 0);
    expect(rank.counters["tier_tokens:A"]).toBeGreaterThan(paperWords);
  });

  it("--keep-top 0.25 on a ranked output keeps the top quarter, without scoring again", async () => {
    const top = join(work, "top");
    expectOk(await assay("rank", small, "--out", top, "--keep-top", "0.25", "--quiet"));
    const kept = await ranked(join(top, "data"));
    const rejected = (await duckdbQuery(
      `SELECT id, stage, reject_reason, rank_pct FROM read_parquet('${top}/rejects/*.parquet')`,
    )) as { id: string; stage: string; reject_reason: string; rank_pct: number }[];
    expect(kept.length + rejected.length).toBe(smallRows.length);
    expect(Math.abs(kept.length - smallRows.length / 4)).toBeLessThanOrEqual(3);
    for (const row of kept) expect(row.rank_pct).toBeGreaterThanOrEqual(0.75);
    for (const row of rejected) {
      expect(row).toMatchObject({ stage: "rank", reject_reason: "below_keep_top" });
      expect(row.rank_pct).toBeLessThan(0.75);
    }
    // densities came from the shards, so the percentiles are those of the first run
    const first = new Map(smallRows.map((r) => [r.id, r.rank_pct]));
    for (const row of kept) expect(row.rank_pct).toBe(first.get(row.id));
    expect(json(join(top, "manifest.json")).counts).toMatchObject({
      in: smallRows.length,
      kept: kept.length,
      balanced: true,
    });
    // inspect's "density set by" counts the kept rows per tier, the rows --keep-top dropped apart
    const inspected = await assay("inspect", top, "--sample", "0");
    const lines = inspected.stdout.split("\n");
    const at = lines.indexOf("density set by (lowest density_vs_* column), per tier:");
    const count = (label: string) =>
      lines
        .slice(at + 1)
        .filter((line) => line.startsWith(`  ${label}  `))
        .flatMap((line) => line.slice(label.length + 4).split(", "))
        .reduce((sum, entry) => sum + Number(entry.split(" ").at(-1)), 0);
    const keptTiers = ["A", "B", "C", "D"].reduce((sum, tier) => sum + count(tier), 0);
    const droppedTiers = ["A", "B", "C", "D"].reduce((sum, tier) => sum + count(`${tier} dropped`), 0);
    expect([keptTiers, droppedTiers]).toEqual([kept.length, rejected.length]);

    // another selection into the same directory is refused, not mistaken for a finished run
    const other = await assay("rank", small, "--out", top, "--keep-top", "0.5");
    expect(other.status).toBe(1);
    expect(other.stderr).toMatch(/holds a run with another config/);
  });

  it("--keep-tokens N keeps the best documents whose tokens fit in N, without scoring again", async () => {
    const counters = (dir: string) =>
      (json(join(dir, "stats.json")).steps as { name: string; counters: Record<string, number> }[]).find(
        (step) => step.name === "rank",
      )?.counters as Record<string, number>;
    const tokensOf = (dir: string) =>
      ["A", "B", "C", "D"].reduce((n, t) => n + (counters(dir)[`tier_tokens:${t}`] ?? 0), 0);
    const budget = Math.floor(tokensOf(small) / 3);
    const cut = join(work, "budget");
    const selected = await assay("rank", small, "--out", cut, "--keep-tokens", String(budget));
    expectOk(selected);
    const kept = await ranked(join(cut, "data"));
    const rejected = (await duckdbQuery(
      `SELECT id, reject_reason, rank_pct, text FROM read_parquet('${cut}/rejects/*.parquet') ORDER BY rank_pct DESC`,
    )) as { id: string; reject_reason: string; rank_pct: number; text: string }[];
    expect(kept.length + rejected.length).toBe(smallRows.length);
    expect(new Set(rejected.map((r) => r.reject_reason))).toEqual(new Set(["below_keep_tokens"]));
    // the best documents: every kept one above every dropped one, with the first run's rank_pct (not scored again)
    const lowestKept = Math.min(...kept.map((r) => r.rank_pct));
    expect(lowestKept).toBeGreaterThan((rejected[0] as { rank_pct: number }).rank_pct);
    const first = new Map(smallRows.map((r) => [r.id, r.rank_pct]));
    for (const row of kept) expect(row.rank_pct).toBe(first.get(row.id));
    // within the budget, and the best document left out would have overrun it
    const keptTokens = tokensOf(cut);
    expect(keptTokens).toBeLessThanOrEqual(budget);
    expect(keptTokens + countTokens((rejected[0] as { text: string }).text)).toBeGreaterThan(budget);
    expect(selected.stdout).toContain(`--keep-tokens ${budget}: ${keptTokens} whitespace tokens kept`);
    expect(json(join(cut, "manifest.json")).config.rank.keepTokens).toBe(budget);

    // documents --min-score drops spend none of the budget: it is filled with documents that pass
    const strict = join(work, "budget-strict");
    const flags = ["--keep-tokens", String(budget), "--min-score", "density_vs_machine=2", "--quiet"];
    expectOk(await assay("rank", small, "--out", strict, ...flags));
    const dropped = (await duckdbQuery(
      `SELECT reject_reason, rank_pct, text FROM read_parquet('${strict}/rejects/*.parquet') ORDER BY rank_pct DESC`,
    )) as { reject_reason: string; rank_pct: number; text: string }[];
    const overBudget = dropped.filter((r) => r.reject_reason === "below_keep_tokens");
    const belowScore = dropped.filter((r) => r.reject_reason === "below_min_score:density_vs_machine");
    expect(belowScore.length).toBeGreaterThan(0);
    // some of them ranked above the cut, where they would have spent the budget
    expect(Math.max(...belowScore.map((r) => r.rank_pct))).toBeGreaterThan(
      (overBudget[0] as { rank_pct: number }).rank_pct,
    );
    expect(tokensOf(strict)).toBeLessThanOrEqual(budget);
    expect(tokensOf(strict) + countTokens((overBudget[0] as { text: string }).text)).toBeGreaterThan(budget);
  });

  it("scores again the rows other models scored, and keeps those its own models scored", async () => {
    const model = json(join(oneRank, "manifest.json")).versions["density-model"] as string;
    expect(model).toMatch(/^[0-9a-f]{12}$/);
    const models = (await duckdbQuery(
      `SELECT DISTINCT density_model FROM read_parquet('${oneRank}/data/*.parquet')`,
    )) as { density_model: string }[];
    expect(models).toEqual([{ density_model: model }]);

    // the papers as an older assay might have left them (its stamp on each row): a density from other models, or
    // from unnamed ones (another tool's density, on a row assay did not write, is carried in metadata instead)
    // (the texts as that run wrote them: a row assay wrote is not repaired again)
    const papers = await duckdbQuery(
      `SELECT id, text FROM read_parquet('${oneRank}/data/*.parquet') WHERE id NOT LIKE '%:%' ORDER BY id LIMIT 6`,
    );
    const stale = join(work, "stale.jsonl");
    const stamp = { pipeline_version: "0.0.9", config_hash: "0123456789abcdef" };
    writeFileSync(
      stale,
      papers
        .map((record, i) => {
          const model = i % 2 === 0 ? { density_model: "0123456789ab" } : {};
          return JSON.stringify({ ...record, ...stamp, density: 99, ...model });
        })
        .join("\n"),
    );
    const out = join(work, "stale");
    expectOk(await assay("rank", stale, "--out", out, "--quiet"));
    const rescored = (await duckdbQuery(
      `SELECT id, density, density_model FROM read_parquet('${out}/data/*.parquet') ORDER BY id`,
    )) as { id: string; density: number; density_model: string }[];
    const first = new Map(rows.map((r) => [r.id, r.density]));
    expect(rescored).toHaveLength(6);
    for (const row of rescored) expect(row).toEqual({ id: row.id, density: first.get(row.id), density_model: model });
    // scored once, by the sketch pass, whose scores the apply pass takes (they were scored in both passes)
    const steps = json(join(out, "stats.json")).steps as { name: string; counters: Record<string, number> }[];
    const counters = (name: string) => steps.find((s) => s.name === name)?.counters ?? {};
    expect(counters("cached_scores")).toMatchObject({ scores_from_sketch: 6, rescored_other_model: 6 });
    expect(counters("density").rescored_other_model).toBeUndefined();
  });

  it("takes the selection from the config file: rank.minTier A keeps tier A only", async () => {
    const config = join(work, "tier-a.json");
    writeFileSync(config, JSON.stringify({ rank: { minTier: "A" } }));
    const onlyA = join(work, "only-a");
    expectOk(await assay("rank", small, "--out", onlyA, "--config", config, "--quiet"));
    const kept = await ranked(join(onlyA, "data"));
    expect(kept.map((r) => r.id)).toEqual(smallRows.filter((r) => r.tier === "A").map((r) => r.id));
    const manifest = json(join(onlyA, "manifest.json"));
    expect(manifest.config.rank.minTier).toBe("A");
    expect(manifest.counts).toMatchObject({ in: smallRows.length, kept: kept.length, balanced: true });
  });

  it("gives the same rank_pct per id over 2 ranks, and stops at the barrier until every rank sketched", async () => {
    const two = join(work, "two");
    const ranks = (r: number) => [small, "--out", two, "--rank", String(r), "--world-size", "2", "--quiet"];
    expectOk(await assay("rank", ...ranks(0), "--stage", "sketch"));
    const early = await assay("rank", ...ranks(0), "--stage", "apply");
    expect(early.status).toBe(1);
    expect(early.stderr.trim().split("\n")).toHaveLength(1);
    expect(early.stderr).toMatch(/1 density histograms for 2 ranks/);

    expectOk(await assay("rank", ...ranks(1), "--stage", "sketch"));
    expectOk(await assay("rank", ...ranks(0), "--stage", "apply"));
    expect(existsSync(join(two, "manifest.json"))).toBe(false);
    // while rank 1 still runs, rank 0's share can be looked at: inspect and report read rank 0's files alone
    const rowsOf = (text: string) => Number(/^rank \d of 2: (\d+) rows in/.exec(text)?.[1]);
    const early0 = await assay("inspect", two, "--rank", "0", "--world-size", "2", "--sample", "0");
    expectOk(early0);
    const rank0Kept = json(join(two, "ranks", "manifest-00000.json")).counts.kept as number;
    expect(rowsOf(early0.stdout)).toBe(rank0Kept);
    expectOk(await assay("report", two, "--rank", "0", "--world-size", "2", "--quiet"));
    const rankPage = readFileSync(join(two, "ranks", "report-00000.html"), "utf8");
    expect(rankPage).toContain("<h1>assay run report: rank 0 of 2</h1>");
    expect(rankPage).toContain(`<title>assay report: ${rank0Kept} documents in, ${rank0Kept} kept</title>`);
    expectOk(await assay("rank", ...ranks(1), "--stage", "apply"));
    // rank 0's share, inspected above, is as rank 0 wrote it: with rank 1's, it is the whole run
    const early1 = await assay("inspect", two, "--rank", "1", "--world-size", "2", "--sample", "0");
    expect(rowsOf(early0.stdout) + rowsOf(early1.stdout)).toBe(smallRows.length);
    // rank 1 of 3 would be other files than rank 1 of the 2 that wrote them
    const wrongSize = await assay("inspect", two, "--rank", "1", "--world-size", "3");
    expect([wrongSize.status, wrongSize.stderr]).toEqual([
      2,
      expect.stringMatching(/written by 2 rank\(s\), not 3: give --world-size 2/),
    ]);

    // each rank saw its own part of the run
    const sketched = [0, 1].map(
      (r) => json(join(two, "rank", `density-histogram-0000${r}.json`)).histograms[0].total as number,
    );
    expect(sketched[0]).toBeGreaterThan(0);
    expect(sketched[1]).toBeGreaterThan(0);
    expect((sketched[0] as number) + (sketched[1] as number)).toBe(smallRows.length);

    const split = await ranked(join(two, "data"));
    expect(split.map((r) => [r.id, r.rank_pct, r.tier])).toEqual(smallRows.map((r) => [r.id, r.rank_pct, r.tier]));
    const manifest = json(join(two, "manifest.json"));
    expect(manifest.ranks).toEqual([0, 1]);
    expect(manifest.counts).toMatchObject({ in: smallRows.length, kept: smallRows.length, balanced: true });
    // the last rank wrote the report over both ranks' shards: from the tiers on, it is the one-rank run's page
    const fromTiers = (dir: string) => readFileSync(join(dir, "report.html"), "utf8").split('<h2 id="tiers">')[1];
    expect(fromTiers(two)).toBe(fromTiers(small));
  });

  it("one process rejects each later copy of an id, in its input or a later one, and ranks as if it were never read", async () => {
    // man pages and changelogs, short: the ids are what is tested
    const dev = readFileSync(TEXT_DEV, "utf8").trim().split("\n");
    const record = (k: number) => JSON.parse(dev[k] as string) as { id: string; text: string };
    const cut = (k: number) => JSON.stringify({ ...record(k), text: record(k).text.slice(0, 400) });
    const [clean, copies] = [join(work, "ids-clean"), join(work, "ids-copies")];
    for (const dir of [clean, copies]) mkdirSync(dir, { recursive: true });
    writeFileSync(join(clean, "a.jsonl"), `${dev.slice(0, 6).join("\n")}\n`);
    writeFileSync(join(clean, "b.jsonl"), `${dev.slice(6, 10).join("\n")}\n`);
    // a copy of record 2 later in a.jsonl, of record 3 and of record 7 in b.jsonl, each cut short: another density
    writeFileSync(join(copies, "a.jsonl"), `${[...dev.slice(0, 6), cut(2)].join("\n")}\n`);
    writeFileSync(join(copies, "b.jsonl"), `${[cut(3), ...dev.slice(6, 8), cut(7), ...dev.slice(8, 10)].join("\n")}\n`);
    const [cleanOut, copiesOut] = [join(work, "ids-clean-out"), join(work, "ids-copies-out")];
    expectOk(await assay("rank", clean, "--out", cleanOut, "--quiet"));
    const counters = (dir: string, step: string) =>
      (json(join(dir, "stats.json")).steps as { name: string; counters: Record<string, number> }[]).find(
        (s) => s.name === step,
      )?.counters as Record<string, number>;
    // A token budget of exactly the tokens of the run without copies keeps all of it only if the copies' tokens are
    // taken out of the histograms too.
    const tokens = ["A", "B", "C", "D"].reduce(
      (sum, t) => sum + (counters(cleanOut, "rank")[`tier_tokens:${t}`] ?? 0),
      0,
    );
    expectOk(await assay("rank", copies, "--out", copiesOut, "--keep-tokens", String(tokens), "--quiet"));
    const kept = await ranked(join(copiesOut, "data"));
    expect(kept).toHaveLength(10);
    expect(kept).toEqual(await ranked(join(cleanOut, "data")));
    expect(counters(copiesOut, "rank")).toEqual(counters(cleanOut, "rank"));
    // the sketch's file of ids, which only this process reads, is gone with the run done
    expect(readdirSync(join(copiesOut, "rank")).filter((f) => f.startsWith("id-"))).toEqual([]);
    const rejects = await duckdbQuery(
      `SELECT id, reject_reason, duplicate_of, length(text)::INTEGER AS chars FROM read_parquet('${copiesOut}/rejects/*.parquet') ORDER BY id`,
    );
    expect(rejects).toEqual(
      [2, 3, 7]
        .map((k) => ({ id: record(k).id, chars: Math.min(400, record(k).text.length) }))
        .sort((x, y) => (x.id < y.id ? -1 : 1))
        .map(({ id, chars }) => ({ id, reject_reason: "duplicate_id", duplicate_of: id, chars })),
    );
  });

  it("rejects as duplicate_id a copy of an id another rank holds from an earlier input, and ranks as one process does", async () => {
    // a.jsonl and c.jsonl go to rank 0, b.jsonl to rank 1; b shares a record with each. One process keeps a's copy of
    // record 2 and b's of record 4 (read before c), whose text is cut short here: another density and token count.
    const dir = papersDir("shared-ids", { "a.jsonl": [0, 3], "b.jsonl": [2, 5], "c.jsonl": [4, 7] });
    const b = readFileSync(join(dir, "b.jsonl"), "utf8").trim().split("\n");
    const four = JSON.parse(b[2] as string) as { id: string; text: string };
    const cut = four.text.slice(0, Math.floor(four.text.length / 3));
    writeFileSync(join(dir, "b.jsonl"), `${[b[0], b[1], JSON.stringify({ ...four, text: cut })].join("\n")}\n`);
    const one = join(work, "shared-ids-one");
    expectOk(await assay("rank", dir, "--out", one, "--quiet"));
    // A token budget of exactly the tokens one process ranks keeps every document, if the copies dropped across ranks
    // (record 4 whole among them) are taken out of the merged histograms' tokens too; left in, they overrun it.
    const oneCounters = (
      json(join(one, "stats.json")).steps as { name: string; counters: Record<string, number> }[]
    ).find((step) => step.name === "rank")?.counters as Record<string, number>;
    const budget = String(
      ["A", "B", "C", "D"].reduce((sum, t) => sum + (oneCounters[`tier_tokens:${t}`] as number), 0),
    );
    const out = join(work, "shared-ids-out");
    for (const stage of ["sketch", "apply"])
      for (const r of ["0", "1"]) {
        const flags = ["--stage", stage, "--rank", r, "--world-size", "2", "--keep-tokens", budget, "-q"];
        expectOk(await assay("rank", dir, "--out", out, ...flags));
      }
    const staged = await ranked(join(out, "data"));
    expect(staged).toHaveLength(7);
    expect(staged).toEqual(await ranked(join(one, "data")));
    const texts = await duckdbQuery(`SELECT text FROM read_parquet('${out}/data/*.parquet') WHERE id = '${four.id}'`);
    expect(texts).toEqual([{ text: cut }]);
    // the histograms hold the documents ranked, not the copies dropped: per-tier counts and tokens are one process's
    const rankCounters = (d: string) =>
      (json(join(d, "stats.json")).steps as { name: string; counters: Record<string, number> }[]).find(
        (step) => step.name === "rank",
      )?.counters;
    expect(rankCounters(out)).toEqual(rankCounters(one));
    // every doc ranked takes the density its sketch pass computed, after a dropped copy too: none is scored twice
    const fromSketch = (
      json(join(out, "stats.json")).steps as { name: string; counters: Record<string, number> }[]
    ).find((step) => step.name === "cached_scores")?.counters.scores_from_sketch;
    expect(fromSketch).toBe(staged.length);
    const rejects = await duckdbQuery(
      `SELECT id, reject_reason, duplicate_of FROM read_parquet('${out}/rejects/*.parquet') ORDER BY id`,
    );
    const papers = readFileSync(PAPERS, "utf8").trim().split("\n");
    const idOf = (k: number) => (JSON.parse(papers[k] as string) as { id: string }).id;
    expect(rejects).toEqual(
      [idOf(2), idOf(4)].sort().map((id) => ({ id, reject_reason: "duplicate_id", duplicate_of: id })),
    );
  });

  it("ranks a rank again when another rank's inputs changed: refuses a stale sketch, publishes no run ranked against one", async () => {
    // man pages and changelogs, short, not papers: the stages are what is tested
    const dev = readFileSync(TEXT_DEV, "utf8").trim().split("\n");
    const dir = join(work, "resketched");
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, "a.jsonl"), `${dev.slice(0, 2).join("\n")}\n`);
    writeFileSync(join(dir, "b.jsonl"), `${dev.slice(2, 5).join("\n")}\n`);
    const out = join(work, "resketched-out");
    const stage = (name: string, r: string, ...flags: string[]) =>
      assay("rank", dir, "--out", out, "--stage", name, "--rank", r, "--world-size", "2", ...flags);
    for (const name of ["sketch", "apply"]) for (const r of ["0", "1"]) expectOk(await stage(name, r, "-q"));
    expect(existsSync(join(out, "manifest.json"))).toBe(true);
    // sketched again over the same inputs: kept, its files as they were (the apply stages after it have nothing to do)
    const sketch0 = join(out, "rank", "density-histogram-00000.json");
    const sketched = statSync(sketch0).mtimeMs;
    const again = await stage("sketch", "0");
    expectOk(again);
    expect(again.stdout).toMatch(
      /^rank 0: density histogram of \d+ docs in \S+ kept: its inputs and options are unchanged/,
    );
    expect(statSync(sketch0).mtimeMs).toBe(sketched);
    // Rank 1's input loses two documents: its sketch is of documents no longer in the run, and its new one changes
    // every rank's percentiles
    const b = readFileSync(join(dir, "b.jsonl"), "utf8").trim().split("\n");
    writeFileSync(join(dir, "b.jsonl"), `${b[0]}\n`);
    const stale = await stage("apply", "0", "-q");
    expect([stale.status, stale.stderr]).toEqual([1, expect.stringMatching(/other input files than rank 1's/)]);
    expectOk(await stage("sketch", "1", "-q"));
    expectOk(await stage("apply", "1", "-q"));
    expect(existsSync(join(out, "manifest.json")), "merged with rank 0's stale rows").toBe(false);
    expectOk(await stage("apply", "0", "-q"));
    // as one rank ranks the same files
    const one = join(work, "resketched-one");
    expectOk(await assay("rank", dir, "--out", one, "-q"));
    expect(await ranked(join(out, "data"))).toEqual(await ranked(join(one, "data")));
    expect(json(join(out, "manifest.json")).counts).toMatchObject({ in: 3, kept: 3, balanced: true });
  });

  it("warns of a --min-score no document has only on the whole run, not on a rank whose share lacks it", async () => {
    const papers = readFileSync(PAPERS, "utf8").trim().split("\n").slice(0, 6);
    const dir = join(work, "min-score-shares");
    mkdirSync(dir, { recursive: true });
    const withQuality = papers.slice(0, 3).map((line) => JSON.stringify({ ...JSON.parse(line), quality: 0.75 }));
    writeFileSync(join(dir, "a.jsonl"), `${withQuality.join("\n")}\n`);
    writeFileSync(join(dir, "b.jsonl"), `${papers.slice(3).join("\n")}\n`);
    const out = join(work, "min-score-out");
    const ranks = (r: number, stage: string, ...more: string[]) =>
      assay(
        "rank",
        dir,
        "--out",
        out,
        "--rank",
        String(r),
        "--world-size",
        "2",
        "--min-score",
        "quality=0.5",
        "--stage",
        stage,
        ...more,
      );
    for (const r of [0, 1]) expectOk(await ranks(r, "sketch", "--quiet"));
    // rank 1's share (b.jsonl) has no quality; rank 0, which has it, finishes last and merges
    expectOk(await ranks(1, "apply", "--quiet"));
    const last = await ranks(0, "apply");
    expectOk(last);
    // the merged summary says how many documents the minimum did not hold, as none warns
    expect(last.stdout).toContain("\n  --min-score quality: 3 docs without it, not held to it\n");
  });

  it("writes report.html: tiers as in stats.json, every numeric column's distribution, samples per tier", async () => {
    const page = readFileSync(join(oneRank, "report.html"), "utf8");
    const rank = json(join(oneRank, "stats.json")).steps.find((s: { name: string }) => s.name === "rank");
    const tiers = [...page.matchAll(/<tr><td>([A-D])<\/td><td class="n">([\d,]+)<\/td><td class="n">([\d,]+)<\/td>/g)];
    expect(tiers.map((t) => t[1])).toEqual(["A", "B", "C", "D"]);
    for (const [, tier, docs, tokens] of tiers) {
      expect(Number(docs?.replaceAll(",", ""))).toBe(rank.counters[`tier:${tier}`]);
      expect(Number(tokens?.replaceAll(",", ""))).toBe(rank.counters[`tier_tokens:${tier}`]);
    }
    for (const column of ["density", "rank_pct", "n_words", ...DETECTOR_KINDS.map((k) => `density_vs_${k}`)])
      expect(page, column).toContain(`<b>${column}</b>`);
    expect(page.match(/<article>/g)).toHaveLength(12);
    // `assay report` rebuilds the same page; --sample changes the samples only
    const again = join(work, "again.html");
    expectOk(await assay("report", small, "--out", again, "--quiet"));
    expect(readFileSync(again, "utf8")).toBe(readFileSync(join(small, "report.html"), "utf8"));
    expectOk(await assay("report", small, "--out", again, "--sample", "5", "--quiet"));
    expect(readFileSync(again, "utf8").match(/<article>/g)).toHaveLength(20);
    // the run's own files are not a page's place: a report over its manifest is refused, the manifest left whole
    const manifest = readFileSync(join(small, "manifest.json"), "utf8");
    const over = await assay("report", small, "--out", join(small, "manifest.json"));
    expect([over.status, over.stderr]).toEqual([2, expect.stringMatching(/--out .* is inside .* write it beside/)]);
    expect(readFileSync(join(small, "manifest.json"), "utf8")).toBe(manifest);
  });

  it("--min-score keeps only documents whose score reaches the value, and names the score it drops for", async () => {
    const strict = join(work, "strict");
    expectOk(await assay("rank", small, "--out", strict, "--min-score", "density_vs_machine=2", "--quiet"));
    const kept = (await duckdbQuery(
      `SELECT density_vs_machine AS v FROM read_parquet('${strict}/data/*.parquet')`,
    )) as { v: number }[];
    const rejected = (await duckdbQuery(
      `SELECT reject_reason, density_vs_machine AS v FROM read_parquet('${strict}/rejects/*.parquet')`,
    )) as { reject_reason: string; v: number }[];
    expect(kept.length + rejected.length).toBe(smallRows.length);
    // more than 1 in 20 documents, as more than 50 of the 1028 when this test ran on all of them
    expect(rejected.length).toBeGreaterThan(smallRows.length / 20);
    for (const row of kept) expect(row.v).toBeGreaterThanOrEqual(2);
    for (const row of rejected) {
      expect(row.reject_reason).toBe("below_min_score:density_vs_machine");
      expect(row.v).toBeLessThan(2);
    }
    // density is a column of its own in the shards read back, not one of their scores: it is held to all the same
    const dense = join(work, "dense");
    expectOk(await assay("rank", small, "--out", dense, "--min-score", "density=1", "--quiet"));
    const byDensity = (await duckdbQuery(
      `SELECT 'kept' AS side, density, NULL AS reason FROM read_parquet('${dense}/data/*.parquet')
       UNION ALL SELECT 'rejected', density, reject_reason FROM read_parquet('${dense}/rejects/*.parquet')`,
    )) as { side: string; density: number; reason: string | null }[];
    const droppedForDensity = byDensity.filter((r) => r.side === "rejected");
    expect(droppedForDensity.length).toBeGreaterThan(smallRows.length / 20);
    for (const row of droppedForDensity)
      expect([row.reason, row.density < 1]).toEqual(["below_min_score:density", true]);
    for (const row of byDensity.filter((r) => r.side === "kept")) expect(row.density).toBeGreaterThanOrEqual(1);
    // a score no document can have (a typo) is refused before anything is scored or written
    const typo = await assay("rank", small, "--out", join(work, "typo"), "--min-score", "density_vs_machin=2");
    expect([typo.status, typo.stderr.trim().split("\n")]).toEqual([
      2,
      [expect.stringMatching(/density_vs_machin: no such score/)],
    ]);
    expect(existsSync(join(work, "typo"))).toBe(false);
    // the same typo in a config file is the config's mistake, named with its file
    const config = join(work, "typo.json");
    writeFileSync(config, JSON.stringify({ rank: { minScores: { density_vs_machin: 2 } } }));
    const inConfig = await assay("rank", small, "--out", join(work, "typo"), "--config", config);
    expect([inConfig.status, inConfig.stderr]).toEqual([
      1,
      `assay rank: config file ${config}: rank.minScores density_vs_machin: no such score in these documents or density's (e.g. density, density_vs_machine)\n`,
    ]);
  });

  it("--rank-within length ranks each text among texts of its length class", async () => {
    const byLength = join(work, "by-length");
    expectOk(await assay("rank", oneRank, "--out", byLength, "--rank-within", "length", "--quiet"));
    const within = (await duckdbQuery(`SELECT id, n_chars, tier FROM read_parquet('${byLength}/data/*.parquet')`)) as {
      id: string;
      n_chars: number;
      tier: string;
    }[];
    expect(within).toHaveLength(1028);
    expect(json(join(byLength, "manifest.json")).config.rank.within).toBe("length");
    for (const file of ["README.md", "report.html"])
      expect(readFileSync(join(byLength, file), "utf8")).toContain("texts of its length class (up to 5,000 chars");
    // every class spans the tiers by its own quartiles (n_chars counts code points, the classes UTF-16 units: a
    // text near a bound may sit in the next class, hence the margins)
    const tierAShare = (members: { tier: string }[]) => members.filter((r) => r.tier === "A").length / members.length;
    for (const [lo, hi] of [
      [0, 4_900],
      [5_100, 19_500],
      [20_500, Number.POSITIVE_INFINITY],
    ] as const) {
      const members = within.filter((r) => r.n_chars > lo && r.n_chars <= hi);
      expect(members.length).toBeGreaterThan(40);
      expect(tierAShare(members)).toBeGreaterThan(0.2);
      expect(tierAShare(members)).toBeLessThan(0.3);
    }
  });

  it("names bad selections in one line", async () => {
    for (const flags of [
      ["--rank-within", "page"],
      ["--min-score", "density_vs_machine"],
      ["--min-score", "density_vs_machine=high"],
      ["--keep-top", "0"],
      ["--keep-tokens", "0"],
      ["--keep-tokens", "2X"],
      ["--min-tier", "E"],
      ["--cuts", "0.2,0.5,0.7"],
      ["--cuts", " , , "],
      ["--cuts", "0x1,0,0"],
      ["--stage", "x"],
    ]) {
      const result = await assay("rank", PAPERS, "--out", join(work, "bad"), ...flags);
      expect(result.status, flags.join(" ")).toBe(2);
      expect(result.stderr.trim().split("\n"), flags.join(" ")).toHaveLength(1);
    }
    const unranked = await assay("run", PAPERS, "--out", join(work, "bad"), "--no-rank", "--keep-top", "0.5");
    expect(unranked.status).toBe(2);
    expect(unranked.stderr).toMatch(/drop --no-rank/);
    // With more than one rank, run is the streaming pass only: selection flags there would be recorded, never applied.
    const spread = ["--rank", "0", "--world-size", "2", "--min-tier", "B"];
    const multiRank = await assay("run", PAPERS, "--out", join(work, "bad"), ...spread);
    expect([multiRank.status, multiRank.stderr.trim().split("\n").length]).toEqual([2, 1]);
    expect(multiRank.stderr).toMatch(/give it --keep-top/);
    expect((await assay("rank", "--help")).stdout).toMatch(/usage: assay rank/);
  });
  it("a rerun over other inputs leaves only its own shards in data/, none of the earlier run's", async () => {
    const dir = papersDir("rerun", { "many.jsonl": [0, 8], "few.jsonl": [0, 2] });
    writeFileSync(join(dir, "config.json"), JSON.stringify({ shard: { maxRows: 2 } }));
    const out = join(dir, "out");
    for (const input of ["many.jsonl", "few.jsonl"])
      expectOk(await assay("rank", join(dir, input), "--out", out, "--config", join(dir, "config.json"), "-q"));
    expect(readdirSync(join(out, "data"))).toEqual(["part-00000-00000.parquet"]);
    const rows = await duckdbQuery(
      `SELECT count(*)::INTEGER AS n FROM read_parquet('${join(out, "data", "*.parquet")}')`,
    );
    expect(rows[0]?.n).toBe(2);
  });
  it("assay run over other inputs reruns every pass; its own shards, by any path, are refused as input", async () => {
    const dir = papersDir("rerun-run", { "three.jsonl": [0, 3], "two.jsonl": [3, 5] });
    const out = join(dir, "out");
    expectOk(await assay("run", join(dir, "three.jsonl"), "--out", out, "-q"));
    const again = await assay("run", join(dir, "two.jsonl"), "--out", out);
    expectOk(again);
    expect(again.stdout).not.toMatch(/already complete/);
    const manifest = json(join(out, "manifest.json"));
    expect(manifest.counts.in).toBe(2);
    const rows = await duckdbQuery(
      `SELECT count(*)::INTEGER AS n FROM read_parquet('${join(out, "data", "*.parquet")}')`,
    );
    expect(rows[0]?.n).toBe(manifest.counts.kept);

    const shard = join(out, "data", "part-00000-00000.parquet");
    symlinkSync(shard, join(dir, "link.parquet"));
    const refusals = [
      ["filter", join(dir, "link.parquet"), "--out", out],
      ["ingest", shard, join(dir, "two.jsonl"), "--out", out, "--rank", "1", "--world-size", "2"],
      ["dedup", join(out, "data"), "--out", out],
      ["run", join(out, "data"), "--out", out],
    ];
    for (const args of refusals) {
      const refused = await assay(...args);
      expect(refused.status, args.join(" ")).toBe(1);
      expect(refused.stderr, args.join(" ")).toMatch(/is where input .* lies/);
    }
    expect(readdirSync(join(out, "data"))).toEqual(["part-00000-00000.parquet"]);
    expect(existsSync(join(out, "dedup"))).toBe(false);
  });
});
