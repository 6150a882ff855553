// An input record's own fields (a dump's url, datatrove's nested metadata, a Parquet struct) come out in the
// `metadata` column, read back by DuckDB, and survive a second pass over assay's own output unchanged.
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import * as arrow from "apache-arrow";
import * as parquet from "parquet-wasm/node";
import { afterAll, describe, expect, it } from "vitest";
import { filterCommand } from "../../../src/cli/filter.js";
import { ingestCommand } from "../../../src/cli/ingest.js";
import { carriedMetadata } from "../../../src/io/carried-metadata.js";
import { RESERVED_COLUMNS } from "../../../src/io/columns.js";
import { readParquetRows } from "../../../src/io/parquet.js";
import { duckdbQuery } from "../../duckdb.js";
import { assay } from "../../e2e/cli.js";
import { tempDir } from "../../temp-dir.js";
import { outputShards, whereSelected } from "../../where-selected.js";

// `quality` stands for a score: numeric fields are carried unless they are scores.
const isColumn = (name: string) => RESERVED_COLUMNS.has(name) || name === "quality";
const carried = (record: Record<string, unknown>) => {
  const text = carriedMetadata(record, isColumn);
  return text === null ? null : JSON.parse(text);
};

describe("carriedMetadata", () => {
  it("keeps the fields no column holds, and leaves columns and scores to their own columns", () => {
    const record = { id: "a", text: "t", title: "T", url: "https://x/1", open: true, quality: 0.5, year: 2021 };
    expect(carried(record)).toEqual({ url: "https://x/1", open: true, year: 2021 });
  });

  it("flattens a nested metadata object or its JSON text, a top-level field winning as in datatrove", () => {
    const nested = { dump: "CC-MAIN-2024-10", url: "https://old", language_score: 0.93 };
    expect(carried({ text: "t", metadata: nested, url: "https://new" })).toEqual({ ...nested, url: "https://new" });
    expect(carried({ text: "t", metadata: JSON.stringify(nested) })).toEqual(nested);
  });

  it("carries a metadata field that is not an object as it is, and writes nothing when nothing is carried", () => {
    expect(carried({ text: "t", metadata: "batch 7" })).toEqual({ metadata: "batch 7" });
    expect(carried({ text: "t", metadata: [1, 2] })).toEqual({ metadata: [1, 2] });
    expect(carriedMetadata({ id: "a", text: "t", quality: 1, note: null }, isColumn)).toBeNull();
  });

  it("carries fields named like Object's own properties, and leaves out a field nested too deep to write, not the run", () => {
    expect(carried({ text: "t", constructor: "x", toString: "y", url: "u" })).toEqual({
      constructor: "x",
      toString: "y",
      url: "u",
    });
    // __proto__ as JSON.parse makes it, an own field, at the top level and in a nested metadata object
    expect(carried(JSON.parse('{"text": "t", "__proto__": {"x": 1}, "url": "u"}'))).toEqual(
      JSON.parse('{"__proto__": {"x": 1}, "url": "u"}'),
    );
    expect(carried(JSON.parse('{"text": "t", "metadata": {"__proto__": 5, "k": 1}}'))).toEqual(
      JSON.parse('{"__proto__": 5, "k": 1}'),
    );
    const deep = JSON.parse(`${"[".repeat(20000)}${"]".repeat(20000)}`);
    expect(carriedMetadata({ text: "t", deep }, isColumn)).toBeNull();
    // only the field too deep is left out: the record's other fields are carried
    const url = "https://example.org/p";
    expect(carriedMetadata({ text: "t", url, deep, metadata: { dump: "CC", deep } }, isColumn)).toBe(
      JSON.stringify({ dump: "CC", url }),
    );
  });

  it("writes 64-bit integers exactly and leaves out bytes, which JSON cannot hold", () => {
    const record = { text: "t", tags: { big: 2n ** 60n, small: 12n }, blob: new Uint8Array([1, 2]) };
    expect(carriedMetadata(record, isColumn)).toBe('{"tags":{"big":"1152921504606846976","small":12}}');
  });
});

