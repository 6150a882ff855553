// report.html from shards made in code: tier and reject figures count every row, document text never becomes
// markup, and the page does not depend on the order of the shards.
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { InputError } from "../../../src/io/inputs.js";
import type { Manifest } from "../../../src/manifest.js";
import { preview } from "../../../src/report/run-contents.js";
import { writeReport } from "../../../src/report/write-report.js";
import type { StepStatsJson } from "../../../src/stats.js";
import { tempDir } from "../../temp-dir.js";

const HOSTILE = '<script>alert("x")</script> & <img src=x onerror=alert(1)>';

function keptRow(i: number) {
  const tier = ["A", "B", "C", "D"][i % 4] as string;
  return {
    id: i === 0 ? `paper-${HOSTILE}` : `paper-${i}`,
    text: `${HOSTILE} word `.repeat(1 + (i % 5)),
    title: `Title ${i}`,
    n_words: 10 + i,
    density: 4 - (i % 4) - i / 1000,
    rank_pct: 1 - (i % 4) / 4 - 0.01,
    tier,
    density_vs_web: 4 - (i % 4),
    density_vs_machine: i % 3 === 0 ? 1 - (i % 4) : 9,
  };
}

function rejectRow(i: number) {
  return {
    id: `junk-${i}`,
    text: "buy now ".repeat(3),
    n_words: 6,
    stage: i % 3 === 0 ? "dedup" : "filter",
    reject_reason: i % 3 === 0 ? "duplicate" : "gopher_short_doc",
  };
}

function writeShard(
  dir: string,
  path: string,
  rows: object[],
): { path: string; rows: number; bytes: number; sha256: string } {
  mkdirSync(join(dir, path, ".."), { recursive: true });
  writeFileSync(join(dir, path), rows.map((row) => `${JSON.stringify(row)}\n`).join(""));
  return { path, rows: rows.length, bytes: 0, sha256: "" };
}

function run(dir: string, dataOrder: "forward" | "reverse", tiers = "ABCD"): Manifest {
  const kept = Array.from({ length: 40 }, (_, i) => keptRow(i)).filter((row) => tiers.includes(row.tier));
  const data = [
    writeShard(dir, "data/part-00000-00000.jsonl", kept.slice(0, 25)),
    writeShard(dir, "data/part-00001-00000.jsonl", kept.slice(25)),
  ];
  const rejects = [
    writeShard(
      dir,
      "rejects/part-00000-00000.jsonl",
      Array.from({ length: 9 }, (_, i) => rejectRow(i)),
    ),
  ];
  return {
    assay_version: "0.1.0",
    command: "rank",
    inputs: [{ path: "in.jsonl", bytes: 1, sha256: "0".repeat(64) }],
    config: { format: "jsonl" },
    config_hash: "abc",
    shards: { data: dataOrder === "forward" ? data : data.reverse(), rejects },
    counts: { in: 49, kept: 40, rejected: 9, balanced: true },
  } as unknown as Manifest;
}

const steps: StepStatsJson[] = [
  {
    name: "rank",
    docs_in: 49,
    docs_out: 40,
    bytes_in: 0,
    bytes_out: 0,
    seconds: 1.5,
    rejected: 9,
    reject_reasons: {},
    counters: {},
  },
];

