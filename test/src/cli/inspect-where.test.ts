// `assay inspect --where`: the clauses it refuses and the rows it selects, in process, over an ingest output of each
// format. test/e2e/cli-errors.test.ts checks a refusal of each kind (before the scan, during it) and a selection on
// the command line: status 2 and one line on stderr, or the rows.
import { readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { UsageError } from "../../../src/cli/common.js";
import { ingestCommand } from "../../../src/cli/ingest.js";
import { type Clause, checkColumns, checkedWord, parseWhere } from "../../../src/cli/inspect.js";
import { type ShardRow, shardRows } from "../../../src/io/shard-rows.js";
import { tempDir } from "../../temp-dir.js";
import { scoredDocs, whereSelected } from "../../where-selected.js";

const dir = tempDir("assay-where-");
const FORMATS = ["parquet", "jsonl"] as const;

beforeAll(async () => {
  const docs = scoredDocs(dir);
  for (const format of FORMATS)
    expect(await ingestCommand([docs, "--out", join(dir, format), "--format", format, "--quiet"])).toBe(0);
}, 120_000);

/** The data shards of one format's output, as `assay inspect OUT/data` finds them. */
const dataShards = (format: string) =>
  readdirSync(join(dir, format, "data")).map((name) => join(dir, format, "data", name));

/** The rows of one format's data shards. */
async function rows(format: string): Promise<ShardRow[]> {
  const all: ShardRow[] = [];
  for (const shard of dataShards(format)) for await (const row of shardRows(shard)) all.push(row);
  return all;
}

describe("inspect --where", () => {
  it("refuses a clause it cannot read: an operator mistyped, or clauses not joined by and", () => {
    for (const [expr, message] of [
      ["n_words >> 3", /^cannot read --where clause "n_words >> 3": OP is one of/],
      ["lang == en", /^cannot read --where clause "lang == en"/],
      ["lang = en or lang = de", /^cannot read --where clause "lang = en or lang = de": join clauses with "and"/],
      ["tier = A and", /^cannot read --where clause "tier = A and": a clause must follow "and"/],
      ["lang = en and tier = A AND ", /^cannot read --where "lang = en and tier = A AND": a clause must follow "and"/],
    ] as const) {
      expect(() => parseWhere(expr), expr).toThrow(UsageError);
      expect(() => parseWhere(expr), expr).toThrow(message);
    }
    // A quoted value may start with an operator.
    expect(parseWhere('title = "<3"')).toEqual([{ column: "title", op: "=", value: "<3" }]);
    expect(parseWhere('title = "Rock and"')).toEqual([{ column: "title", op: "=", value: "Rock and" }]);
  });

  for (const format of FORMATS) {
    it(`refuses a column the ${format} shards lack, naming the likely one`, async () => {
      const shards = dataShards(format);
      expect(shards).toHaveLength(1);
      // Before, these matched every row (!=) or none, with status 0.
      for (const [expr, message] of [
        ["reject_reson != duplicate", /no column reject_reson in .*; did you mean reject_reason\?/],
        ["density_vs_machin < 1", /no column density_vs_machin in .*; did you mean density_vs_machine\?/],
        ["bogus_col = 3", /no column bogus_col in .*metadata\.bogus_col/],
        ["n_words > 3 and bogus_col = 3", /no column bogus_col/],
      ] as const) {
        const refused = checkColumns(parseWhere(expr), shards);
        await expect(refused, expr).rejects.toThrow(UsageError);
        await expect(refused, expr).rejects.toThrow(new RegExp(`^--where: ${message.source}`));
      }
    });

    it(`refuses a word compared with a number column of the ${format} shards, at its first row`, async () => {
      const [clause] = parseWhere("n_words > many") as [Clause];
      const [first] = await rows(format);
      expect(() => checkedWord(first as ShardRow, clause)).toThrow(UsageError);
      expect(() => checkedWord(first as ShardRow, clause)).toThrow(/^--where: n_words holds numbers, not "many"$/);
    });

    it(`selects by a reject column no ${format} data row has, and by a quoted value starting with an operator`, async () => {
      // A reject column of the output contract in data shards: no row has it, not a mistake.
      expect(await whereSelected(dataShards(format), "reject_reason = not_json")).toEqual([]);
      expect(await whereSelected(dataShards(format), 'title = "<3"')).toEqual([]);
      expect(await whereSelected(dataShards(format), "density_vs_machine < 1")).toEqual(["low"]);
    });
  }
});