describe("the metadata column through assay filter", () => {
  const work = tempDir("assay-metadata-");
  afterAll(() => rmSync(work, { recursive: true, force: true }));
  // Distinct sentences, so that the web profile's repetition rules keep the documents.
  const SENTENCES = [
    "We heated each sample slowly and recorded its resistance every minute.",
    "Above the transition the resistance fell sharply, as the model had predicted.",
    "Two of the twelve samples cracked during cooling and were left out of the analysis.",
    "The remaining ten agree with the fitted curve to within three percent.",
    "A second furnace gave the same result, so the effect is not an artefact of our setup.",
    "Thin films behave differently: their transition is broader and starts earlier.",
    "This suggests that strain at the substrate shifts the critical temperature.",
    "To test that idea we grew films on three substrates with different lattice constants.",
    "The shift grows with the mismatch, which supports the strain explanation.",
    "Bulk crystals, by contrast, show no dependence on how they were mounted.",
    "Further work should measure the strain directly, for instance by diffraction.",
    "All raw data and the scripts that produced the figures are published with this note.",
  ];
  const prose = (first: number) => [...SENTENCES.slice(first), ...SENTENCES.slice(0, first)].join(" ");
  const filter = (input: string, out: string, flags: string[] = []) =>
    filterCommand([input, "--out", out, "--profile", "web", "--quiet", "--no-report", ...flags]);
  const everyRow = (dir: string) =>
    duckdbQuery(
      `SELECT id, metadata, quality FROM read_parquet('${dir}/*/*.parquet', union_by_name = true) ORDER BY id`,
    ) as Promise<{ id: string; metadata: string | null; quality: number | null }[]>;

  it("carries JSONL fields into Parquet, and again when the output is the input; floats the first record has are scores", async () => {
    const input = join(work, "dump.jsonl");
    const records = [
      { id: "d1", text: prose(0), quality: 0.5, url: "https://example.org/1", metadata: { dump: "CC-1", lang_p: 0.9 } },
      // Too short for Gopher: a reject carries its metadata too.
      { id: "d2", text: "Too short.", added: "2024-05-01", tags: ["physics", "review"] },
      { id: "d3", text: prose(5) },
      // A number the first record lacks has no column declared for it: it is carried, not lost.
      { id: "d4", text: prose(9), year: 2020 },
    ];
    writeFileSync(input, `${records.map((r) => JSON.stringify(r)).join("\n")}\n`);
    const first = join(work, "first");
    expect(await filter(input, first)).toBe(0);
    const rows = await everyRow(first);
    expect(rows.map((row) => row.id)).toEqual(["d1", "d2", "d3", "d4"]);
    expect(rows.map((row) => (row.metadata === null ? null : JSON.parse(row.metadata)))).toEqual([
      { dump: "CC-1", lang_p: 0.9, url: "https://example.org/1" },
      { added: "2024-05-01", tags: ["physics", "review"] },
      null,
      { year: 2020 },
    ]);
    expect(rows.map((row) => row.quality)).toEqual([0.5, null, null, null]);
    const urls = await duckdbQuery(
      `SELECT json_extract_string(metadata, '$.url') AS url FROM read_parquet('${first}/*/*.parquet', union_by_name = true) WHERE id = 'd1'`,
    );
    expect(urls).toEqual([{ url: "https://example.org/1" }]);

    const second = join(work, "second");
    expect(await filter(first, second)).toBe(0);
    expect(await everyRow(second)).toEqual(rows.filter((row) => row.id !== "d2"));
  });

  it("carries a dump's integers (years, counts) as metadata, its floats as scores; assay's JSONL reads back with its integer and null scores", async () => {
    const dump = join(work, "numbers");
    mkdirSync(dump);
    // Written as Python's json.dumps writes them: 1.0 stays a float, 2020 an integer.
    const line = (fields: string) => `{"text": ${JSON.stringify(prose(fields.length % 12))}, ${fields}}\n`;
    writeFileSync(
      join(dump, "a.jsonl"),
      line('"id": "n1", "year": 2020, "n_citations": 12, "quality": 1.0') +
        line('"id": "n2", "year": 2021, "n_citations": 0, "quality": 0.25'),
    );
    // Its first record has a score a.jsonl's lack: null there in the output's first line.
    writeFileSync(join(dump, "b.jsonl"), line('"id": "n3", "quality": 0.5, "weight": 2.5e-1'));
    const asJsonl = join(work, "numbers-jsonl");
    expect(await filter(dump, asJsonl, ["--format", "jsonl"])).toBe(0);
    const [first] = readFileSync(join(asJsonl, "data", "part-00000-00000.jsonl"), "utf8").split("\n");
    // The output's first line writes its scores 1 and null: read back, they are scores all the same.
    expect(JSON.parse(first ?? "{}")).toMatchObject({ id: "n1", quality: 1, weight: null });
    expect(JSON.parse(first ?? "{}")).not.toHaveProperty("year");
    const back = join(work, "numbers-back");
    expect(await filter(asJsonl, back)).toBe(0);
    const rows = await duckdbQuery(
      `SELECT id, quality, weight, metadata FROM read_parquet('${back}/*/*.parquet', union_by_name = true) ORDER BY id`,
    );
    expect(
      rows.map((r) => ({ ...r, metadata: r.metadata === null ? null : JSON.parse(r.metadata as string) })),
    ).toEqual([
      { id: "n1", quality: 1, weight: null, metadata: { year: 2020, n_citations: 12 } },
      { id: "n2", quality: 0.25, weight: null, metadata: { year: 2021, n_citations: 0 } },
      { id: "n3", quality: 0.5, weight: 0.25, metadata: null },
    ]);
  });

  it('carries a field its column cannot hold as it was, not as "[object Object]" or 0', async () => {
    const input = join(work, "odd-types.jsonl");
    const records = [
      { id: "o1", text: prose(2), title: { main: "Strain", sub: "in films" }, pages: "many", ocr_pages: "1,2" },
      { id: "o2", text: prose(3), title: 7, pages: 12, arxiv_version: 2.5, lang_score: "high" },
      // No text to keep: a reject, with the value that was there.
      { id: "o3", text: { en: "Strain", de: "Dehnung" } },
      { id: ["o4"], text: prose(4) },
    ];
    writeFileSync(input, `${records.map((r) => JSON.stringify(r)).join("\n")}\n`);
    const out = join(work, "odd-types");
    expect(await filter(input, out)).toBe(0);
    const rows = await duckdbQuery(
      `SELECT id, title, pages, ocr_pages, arxiv_version, metadata, reject_reason
       FROM read_parquet('${out}/*/*.parquet', union_by_name = true) ORDER BY id`,
    );
    expect(
      rows.map((r) => ({ ...r, metadata: r.metadata === null ? null : JSON.parse(r.metadata as string) })),
    ).toEqual([
      {
        id: "o1",
        title: null,
        pages: null,
        ocr_pages: [],
        arxiv_version: null,
        metadata: { title: { main: "Strain", sub: "in films" }, pages: "many", ocr_pages: "1,2" },
        reject_reason: null,
      },
      {
        id: "o2",
        title: "7",
        pages: 12,
        ocr_pages: [],
        arxiv_version: null,
        metadata: { arxiv_version: 2.5, lang_score: "high" },
        reject_reason: null,
      },
      {
        id: "o3",
        title: null,
        pages: null,
        ocr_pages: [],
        arxiv_version: null,
        metadata: { text: { en: "Strain", de: "Dehnung" } },
        reject_reason: "invalid_record:no_text",
      },
      {
        id: "odd-types.jsonl#4",
        title: null,
        pages: null,
        ocr_pages: [],
        arxiv_version: null,
        metadata: { id: ["o4"] },
        reject_reason: null,
      },
    ]);
  });

  it("writes the metadata as an object in JSON Lines output, which reads back the same", async () => {
    const input = join(work, "dump.jsonl");
    const asJsonl = join(work, "as-jsonl");
    expect(await filter(input, asJsonl, ["--format", "jsonl"])).toBe(0);
    const lines = readFileSync(join(asJsonl, "data", "part-00000-00000.jsonl"), "utf8")
      .trim()
      .split("\n");
    const first = JSON.parse(lines[0] ?? "{}");
    expect(first.metadata).toEqual({ dump: "CC-1", lang_p: 0.9, url: "https://example.org/1" });
    const back = join(work, "back-to-parquet");
    expect(await filter(asJsonl, back)).toBe(0);
    expect(await everyRow(back)).toEqual(await everyRow(join(work, "second")));
  });

  it("assay inspect selects on a carried field and shows the metadata as an object", async () => {
    const result = await assay("inspect", join(work, "first"), "--where", "metadata.dump = CC-1", "--sample", "1");
    expect(result.stderr).toBe("");
    const lines = result.stdout.trim().split("\n");
    expect(lines[0]).toBe("1 rows in 2 shard(s)");
    expect(JSON.parse(lines.at(-1) ?? "{}")).toMatchObject({ id: "d1", metadata: { dump: "CC-1" } });
  });

  it("assay inspect compares a carried field's numbers, and its text that reads as one, as numbers", async () => {
    const input = join(work, "volumes.jsonl");
    const records = [
      // A dump that quoted some numbers, with 64-bit hashes as digits (equal as doubles, not as integers).
      { id: "v1", n_citations: 9, volume: "9", hash: "12345678901234567891" },
      { id: "v2", n_citations: 12, volume: "12", hash: "12345678901234567890" },
      { id: "v3", n_citations: 100, volume: "10.0" },
      { id: "v4", n_citations: 10, volume: "n/a" },
    ];
    writeFileSync(input, records.map((r, i) => `${JSON.stringify({ ...r, text: prose(i) })}\n`).join(""));
    const out = join(work, "volumes");
    expect(await ingestCommand([input, "--out", out, "--quiet"])).toBe(0);
    // The rows --where selects, in process (test/where-selected.ts); the command line's own selection and refusal
    // below.
    const selected = (expr: string) => whereSelected(outputShards(out), expr);
    // As text, "9" > "10" and "n/a" > "10": every row matched.
    expect(await selected("metadata.volume > 10")).toEqual(["v2"]);
    expect(await selected("metadata.n_citations > 10")).toEqual(["v2", "v3"]);
    expect(await selected("metadata.volume = 10")).toEqual(["v3"]);
    expect(await selected("metadata.n_citations = 10.0")).toEqual(["v4"]);
    expect(await selected("metadata.volume >= 9 and metadata.volume < 12")).toEqual(["v1", "v3"]);
    expect(await selected("metadata.volume != 10")).toEqual(["v1", "v2", "v4"]);
    expect(await selected("metadata.hash = 12345678901234567891")).toEqual(["v1"]);
    // A word may equal a carried field's text, but not be ordered against its numbers.
    expect(await selected("metadata.volume = n/a")).toEqual(["v4"]);
    const onLine = await assay("inspect", out, "--where", "metadata.volume > 10", "--sample", "9");
    expect(onLine.stderr).toBe("");
    expect(onLine.stdout).toMatch(/^1 rows in 2 shard\(s\)\n/);
    const sampled = onLine.stdout.split("\n").filter((line) => line.startsWith("{"));
    expect(sampled.map((line) => JSON.parse(line).id)).toEqual(["v2"]);
    const word = await assay("inspect", out, "--where", "metadata.volume > many");
    expect([word.status, word.stdout]).toEqual([2, ""]);
    expect(word.stderr).toMatch(/^assay inspect: --where: metadata\.volume holds numbers, not "many".*\n$/);
  });

  it("flattens a Parquet struct column written by another tool; dates and times as text, UUIDs as hex, integers and decimals as metadata, also inside structs and lists, floats as scores; intervals and bytes left out", async () => {
    const input = join(work, "structs.parquet");
    await duckdbQuery(
      `COPY (SELECT 'p1' AS id, '${prose(7)}' AS text,
        {'url': 'https://example.org/p1', 'crawl': 42::BIGINT, 'seen': DATE '2023-01-31', 'fee': 2.50::DECIMAL(5, 2)}
          AS metadata, DATE '2023-02-01' AS published, [1.50::DECIMAL(10, 2), NULL] AS prices,
        {'at': TIME '01:02:03', 'ids': ['00000000-0000-0000-0000-000000000001'::UUID]} AS capture,
        TIMESTAMP '2023-02-01 10:30:00' AS fetched, 1234::INTEGER AS page_views, 0.75::DOUBLE AS quality,
        12.50::DECIMAL(10, 2) AS price, -3.125::DECIMAL(20, 3) AS delta, 12::DECIMAL(4, 0) AS pages,
        '0b5cc0a4-6a4e-4fa4-9c3e-5e4d8fd6a1f2'::UUID AS batch, TIME '07:05:09.25' AS captured_at,
        INTERVAL '1 month 3 days' AS embargo, 'thumbnail bytes'::BLOB AS thumbnail)
       TO '${input}' (FORMAT parquet)`,
    );
    const out = join(work, "from-parquet");
    expect(await filter(input, out)).toBe(0);
    const [row] = await duckdbQuery(
      `SELECT metadata, quality, pages FROM read_parquet('${out}/*/*.parquet', union_by_name = true)`,
    );
    expect(JSON.parse(String(row?.metadata))).toEqual({
      url: "https://example.org/p1",
      crawl: 42,
      seen: "2023-01-31",
      fee: 2.5,
      published: "2023-02-01",
      prices: [1.5, null],
      capture: { at: "01:02:03", ids: ["00000000000000000000000000000001"] },
      fetched: "2023-02-01T10:30:00.000Z",
      page_views: 1234,
      price: 12.5,
      delta: -3.125,
      batch: "0b5cc0a46a4e4fa49c3e5e4d8fd6a1f2",
      captured_at: "07:05:09.25",
    });
    expect(row?.quality).toBe(0.75);
    expect(row?.pages).toBe(12);
  });

  it("reads fixed widths as hex, times to their unit's precision, and a count beyond one day as it was", async () => {
    const digest = new Uint8Array(32).map((_, i) => i);
    const table = new arrow.Table({
      sha256: arrow.vectorFromArray([digest, digest], new arrow.FixedSizeBinary(32)),
      checked_at: arrow.vectorFromArray([3 * 3600 + 2 * 60 + 1, 86_400 + 1], new arrow.TimeSecond()),
      exposure: arrow.vectorFromArray([61_000_000_123n, 5n], new arrow.TimeNanosecond()),
    });
    const path = join(work, "fixed.parquet");
    writeFileSync(path, parquet.writeParquet(parquet.Table.fromIPCStream(arrow.tableToIPC(table, "stream"))));
    const rows = [];
    for await (const row of readParquetRows(path)) rows.push(row);
    const hex = Buffer.from(digest).toString("hex");
    expect(rows).toEqual([
      { sha256: hex, checked_at: "03:02:01", exposure: "00:01:01.000000123" },
      { sha256: hex, checked_at: 86_400 + 1, exposure: "00:00:00.000000005" },
    ]);
  });

  it("reads text and ids stored as bytes (Parquet BINARY without its UTF8 annotation, as Hive writes strings)", async () => {
    const input = join(work, "binary-text.parquet");
    await duckdbQuery(
      `COPY (SELECT encode('b1') AS id, encode('${prose(2)}') AS text, encode('Ünïcödé') AS title)
       TO '${input}' (FORMAT parquet)`,
    );
    const out = join(work, "from-binary");
    expect(await filter(input, out)).toBe(0);
    const rows = await duckdbQuery(`SELECT id, text, title FROM read_parquet('${out}/*/*.parquet')`);
    expect(rows).toEqual([{ id: "b1", text: prose(2), title: "Ünïcödé" }]);
    // bytes that are no UTF-8 are no text: two 8-byte hashes as ids keep ids of their own (FILE#ROW), not one U+FFFD
    // string each
    const hashes = join(work, "binary-ids.parquet");
    await duckdbQuery(
      `COPY (SELECT * FROM (VALUES ('\\xFF\\xFE\\xFD\\x80\\x81\\x82\\x83\\x84'::BLOB, '${prose(3)}'),
        ('\\xFF\\xFE\\xFD\\x80\\x81\\x82\\x83\\x85'::BLOB, '${prose(4)}')) t(id, text)) TO '${hashes}' (FORMAT parquet)`,
    );
    const hashOut = join(work, "from-binary-ids");
    expect(await filter(hashes, hashOut)).toBe(0);
    const ids = await duckdbQuery(`SELECT id FROM read_parquet('${hashOut}/data/*.parquet') ORDER BY id`);
    expect(ids).toEqual([{ id: "binary-ids.parquet#1" }, { id: "binary-ids.parquet#2" }]);
  });

  it("converts a map column's values as a struct's: decimals as numbers, dates as text, the map as an object", async () => {
    const path = join(work, "maps.parquet");
    await duckdbQuery(
      `COPY (SELECT 'm1' AS id, MAP {'fee': 1.5::DECIMAL(4, 1), 'tax': NULL} AS fees,
        MAP {'seen': DATE '2020-01-02'} AS dates, MAP {'lang': 'en'} AS plain) TO '${path}' (FORMAT parquet)`,
    );
    const rows = [];
    for await (const row of readParquetRows(path)) rows.push(JSON.parse(JSON.stringify(row)));
    expect(rows).toEqual([
      { id: "m1", fees: { fee: 1.5, tax: null }, dates: { seen: "2020-01-02" }, plain: { lang: "en" } },
    ]);
  });

  it("carries a DATE as its text at any year, and DuckDB's infinite dates as infinity and -infinity", async () => {
    // Read as milliseconds, infinity had been 185542587100800000, and years past 9999 were cut to "+010000-01".
    const path = join(work, "dates.parquet");
    await duckdbQuery(
      `COPY (SELECT * FROM (VALUES ('a', DATE '2020-01-31'), ('b', 'infinity'::DATE), ('c', '-infinity'::DATE),
        ('d', DATE '5881580-07-10'), ('e', '0044-03-15 (BC)'::DATE), ('f', DATE '10000-02-29'), ('g', DATE '1969-12-31'))
        t(id, seen)) TO '${path}' (FORMAT parquet)`,
    );
    const seen = [];
    for await (const row of readParquetRows(path)) seen.push(row.seen);
    expect(seen).toEqual([
      "2020-01-31",
      "infinity",
      "-infinity",
      "+5881580-07-10",
      "-0043-03-15",
      "+10000-02-29",
      "1969-12-31",
    ]);
  });

  it("reads a value Arrow cannot (a -infinity timestamp) as null and goes on with the row and the file", async () => {
    const path = join(work, "infinity.parquet");
    await duckdbQuery(
      `COPY (SELECT * FROM (VALUES ('a', TIMESTAMP '2020-01-01'), ('b', '-infinity'::TIMESTAMP), ('c', NULL))
        t(id, fetched)) TO '${path}' (FORMAT parquet)`,
    );
    const rows = [];
    for await (const row of readParquetRows(path)) rows.push(row);
    expect(rows).toEqual([
      { id: "a", fetched: "2020-01-01T00:00:00.000Z" },
      { id: "b", fetched: null },
      { id: "c", fetched: null },
    ]);
  });
});