describe("report.html", () => {
  const dir = tempDir("assay-report-");

  it("counts every kept row per tier and every reject per reason, with what set density", async () => {
    const page = readFileSync(await writeReport(dir, run(dir, "forward"), steps), "utf8");
    const tiers = [
      ...page.matchAll(
        /<tr><td>([A-D])<\/td><td class="n">(\d+)<\/td><td class="n">(\d+)<\/td>.*?<td>([^<]*)<\/td><\/tr>/g,
      ),
    ];
    expect(tiers.map((t) => [t[1], Number(t[2])])).toEqual([
      ["A", 10],
      ["B", 10],
      ["C", 10],
      ["D", 10],
    ]);
    // tokens are whitespace tokens of the text, as in stats.json's tier_tokens
    const tokensA = Array.from({ length: 10 }, (_, j) => keptRow(4 * j))
      .map((row) => row.text.split(/\s+/).filter(Boolean).length)
      .reduce((a, b) => a + b, 0);
    expect(Number(tiers[0]?.[3])).toBe(tokensA);
    expect(tiers[0]?.[4]).toMatch(/^(machine|web) \d+, (machine|web) \d+$/);
    expect(page).toMatch(/<td>filter<\/td><td><code>gopher_short_doc<\/code><\/td><td class="n">6<\/td>/);
    expect(page).toMatch(/<td>dedup<\/td><td><code>duplicate<\/code><\/td><td class="n">3<\/td>/);
    // three samples per tier by default, and distributions of the numeric columns
    expect(page.match(/<article>/g)).toHaveLength(12);
    expect(page).toContain('aria-label="distribution of density_vs_machine"');
    expect(page).toContain("<b>n_words</b>");
  });

  it("says what the ranking selected under the tiers, and nothing when it kept every document", async () => {
    const selected = { ...run(dir, "forward"), config: { format: "jsonl", rank: { keepTokens: 400, minTier: "B" } } };
    const page = readFileSync(await writeReport(dir, selected as unknown as Manifest, steps), "utf8");
    expect(page).toContain(
      "<p>Selected: the best documents up to 400 whitespace tokens in all (--keep-tokens); tier B and above. " +
        "The documents it dropped are in rejects/ with their reasons.</p>",
    );
    expect(readFileSync(await writeReport(dir, run(dir, "forward"), steps), "utf8")).not.toContain("Selected:");
  });

  it("lists every tier of a ranked run, one that kept no document as 0, as stats.json counts it", async () => {
    const page = readFileSync(await writeReport(dir, run(dir, "forward", "AC"), steps), "utf8");
    const tiers = [...page.matchAll(/<tr><td>([A-D])<\/td><td class="n">(\d+)<\/td><td class="n">(\d+)<\/td>/g)];
    expect(tiers.map((t) => [t[1], Number(t[2]), Number(t[3])])).toEqual([
      ["A", 10, expect.any(Number)],
      ["B", 0, 0],
      ["C", 10, expect.any(Number)],
      ["D", 0, 0],
    ]);
    // samples only of the tiers that kept some
    expect(page).toContain("<h3>Tier C</h3>");
    expect(page).not.toContain("<h3>Tier B</h3>");
  });

  it("says how much text no reader sees was left out, by why, and which kept documents had the most", async () => {
    // 12 kept documents with hidden text, in both shards, two of them tied: the ten with the most, most first, ties by id
    const hidden = (i: number) => (i % 3 === 0 ? 5 * i : 0);
    const manifest = run(dir, "reverse");
    for (const shard of manifest.shards.data) {
      const path = join(dir, shard.path);
      const rows = readFileSync(path, "utf8")
        .trim()
        .split("\n")
        .map((line) => JSON.parse(line));
      const id = (row: { id: string }) => Number(row.id.split("-")[1]);
      const withHidden = rows.map((row) => ({ ...row, hidden_chars: id(row) === 9 ? 60 : hidden(id(row)) }));
      writeFileSync(path, withHidden.map((row) => `${JSON.stringify(row)}\n`).join(""));
    }
    const counters = { "hidden_chars:white": 40, "hidden_chars:off_page": 102, pages: 7 };
    const ingest = { ...(steps[0] as StepStatsJson), name: "ingest", counters };
    const page = readFileSync(
      await writeReport(dir, manifest, [ingest, ...steps], undefined, join(dir, "h.html")),
      "utf8",
    );
    const section = page.split('<h2 id="hidden">')[1]?.split("<h2")[0] ?? "";
    const rows = [...section.matchAll(/<tr><td>(?:<code>)?([^<]+)(?:<\/code>)?<\/td><td class="n">(\d+)<\/td><\/tr>/g)];
    expect(rows.map((r) => [r[1], Number(r[2])])).toEqual([
      ["off_page", 102],
      ["white", 40],
      ["paper-39", 195],
      ["paper-36", 180],
      ["paper-33", 165],
      ["paper-30", 150],
      ["paper-27", 135],
      ["paper-24", 120],
      ["paper-21", 105],
      ["paper-18", 90],
      ["paper-15", 75],
      ["paper-12", 60],
    ]);
    expect(section).toContain("<p>13 kept document(s) had text left out; the most:</p>");
    // a run whose PDFs hid nothing (or that read no PDF) has no such section
    expect(readFileSync(await writeReport(dir, run(dir, "forward"), steps), "utf8")).not.toContain('id="hidden"');
  });

  it("never lets document text or ids become markup", async () => {
    const page = readFileSync(
      await writeReport(dir, run(dir, "forward"), steps, undefined, join(dir, "a.html")),
      "utf8",
    );
    expect(page).not.toContain("<script");
    expect(page).not.toContain("<img");
    expect(page).toContain("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &lt;img");
  });

  it("is the same page whatever the order of the shards, and has no timestamp", async () => {
    const a = readFileSync(await writeReport(dir, run(dir, "forward"), steps, undefined, join(dir, "f.html")), "utf8");
    const b = readFileSync(await writeReport(dir, run(dir, "reverse"), steps, undefined, join(dir, "r.html")), "utf8");
    expect(b).toBe(a);
    expect(a).not.toMatch(/\d{4}-\d\d-\d\dT/);
  });
});

