import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { printableText } from "../../ingest/unprintable.js";
import { duckdbQuery } from "../duckdb.js";
import { assay } from "../e2e/cli.js";
import { tempDir } from "../temp-dir.js";

describe("printableText", () => {
  it("removes control characters and a leading byte-order mark, and keeps whitespace a text lays out with", () => {
    expect(printableText("\ufeffNUL\u0000 and \u001b[31mred\u001b[0m, DEL\u007f")).toEqual({
      text: "NUL and [31mred[0m, DEL",
      removed: 5,
      replaced: 0,
    });
    const laidOut = "tab\there\r\nline\vform feed\fpage 2 \u00a0no-break, zero\u200bwidth, a\ufeffmid-text mark";
    expect(printableText(laidOut)).toEqual({ text: laidOut, removed: 0, replaced: 0 });
  });

  it("replaces UTF-16 halves without their other half with U+FFFD, and keeps whole pairs", () => {
    expect(printableText("a\ud800b \udc00c \ud835\udc65 end\ud83d")).toEqual({
      text: "a\ufffdb \ufffdc \ud835\udc65 end\ufffd",
      removed: 0,
      replaced: 3,
    });
  });
});

describe("records with unprintable text, written as Parquet and as JSON Lines", () => {
  it("come out as the same text in both formats, with the same n_chars, counted in the ingest stats", async () => {
    const dir = tempDir("assay-unprintable-");
    const docs = join(dir, "docs.jsonl");
    const texts = {
      bom: "\ufeffA text that opens with a byte-order mark.",
      nul: "A text with a NUL\u0000 and a colour code \u001b[1mbold\u001b[0m in it.",
      lone: "A text with half a surrogate pair \ud800 in the middle and a whole one \ud835\udc65.",
    };
    writeFileSync(
      docs,
      `${Object.entries(texts)
        .map(([id, text]) => JSON.stringify({ id, text }))
        .join("\n")}\n`,
    );
    const outs = { parquet: join(dir, "parquet"), jsonl: join(dir, "jsonl") };
    for (const [format, out] of Object.entries(outs)) {
      const result = await assay("ingest", docs, "--out", out, "--format", format);
      expect(result.status, result.stderr).toBe(0);
    }
    const fromJsonl = readFileSync(join(outs.jsonl, "data", "part-00000-00000.jsonl"), "utf8")
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line) as { id: string; text: string; n_chars: number })
      .map(({ id, text, n_chars }) => ({ id, text, n_chars }));
    const fromParquet = await duckdbQuery(
      `SELECT id, text, n_chars FROM read_parquet('${outs.parquet}/data/*.parquet') ORDER BY id`,
    );
    expect(fromParquet).toEqual([...fromJsonl].sort((a, b) => (a.id < b.id ? -1 : 1)));
    const byId = new Map(fromJsonl.map((row) => [row.id, row]));
    expect(byId.get("bom")?.text).toBe("A text that opens with a byte-order mark.");
    expect(byId.get("nul")?.text).toBe("A text with a NUL and a colour code [1mbold[0m in it.");
    expect(byId.get("lone")?.text).toBe(
      "A text with half a surrogate pair \ufffd in the middle and a whole one \ud835\udc65.",
    );
    for (const row of fromJsonl) expect(row.n_chars).toBe([...row.text].length);
    const ingest = JSON.parse(readFileSync(join(outs.jsonl, "stats.json"), "utf8")).steps[0];
    expect(ingest.counters).toMatchObject({ unprintable_removed: 4, lone_surrogates_replaced: 1 });
  }, 60_000);
});