describe("scores named as another column in another case", () => {
  it("are carried in metadata, not written beside the column a reader would take them for", async () => {
    const dir = tempDir("assay-cased-scores-");
    // one file's `foo`, another's `Foo`; and `Ocr_quality` beside assay's own ocr_quality
    writeFileSync(join(dir, "a.jsonl"), '{"id": "a", "text": "One text.", "Ocr_quality": 0.5, "foo": 1.5}\n');
    writeFileSync(join(dir, "b.jsonl"), '{"id": "b", "text": "Another text.", "Foo": 2.5}\n');
    const out = join(dir, "out");
    expect(await ingestCommand([dir, "--out", out, "--format", "jsonl", "--quiet", "--no-report"])).toBe(0);
    const rows = readFileSync(join(out, "data", "part-00000-00000.jsonl"), "utf8")
      .split("\n")
      .filter(Boolean)
      .map((line) => JSON.parse(line));
    const columns = Object.keys(rows[0]).filter((name) => ["foo", "ocr_quality"].includes(name.toLowerCase()));
    expect(columns.sort()).toEqual(["foo", "ocr_quality"]);
    expect(rows.map((row) => [row.foo, row.metadata])).toEqual([
      [1.5, { Ocr_quality: 0.5 }],
      [null, { Foo: 2.5 }],
    ]);
  });
});
