// `assay run` on the shared corpus: every broken file ends where its manifest says, born-digital papers yield
// real text, nothing is lost, and the shards open in DuckDB unchanged.
import { copyFileSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { duckdbQuery } from "../duckdb.js";
import { tempDir } from "../temp-dir.js";
import { assay, CORPUS } from "./cli.js";

const haveCorpus = existsSync(join(CORPUS, "broken/manifest.tsv"));
if (!haveCorpus) console.warn(`skipping corpus end-to-end tests: ${CORPUS} is absent`);

type Row = {
  id: string;
  stage?: string;
  reject_reason?: string;
  n_chars: number;
  pages: number | null;
  text: string;
  damaged_pages: number | null;
  tier: string | null;
  duplicate_of: string | null;
};

async function outcomes(out: string): Promise<Map<string, Row>> {
  const cols = "id, n_chars, pages, text, damaged_pages, tier";
  const kept = existsSync(join(out, "data"))
    ? await duckdbQuery(
        `SELECT ${cols}, NULL AS stage, NULL AS reject_reason, NULL AS duplicate_of FROM read_parquet('${out}/data/*.parquet', union_by_name = true)`,
      )
    : [];
  const rejected = existsSync(join(out, "rejects"))
    ? await duckdbQuery(
        `SELECT ${cols}, stage, reject_reason, duplicate_of FROM read_parquet('${out}/rejects/*.parquet', union_by_name = true)`,
      )
    : [];
  const all = [...kept, ...rejected] as unknown as Row[];
  const byId = new Map(all.map((row) => [row.id, row]));
  expect(byId.size).toBe(all.length);
  return byId;
}

function manifest(out: string) {
  return JSON.parse(readFileSync(join(out, "manifest.json"), "utf8"));
}

describe.skipIf(!haveCorpus)("assay run on ../shared/corpus", () => {
  const broken = tempDir("assay-broken-");
  const papers = tempDir("assay-papers-");
  let brokenRows: Map<string, Row>;
  let paperRows: Map<string, Row>;

  beforeAll(async () => {
    const [a, b] = await Promise.all([
      assay(
        "run",
        join(CORPUS, "broken"),
        "--out",
        broken,
        "--workers",
        "1",
        "--ocr",
        "never",
        "--no-dedup",
        "--no-rank",
      ),
      assay("run", join(CORPUS, "born-digital"), "--out", papers, "--workers", "2", "--ocr", "never"),
    ]);
    expect(a.status, a.stderr).toBe(0);
    expect(b.status, b.stderr).toBe(0);
    brokenRows = await outcomes(broken);
    paperRows = await outcomes(papers);
  }, 600_000);

  it("accounts for every input: in = kept + rejected, one row per file", () => {
    for (const [out, rows, files] of [
      [broken, brokenRows, 16],
      [papers, paperRows, 52],
    ] as const) {
      const m = manifest(out);
      expect(m.inputs).toHaveLength(files);
      expect(m.counts).toMatchObject({ in: files, balanced: true });
      expect(m.counts.kept + m.counts.rejected).toBe(files);
      expect(rows.size).toBe(files);
      for (const input of m.inputs) expect(input.sha256).toMatch(/^[0-9a-f]{64}$/);
    }
  });

  it("writes a dataset card whose default config loads data/ alone, with the run's counts and tiers", () => {
    for (const out of [broken, papers]) {
      const card = readFileSync(join(out, "README.md"), "utf8");
      const header = card.split("---\n")[1] as string;
      expect(header.match(/path: \S+/g)).toEqual(["path: data/*.parquet", "path: rejects/*.parquet"]);
      const count = (label: string) => Number(new RegExp(`^\\| ${label}[^|]* \\| (\\d+) \\|$`, "m").exec(card)?.[1]);
      const m = manifest(out);
      expect([count("in"), count("kept"), count("rejected")]).toEqual([m.counts.in, m.counts.kept, m.counts.rejected]);
    }
    // The papers run ranked: its kept documents are all in the tier table.
    const tiers = [...readFileSync(join(papers, "README.md"), "utf8").matchAll(/^\| ([A-D]) \| (\d+) \| (\d+) \|$/gm)];
    expect(tiers.map((t) => t[1])).toEqual(["A", "B", "C", "D"]);
    expect(tiers.reduce((sum, t) => sum + Number(t[2]), 0)).toBe(manifest(papers).counts.kept);
  });

  it("writes report.html with every reject reason of the run and sample documents", () => {
    for (const out of [broken, papers]) {
      const page = readFileSync(join(out, "report.html"), "utf8");
      const stats = JSON.parse(readFileSync(join(out, "stats.json"), "utf8")).steps as {
        name: string;
        reject_reasons: Record<string, number>;
      }[];
      for (const step of stats)
        for (const [reason, n] of Object.entries(step.reject_reasons))
          expect(page, reason).toContain(`<td>${step.name}</td><td><code>${reason}</code></td><td class="n">${n}</td>`);
      expect(page).toMatch(/<article><h4>/);
    }
    // a later pass's step named as an earlier one's takes its pass's name: every step is found by its name
    const names = (JSON.parse(readFileSync(join(papers, "stats.json"), "utf8")).steps as { name: string }[]).map(
      (step) => step.name,
    );
    expect(new Set(names).size).toBe(names.length);
    expect(names.filter((name) => name.endsWith("density"))).toEqual(["density", "rank:density"]);
    // the passes of the chained run write no report of their own: the composed one covers them all
    for (const pass of ["filter", "dedup", "rank"])
      expect(existsSync(join(papers, "stages", pass, "report.html"))).toBe(false);
    // the broken run did not rank: its kept documents are shown unranked
    expect(readFileSync(join(broken, "report.html"), "utf8")).toContain("<h3>Kept (not ranked)</h3>");
  });

  it("fills licences from arXiv's metadata and keeps only the open ones with --licenses open", async () => {
    const papersKept = (await duckdbQuery(
      `SELECT id, arxiv_id FROM read_parquet('${papers}/data/*.parquet') ORDER BY id`,
    )) as { id: string; arxiv_id: string | null }[];
    const arxiv = papersKept.filter((r) => r.arxiv_id !== null);
    expect(arxiv.length).toBeGreaterThan(20);
    // every third paper CC BY, every third arXiv's own licence, every third none; the last one is not in the file
    const licence = (i: number) =>
      ["http://creativecommons.org/licenses/by/4.0/", "http://arxiv.org/licenses/nonexclusive-distrib/1.0/", null][
        i % 3
      ] ?? null;
    const work = tempDir("assay-rights-");
    const metadata = join(work, "arxiv-metadata.jsonl");
    writeFileSync(
      metadata,
      arxiv
        .slice(0, -1)
        .map((r, i) => `${JSON.stringify({ id: r.arxiv_id, license: licence(i), title: r.id })}\n`)
        .join(""),
    );
    const out = join(work, "open");
    const result = await assay(
      "filter",
      papers,
      "--out",
      out,
      "--arxiv-metadata",
      metadata,
      "--licenses",
      "open",
      "-q",
    );
    expect(result.stderr).toBe("");
    expect(result.status).toBe(0);

    const kept = (await duckdbQuery(`SELECT id, license FROM read_parquet('${out}/data/*.parquet') ORDER BY id`)) as {
      id: string;
      license: string;
    }[];
    const ccBy = arxiv.slice(0, -1).filter((_, i) => i % 3 === 0);
    expect(kept.map((r) => r.id)).toEqual(ccBy.map((r) => r.id));
    for (const row of kept) expect(row.license).toBe("CC-BY-4.0");
    const rejected = (await duckdbQuery(
      `SELECT reject_reason, count(*)::INT AS n FROM read_parquet('${out}/rejects/*.parquet') WHERE stage = 'rights' GROUP BY 1 ORDER BY 1`,
    )) as { reject_reason: string; n: number }[];
    const arxivOnly = arxiv.slice(0, -1).filter((_, i) => i % 3 === 1).length;
    expect(rejected).toEqual([
      { reject_reason: "license_not_allowed:LicenseRef-arXiv-nonexclusive-distrib-1.0", n: arxivOnly },
      { reject_reason: "license_unknown", n: papersKept.length - kept.length - arxivOnly },
    ]);
    const rights = JSON.parse(readFileSync(join(out, "stats.json"), "utf8")).steps[1];
    expect(rights.name).toBe("rights");
    expect(rights.counters).toEqual({
      license_from_metadata: ccBy.length + arxivOnly,
      metadata_without_license: arxiv.length - 1 - ccBy.length - arxivOnly,
      arxiv_id_not_in_metadata: 1,
      // every document rejected license_unknown, counted whether or not a selection rejects it
      without_license: papersKept.length - kept.length - arxivOnly,
    });
    // the metadata file is part of the run's provenance, hashed like an input
    const { config_files } = JSON.parse(readFileSync(join(out, "manifest.json"), "utf8"));
    expect(config_files).toEqual([
      { path: metadata, bytes: statSync(metadata).size, sha256: expect.stringMatching(/^[0-9a-f]{64}$/) },
    ]);
    expect(manifest(papers).config_files).toEqual([]);
    expect(readFileSync(join(out, "README.md"), "utf8")).toContain("Only documents under `open` were kept");
    expect(readFileSync(join(out, "report.html"), "utf8")).toMatch(
      new RegExp(`<tr><td><code>CC-BY-4.0</code></td><td class="n">${kept.length}</td>`),
    );
  });

  it("takes an arXiv id from the file name of a PDF without the stamp, never over the stamp", async () => {
    const work = tempDir("assay-arxiv-name-");
    const born = join(CORPUS, "born-digital");
    copyFileSync(join(born, "acl2016_lin_selective-attention-relation-extraction.pdf"), join(work, "1706.03762v5.pdf"));
    copyFileSync(join(born, "arxiv-1409.0473v7_bahdanau-attention.pdf"), join(work, "2101.00001v1.pdf"));
    const out = join(work, "out");
    const result = await assay("ingest", work, "--out", out, "--ocr", "never", "--quiet");
    expect(result.status, result.stderr).toBe(0);
    const rows = await duckdbQuery(
      `SELECT id, arxiv_id, arxiv_version FROM read_parquet('${out}/data/*.parquet') ORDER BY id`,
    );
    expect(rows).toEqual([
      { id: "1706.03762v5", arxiv_id: "1706.03762", arxiv_version: 5 },
      { id: "2101.00001v1", arxiv_id: "1409.0473", arxiv_version: 7 },
    ]);
    expect(JSON.parse(readFileSync(join(out, "stats.json"), "utf8")).steps[0].counters.arxiv_id_from_file_name).toBe(1);
  });

  it("rejects non-PDFs by magic bytes and encrypted or unrecoverable files with their reason", () => {
    const reason = (id: string) => [brokenRows.get(id)?.stage, brokenRows.get(id)?.reject_reason];
    expect(reason("zero-bytes")).toEqual(["ingest", "not_pdf:empty"]);
    expect(reason("html-arxiv-placeholder_1606.04934")).toEqual(["ingest", "not_pdf:html"]);
    expect(reason("git-lfs-pointer_He_Deep_Residual_Learning_CVPR_2016_paper")).toEqual([
      "ingest",
      "not_pdf:git-lfs-pointer",
    ]);
    expect(reason("png-page-image_renamed")).toEqual(["ingest", "not_pdf:png"]);
    expect(reason("gzip-compressed_arxiv-1803.06373v1")).toEqual(["ingest", "not_pdf:gzip"]);
    expect(reason("encrypted-user-password_aes256")).toEqual(["ingest", "encrypted"]);
    expect(reason("encrypted-owner-password-only_aes128_no-extract")).toEqual(["ingest", "extraction_not_permitted"]);
    expect(reason("truncated-50pct_arxiv-1512.03385v1")).toEqual(["ingest", "damaged"]);
  });

  it("recovers files pdf.js can rebuild, with the text of the original", () => {
    const original = paperRows.get("arxiv-1409.3215v3_seq2seq") as Row;
    for (const id of ["corrupt-xref-offsets_arxiv-1409.3215v3", "corrupt-startxref-beyond-eof_arxiv-1409.3215v3"]) {
      const row = brokenRows.get(id) as Row;
      expect(row.reject_reason ?? null).toBeNull();
      expect(row.pages).toBe(9);
      expect(row.text).toBe(original.text);
    }
    const tail = brokenRows.get("truncated-last-2KiB_arxiv-1512.03385v1") as Row;
    expect(tail.pages).toBe(12);
    expect(tail.n_chars).toBeGreaterThan(0.9 * (paperRows.get("arxiv-1512.03385v1_resnet")?.n_chars ?? 0));
    const junk = brokenRows.get("leading-junk-http-headers_arxiv-1408.5882v2") as Row;
    expect(junk.text).toBe(paperRows.get("arxiv-1408.5882v2_kim-cnn-sentence")?.text);
  });

  it("keeps a document with a damaged content stream, page flagged, other pages intact", () => {
    const row = brokenRows.get("corrupt-content-stream_arxiv-1409.3215v3") as Row;
    expect(row.damaged_pages).toBe(1);
    expect(row.n_chars).toBeGreaterThan(0.8 * (paperRows.get("arxiv-1409.3215v3_seq2seq")?.n_chars ?? 0));
  });

  it("dedup keeps an intact copy of a paper over the copy with a damaged page, though that one is denser", async () => {
    // The three readable copies of 1409.3215v3 on their own: the broken run above skips dedup.
    const work = tempDir("assay-damaged-dedup-");
    const inputs = join(work, "in");
    mkdirSync(inputs);
    const copies = ["corrupt-content-stream", "corrupt-xref-offsets", "corrupt-startxref-beyond-eof"];
    for (const copy of copies) {
      const name = `${copy}_arxiv-1409.3215v3.pdf`;
      copyFileSync(join(CORPUS, "broken", name), join(inputs, name));
    }
    const out = join(work, "out");
    const result = await assay("run", inputs, "--out", out, "--workers", "1", "--ocr", "never", "--no-rank");
    expect(result.status, result.stderr).toBe(0);
    const rows = await outcomes(out);
    const intact = "corrupt-startxref-beyond-eof_arxiv-1409.3215v3";
    expect(rows.get(intact)?.reject_reason ?? null).toBeNull();
    expect(rows.get("corrupt-xref-offsets_arxiv-1409.3215v3")?.duplicate_of).toBe(intact);
    expect(rows.get("corrupt-content-stream_arxiv-1409.3215v3")).toMatchObject({
      damaged_pages: 1,
      reject_reason: "duplicate",
      duplicate_of: intact,
    });
  }, 120_000);

  it("reads the 2,250-page file in full and leaves it to the filters; the slide deck is not a paper", () => {
    const huge = brokenRows.get("huge-page-count_2250pages_distillation-x250") as Row;
    expect(huge.pages).toBe(2250);
    expect(huge.stage).not.toBe("ingest");
    const slides = brokenRows.get("not-a-paper_slides_senet-cvpr2017-talk") as Row;
    expect(slides.stage).toBeDefined();
    expect(slides.stage).not.toBe("ingest");
  });

  it("extracts real text from every born-digital paper, keeps one copy of each paper, ranks what it keeps", () => {
    for (const [id, row] of paperRows) {
      expect(row.n_chars, id).toBeGreaterThan(10_000);
      expect(row.pages, id).toBeGreaterThan(0);
    }
    const rows = [...paperRows.values()];
    const kept = rows.filter((row) => !row.reject_reason);
    const duplicates = rows.filter((row) => row.reject_reason === "duplicate");
    expect(rows.length - kept.length - duplicates.length).toBeLessThanOrEqual(2);
    // 12 dup_groups in the corpus: at least one copy of each is removed, and each points at a kept document.
    expect(duplicates.length).toBeGreaterThanOrEqual(12);
    const keptIds = new Set(kept.map((row) => row.id));
    for (const row of duplicates) expect(keptIds.has(row.duplicate_of as string), row.id).toBe(true);
    expect(paperRows.get("arxiv-1810.04805v1_bert")?.duplicate_of).toBe("arxiv-1810.04805v2_bert");
    for (const row of kept) expect(["A", "B", "C", "D"]).toContain(row.tier);
  });

  it("cuts the references out when the config asks", async () => {
    const dir = tempDir("assay-refs-");
    const config = join(dir, "config.json");
    writeFileSync(config, JSON.stringify({ ingest: { dropSections: ["references"] } }));
    const paper = join(CORPUS, "born-digital/arxiv-1409.3215v3_seq2seq.pdf");
    const result = await assay("ingest", paper, "--out", join(dir, "out"), "--config", config, "--ocr", "never");
    expect(result.status, result.stderr).toBe(0);
    const [row] = await duckdbQuery(`SELECT text FROM read_parquet('${dir}/out/data/*.parquet')`);
    const full = paperRows.get("arxiv-1409.3215v3_seq2seq")?.text as string;
    const cut = row?.text as string;
    expect(full).toMatch(/\nReferences\n/);
    expect(cut).not.toMatch(/\nReferences\n/);
    expect(cut.length).toBeLessThan(full.length * 0.9);
    expect(full.startsWith(cut.slice(0, 2000))).toBe(true);
  }, 120_000);

  it("writes stats per step with reject reasons that add up", () => {
    const stats = JSON.parse(readFileSync(join(broken, "stats.json"), "utf8"));
    const ingest = stats.steps[0];
    expect(ingest.name).toBe("ingest");
    expect(ingest.docs_in).toBe(16);
    const rejected = stats.steps.reduce((sum: number, step: { rejected: number }) => sum + step.rejected, 0);
    expect(rejected).toBe(manifest(broken).counts.rejected);
    expect(ingest.counters.pages).toBeGreaterThan(2250);
  });
});
