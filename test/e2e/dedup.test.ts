// `assay dedup` end to end: datatrove's removed ids on text-dev land in rejects/, counts balance, an earlier
// command's output dir is a valid input, and the staged multi-rank run gives the same result as one process.
import { existsSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { duckdbQuery } from "../duckdb.js";
import { tempDir } from "../temp-dir.js";
import { assay, ROOT } from "./cli.js";

const DIR = join(ROOT, "../shared/reference/text-dev");
const DOCS = join(DIR, "docs.jsonl");
const present = existsSync(DOCS);
if (!present) console.warn(`skipping assay dedup end-to-end tests: ${DIR} absent`);

const lines = (path: string) =>
  readFileSync(path, "utf8")
    .split("\n")
    .filter((l) => l.trim());

interface Counts {
  in: number;
  kept: number;
  rejected: number;
  balanced: boolean;
}
const countsOf = (out: string) =>
  (JSON.parse(readFileSync(join(out, "manifest.json"), "utf8")) as { counts: Counts }).counts;

async function rejectedIds(out: string): Promise<string[]> {
  const rows = await duckdbQuery(`SELECT id FROM read_parquet('${out}/rejects/*.parquet') ORDER BY id`);
  return rows.map((r) => String(r.id));
}

describe.skipIf(!present)("assay dedup", () => {
  const dir = tempDir("assay-dedup-e2e-");
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const refRemoved = present ? lines(join(DIR, "datatrove-minhash-removed.txt")).sort() : [];
  const refClustered = present
    ? lines(join(DIR, "datatrove-minhash-clusters.jsonl"))
        .map((l) => (JSON.parse(l) as { id: string }).id)
        .sort()
    : [];

  it("with --datatrove --keep first removes datatrove's ids into rejects/ and keeps what they duplicate, taking an earlier command's output dir (Parquet shards) as input", async () => {
    // assay ingest's output dir as input (the staged run below reads the JSON Lines)
    const ingested = join(dir, "ingested");
    const ingest = await assay("ingest", DOCS, "--out", ingested);
    expect(ingest.status, ingest.stderr).toBe(0);
    const out = join(dir, "compat");
    const clusters = join(dir, "clusters.jsonl");
    const result = await assay(
      "dedup",
      ingested,
      "--out",
      out,
      "--datatrove",
      "--keep",
      "first",
      "--clusters",
      clusters,
    );
    expect(result.status, result.stderr).toBe(0);
    expect(refRemoved.length).toBeGreaterThan(20);
    expect(await rejectedIds(out)).toEqual(refRemoved);

    const counts = countsOf(out);
    expect(counts).toMatchObject({ in: lines(DOCS).length, rejected: refRemoved.length, balanced: true });
    expect(counts.in).toBe(countsOf(ingested).kept);
    expect(counts.kept + counts.rejected).toBe(counts.in);

    const clustered = lines(clusters).map((l) => JSON.parse(l) as { id: string; cluster_id: string });
    expect(clustered.map((c) => c.id).sort()).toEqual(refClustered);

    // every duplicate points at a kept doc of its own cluster
    const orphans = await duckdbQuery(
      `SELECT r.id, r.reject_reason, r.duplicate_of FROM read_parquet('${out}/rejects/*.parquet') r
       LEFT JOIN read_parquet('${out}/data/*.parquet') d ON d.id = r.duplicate_of AND d.dup_cluster = r.dup_cluster
       WHERE d.id IS NULL OR r.reject_reason <> 'duplicate' OR r.stage <> 'dedup'`,
    );
    expect(orphans).toEqual([]);

    // --clusters naming an input is refused before anything is written over it
    const copy = join(dir, "copy.jsonl");
    writeFileSync(copy, readFileSync(DOCS));
    const overInput = await assay("dedup", copy, "--out", join(dir, "over-input"), "--clusters", copy);
    expect([overInput.status, overInput.stderr]).toEqual([1, expect.stringMatching(/--clusters .* is the input/)]);
    expect(readFileSync(copy, "utf8")).toBe(readFileSync(DOCS, "utf8"));

    const again = await assay("dedup", ingested, "--out", out, "--keep", "best");
    expect(again.status).toBe(1);
    expect(again.stderr).toMatch(/other options/);
  }, 180_000);

  // The staged run over two ranks, each reading half of text-dev; the test after it changes rank 0's half.
  const docs = present ? lines(DOCS) : [];
  const half = Math.ceil(docs.length / 2);
  const parts = [join(dir, "part0.jsonl"), join(dir, "part1.jsonl")];
  const staged = join(dir, "ranks");
  const clustersFile = join(dir, "ranks-clusters.jsonl");
  const stage = (name: string, ...extra: string[]) =>
    assay("dedup", ...parts, "--out", staged, "--datatrove", "--stage", name, ...extra);

  it("runs stage by stage over two ranks with the same result as one process", async () => {
    writeFileSync(parts[0] as string, `${docs.slice(0, half).join("\n")}\n`);
    writeFileSync(parts[1] as string, `${docs.slice(half).join("\n")}\n`);

    const early = await stage("apply", "--rank", "0", "--world-size", "2");
    expect(early.status).toBe(1);
    expect(early.stderr).toMatch(/run --stage clusters first/);
    const together = await assay("dedup", ...parts, "--out", join(dir, "x"), "--world-size", "2");
    expect(together.status).toBe(2);
    expect(together.stderr).toMatch(/--stage all runs in one process/);
    // A usage error leaves nothing behind: the corrected command must find --out as it was.
    expect(existsSync(join(dir, "x"))).toBe(false);

    for (const name of ["signatures", "buckets"]) {
      for (const rank of ["0", "1"]) {
        const r = await stage(name, "--rank", rank, "--world-size", "2");
        expect(r.status, r.stderr).toBe(0);
      }
    }
    // the clusters stage writes --clusters, as one process does
    const clusters = await stage("clusters", "--input-ranks", "2", "--clusters", clustersFile);
    expect(clusters.status, clusters.stderr).toBe(0);
    const clustered = lines(clustersFile).map((l) => (JSON.parse(l) as { id: string }).id);
    expect(clustered.sort()).toEqual(refClustered);
    const first = await stage("apply", "--rank", "0", "--world-size", "2");
    expect(first.stdout).toMatch(/waiting for other ranks/);
    const last = await stage("apply", "--rank", "1", "--world-size", "2");
    expect(last.status, last.stderr).toBe(0);
    expect(countsOf(staged)).toMatchObject({ in: docs.length, rejected: refRemoved.length, balanced: true });
    expect(await rejectedIds(staged)).toEqual(refRemoved);
  }, 180_000);

  it("refuses stale buckets and clusters, and runs apply again on a rank whose decisions changed", async () => {
    expect(existsSync(join(staged, "manifest.json")), "the staged run of the test above").toBe(true);
    const before = countsOf(staged);
    const every = async (name: string) => {
      for (const rank of ["0", "1"]) {
        const r = await stage(name, "--rank", rank, "--world-size", "2");
        expect(r.status, r.stderr).toBe(0);
      }
    };

    // Run again over the same inputs, a stage finds its work done and leaves its files as they were.
    const signatures1 = join(staged, "dedup/signatures/rank-00001/sigs.bin");
    const clustersWritten = statSync(join(staged, "dedup/clusters.jsonl")).mtimeMs;
    const signed = statSync(signatures1).mtimeMs;
    const again = await stage("signatures", "--rank", "1", "--world-size", "2");
    expect(again.stdout).toMatch(/^dedup: rank 1 of 2: \d+ signatures kept: its inputs and options are unchanged/);
    const buckets = await stage("buckets", "--rank", "1", "--world-size", "2");
    expect(buckets.stdout).toMatch(/^dedup: rank 1 of 2: (\d+) of \1 buckets kept: their signatures and options/);
    const reclustered = await stage("clusters", "--input-ranks", "2", "--clusters", clustersFile);
    expect(reclustered.stdout).toMatch(
      /; kept: the signatures, pairs and options are unchanged since they were clustered\n$/,
    );
    expect([statSync(signatures1).mtimeMs, statSync(join(staged, "dedup/clusters.jsonl")).mtimeMs]).toEqual([
      signed,
      clustersWritten,
    ]);
    // an output gone is made again: rank 1's bucket 1 alone
    rmSync(join(staged, "dedup/pairs/bucket-001.bin"));
    const repaired = await stage("buckets", "--rank", "1", "--world-size", "2");
    const [, kept, all] = /(\d+) of (\d+) buckets kept/.exec(repaired.stdout) ?? [];
    expect(Number(kept)).toBe(Number(all) - 1);
    expect(existsSync(join(staged, "dedup/pairs/bucket-001.bin"))).toBe(true);

    // Rank 0 gains a copy of a doc of rank 1 that duplicated nothing: with --keep first the copy, read first, is kept.
    const clustered = new Set(
      lines(join(staged, "dedup/clusters.jsonl")).map((l) => (JSON.parse(l) as { id: string }).id),
    );
    const copied = docs
      .slice(half)
      .map((line) => JSON.parse(line) as { id: string })
      .find((doc) => !clustered.has(doc.id)) as { id: string };
    writeFileSync(
      parts[0] as string,
      `${docs.slice(0, half).join("\n")}\n${JSON.stringify({ ...copied, id: "the-copy" })}\n`,
    );
    // Applied before its signatures are made again, the changed file would take stage 1's decisions by id and order
    const unsigned = await stage("apply", "--rank", "0", "--world-size", "2");
    expect([unsigned.status, unsigned.stderr]).toEqual([1, expect.stringMatching(/changed after rank 0's signatures/)]);
    const resigned = await stage("signatures", "--rank", "0", "--world-size", "2");
    expect(resigned.status, resigned.stderr).toBe(0);
    expect(resigned.stdout).not.toMatch(/kept/);
    const staleBuckets = await stage("clusters", "--input-ranks", "2", "--clusters", clustersFile);
    expect(staleBuckets.status).toBe(1);
    expect(staleBuckets.stderr).toMatch(/run --stage buckets again on every rank/);
    const staleClusters = await stage("apply", "--rank", "0", "--world-size", "2");
    expect(staleClusters.status).toBe(1);
    expect(staleClusters.stderr).toMatch(/rank 0's signatures .* changed after the clusters were made/);
    const misplaced = await stage("apply", "--rank", "0", "--world-size", "2", "--clusters", join(dir, "c.jsonl"));
    expect(misplaced.status).toBe(2);

    await every("buckets");
    expect((await stage("clusters", "--input-ranks", "2", "--clusters", clustersFile)).status).toBe(0);
    // Rank 1 applies the new clusters first: rank 0's rows of the old ones must not be published with its
    const second = await stage("apply", "--rank", "1", "--world-size", "2");
    expect([second.status, second.stdout]).toEqual([0, expect.stringMatching(/waiting for other ranks/)]);
    expect(existsSync(join(staged, "manifest.json"))).toBe(false);
    await every("apply");
    // Rank 1's inputs did not change, yet its doc is now the duplicate: it was run again, not resumed.
    expect(countsOf(staged)).toMatchObject({ in: before.in + 1, rejected: before.rejected + 1, balanced: true });
    const rows = await duckdbQuery(
      `SELECT id, duplicate_of FROM read_parquet('${staged}/rejects/*.parquet') WHERE id = '${copied.id}'`,
    );
    expect(rows).toEqual([{ id: copied.id, duplicate_of: "the-copy" }]);
  }, 120_000);
});

describe("assay dedup --keep best over docs without density", () => {
  const dir = tempDir("assay-dedup-keep-");
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const clean = [
    "We study the convergence of stochastic gradient descent on objectives that satisfy the Polyak-Lojasiewicz condition. Earlier analyses assume strong convexity, which fails for the overparameterised networks used in practice. We show that a step size of 1/L with mini-batches of size b reaches an error of epsilon after O(kappa log(1/epsilon) / b) iterations, where kappa is the condition number of the problem.",
    "Our argument rests on two observations. First, the gradient noise of a mini-batch shrinks in proportion to 1/b, so that the variance term in the descent lemma can be bounded by the optimality gap. Second, the Polyak-Lojasiewicz inequality relates the squared gradient norm to that gap. Combining both gives a linear rate up to a noise floor that vanishes as the batch grows.",
    "We test the bound on logistic regression over the covtype data set (581,012 examples, 54 features) and on a two-layer network trained on CIFAR-10. In both cases the measured number of iterations to reach a loss within 0.01 of the optimum follows the predicted dependence on the batch size: doubling b from 64 to 128 reduces the iterations by a factor of 1.9 on covtype and 1.8 on CIFAR-10.",
    "The analysis has limits. It requires the smoothness constant L, which is rarely known; in our experiments we estimate it by a line search on the first 100 iterations. It also says nothing about generalisation: a faster optimiser may find a solution that tests worse. Table 2 reports the test accuracy of every run, which varies by less than 0.3 points across batch sizes.",
    "Related work has obtained similar rates under stronger assumptions. Karimi et al. (2016) prove linear convergence of full gradient descent under the same condition, and Bassily et al. (2018) extend it to the interpolation regime, where the noise floor is zero. Our result covers the general case with noise, at the cost of a rate that depends on the batch size.",
    "In future work we plan to relax the smoothness assumption, which excludes networks with ReLU activations, and to study adaptive step sizes such as those of Adam, whose convergence under the Polyak-Lojasiewicz condition remains open.",
  ].join("\n\n");
  const furniture = [
    "Download PDF",
    "Share on Twitter | Share on Facebook",
    "Advertisement",
    "Sign up for our newsletter",
  ];
  // A site's furniture after every paragraph: the longest copy.
  const withJunk = clean
    .split("\n\n")
    .map((paragraph, i) => `${paragraph}\n\n${furniture[i % furniture.length]}`)
    .join("\n\n");
  // Two letters swapped in every 40th word: as long as the clean copy, and its id sorts first.
  const swapped = (word: string) => (word.length > 4 ? `${word[0]}${word[2]}${word[1]}${word.slice(3)}` : word);
  const withTypos = clean
    .split(" ")
    .map((word, i) => (i % 40 === 7 ? swapped(word) : word))
    .join(" ");
  const docs = join(dir, "docs.jsonl");
  writeFileSync(
    docs,
    [
      { id: "a-junk", text: withJunk },
      { id: "b-typos", text: withTypos },
      { id: "c-clean", text: clean },
    ]
      .map((doc) => `${JSON.stringify(doc)}\n`)
      .join(""),
  );
  const keptIds = async (out: string) =>
    (await duckdbQuery(`SELECT id FROM read_parquet('${out}/data/*.parquet') ORDER BY id`)).map((r) => String(r.id));
  const textsKept = (out: string) => existsSync(join(out, "dedup/signatures/rank-00000/texts.bin"));

  it("keeps the clean copy over one with junk inserted and one with typos, scoring the cluster's density", async () => {
    const out = join(dir, "best");
    const clusters = join(dir, "clusters.jsonl");
    const result = await assay("dedup", docs, "--out", out, "--clusters", clusters);
    expect(result.status, result.stderr).toBe(0);
    expect(lines(clusters).map((l) => JSON.parse(l))).toEqual(
      ["a-junk", "b-typos", "c-clean"].map((id) => ({ id, cluster_id: "c-clean" })),
    );
    expect(await keptIds(out)).toEqual(["c-clean"]);
    expect(textsKept(out)).toBe(true);
    // What was scored to choose is on every row of the cluster, kept and removed, as the density step writes it: no
    // later pass scores them again, and a removed copy shows why it lost.
    const scored = await duckdbQuery(
      `SELECT id, density, density_model, density_vs_machine FROM read_parquet(['${out}/data/*.parquet', '${out}/rejects/*.parquet'], union_by_name = true) ORDER BY density DESC`,
    );
    expect(scored.map((row) => row.id)).toEqual(["c-clean", "b-typos", "a-junk"]);
    for (const row of scored) {
      expect(typeof row.density_vs_machine).toBe("number");
      expect(row.density_model).toMatch(/^[0-9a-f]{8,}$/);
    }
  }, 60_000);

  it("leaves datatrove's first policy as it was: the union-find's root, whatever it scores, and no texts kept", async () => {
    const out = join(dir, "first");
    const result = await assay("dedup", docs, "--out", out, "--keep", "first");
    expect(result.status, result.stderr).toBe(0);
    expect(await keptIds(out)).toEqual(["b-typos"]);
    expect(textsKept(out)).toBe(false);
  }, 60_000);
});

describe("assay dedup, staged, when two ranks each read a document under one id", () => {
  const dir = tempDir("assay-dedup-repeated-id-");
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const paper =
    "We measure the thermal conductivity of thin silicon films between 20 and 300 K. Films thinner than 100 nm conduct heat up to five times worse than bulk silicon, because phonons scatter at the film's surfaces. A Boltzmann transport model with a specularity of 0.3 reproduces the measured values within 8 percent.";
  const other =
    "Rainfall in the upper Nile basin varies by a factor of two between wet and dry decades. We reconstruct it from lake sediments over the last 4,000 years and find that the dry periods coincide with a weaker West African monsoon, not with changes in Indian Ocean temperature.";
  const write = (name: string, docs: { id: string; text: string }[]) => {
    writeFileSync(join(dir, name), docs.map((doc) => `${JSON.stringify(doc)}\n`).join(""));
    return join(dir, name);
  };
  // Each rank takes every second input file: a.jsonl is rank 0's, b.jsonl rank 1's.
  const inputs = [
    write("a.jsonl", [{ id: "shared", text: paper }]),
    write("b.jsonl", [
      { id: "shared", text: other },
      { id: "copy", text: paper },
    ]),
  ];
  const rows = async (out: string, kind: string) =>
    await duckdbQuery(
      `SELECT id, text, ${kind === "rejects" ? "reject_reason, duplicate_of" : "dup_cluster"} FROM read_parquet('${out}/${kind}/*.parquet') ORDER BY id, text`,
    );

  it("rejects the higher rank's as duplicate_id before clustering, as one process does at ingest", async () => {
    const one = join(dir, "one");
    expect((await assay("dedup", ...inputs, "--out", one)).status).toBe(0);
    const staged = join(dir, "staged");
    const clusters = join(dir, "clusters.jsonl");
    const stage = (name: string, ...extra: string[]) =>
      assay("dedup", ...inputs, "--out", staged, "--stage", name, ...extra);
    for (const name of ["signatures", "buckets"])
      for (const rank of ["0", "1"]) expect((await stage(name, "--rank", rank, "--world-size", "2")).status).toBe(0);
    // Without --input-ranks: clusters, run as one task, takes the world size the signatures recorded
    const clustered = await stage("clusters", "--clusters", clusters);
    const fewer = await stage("clusters", "--input-ranks", "1");
    expect([fewer.status, fewer.stderr]).toEqual([2, expect.stringContaining("signatures ran on 2 ranks")]);
    expect(clustered.stdout).toMatch(/1 docs whose id a lower rank's or a published doc has/);
    for (const rank of ["0", "1"]) expect((await stage("apply", "--rank", rank, "--world-size", "2")).status).toBe(0);

    const rejects = await rows(staged, "rejects");
    expect(rejects).toContainEqual({
      id: "shared",
      text: other,
      reject_reason: "duplicate_id",
      duplicate_of: "shared",
    });
    expect(rejects).toEqual(await rows(one, "rejects"));
    expect(await rows(staged, "data")).toEqual(await rows(one, "data"));
    // the clusters file holds the one cluster of near-copies, not the repeated id
    expect(
      lines(clusters)
        .map((l) => (JSON.parse(l) as { id: string }).id)
        .sort(),
    ).toEqual(["copy", "shared"]);
  }, 120_000);
});

describe("assay dedup over texts that normalise to nothing", () => {
  const dir = tempDir("assay-dedup-symbols-");
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("tells them apart by their own text: a run of dots is not a duplicate of a run of brackets, but of itself", async () => {
    const docs = join(dir, "docs.jsonl");
    const symbols = [
      { id: "dots", text: ".".repeat(500) },
      { id: "brackets", text: `${"(".repeat(250)}${")".repeat(250)}` },
      { id: "dashes", text: "— — — ... ---" },
      { id: "dots-again", text: ".".repeat(500) },
    ];
    writeFileSync(docs, symbols.map((doc) => `${JSON.stringify(doc)}\n`).join(""));
    const out = join(dir, "out");
    const result = await assay("dedup", docs, "--out", out, "--keep", "first");
    expect(result.status, result.stderr).toBe(0);
    const rows = await duckdbQuery(`SELECT id, duplicate_of FROM read_parquet('${out}/rejects/*.parquet')`);
    expect(rows).toEqual([{ id: "dots-again", duplicate_of: "dots" }]);
  }, 60_000);
});