describe("report.html of an output whose shards are not all there", () => {
  it("names a shard the manifest lists that is missing or damaged, with what to do", async () => {
    const dir = tempDir("assay-report-");
    const manifest = run(dir, "forward");
    rmSync(join(dir, "data/part-00001-00000.jsonl"));
    await expect(writeReport(dir, manifest, steps)).rejects.toThrow(
      new InputError(
        `${join(dir, "data/part-00001-00000.jsonl")}, listed in ${join(dir, "manifest.json")}, is missing: ` +
          `run the command that wrote ${dir} again`,
      ),
    );
    const damaged = { path: "data/part-00002-00000.parquet", rows: 1, bytes: 0, sha256: "" };
    writeFileSync(join(dir, damaged.path), "PAR1 not a footer PAR1");
    const withDamaged = { ...manifest, shards: { data: [damaged], rejects: [] } } as Manifest;
    await expect(writeReport(dir, withDamaged, steps)).rejects.toThrow(
      /^\S+part-00002-00000\.parquet cannot be read \(.+\): run the command that wrote \S+ again$/,
    );
    expect(existsSync(join(dir, "report.html")), "no page of half the run").toBe(false);
  });
});

describe("report.html on text beyond the Basic Multilingual Plane", () => {
  it("gives a sample's length as the row's n_chars (code points), and never shows half a character", async () => {
    const dir = tempDir("assay-report-astral-");
    // mathematical italic letters, as pdf.js extracts them from papers: two UTF-16 units each
    const text = `a${"𝑥".repeat(3000)}`;
    const nChars = [...text].length;
    const shard = writeShard(dir, "data/part-00000-00000.jsonl", [
      { id: "astral", text, n_chars: nChars, density: 1, rank_pct: 0.9, tier: "A" },
    ]);
    const manifest = {
      assay_version: "0.1.0",
      command: "rank",
      inputs: [{ path: "in.jsonl", bytes: 1, sha256: "0".repeat(64) }],
      config: { format: "jsonl" },
      config_hash: "abc",
      shards: { data: [shard], rejects: [] },
      counts: { in: 1, kept: 1, rejected: 0, balanced: true },
    } as unknown as Manifest;
    const page = readFileSync(await writeReport(dir, manifest, steps, undefined, join(dir, "astral.html")), "utf8");
    expect(page).toContain(`${nChars.toLocaleString("en-US")} chars`);
    expect(page).not.toContain("\uFFFD");
  });
});

describe("sample preview", () => {
  it("shows a long text's opening and a passage from a paragraph start past its middle", () => {
    const paragraphs = Array.from({ length: 40 }, (_, i) => `Paragraph ${i} ${"text ".repeat(40)}`);
    const text = paragraphs.join("\n\n");
    const shown = preview(text, 1500);
    expect(shown.startsWith(text.slice(0, 500))).toBe(true);
    expect(shown).toMatch(/\n\[…\]\nParagraph 2[01] text/);
    expect(shown.endsWith("\n[…]")).toBe(true);
    expect(shown.length).toBeLessThanOrEqual(1500 + 10);
    expect(preview("short", 1500)).toBe("short");
  });
});
