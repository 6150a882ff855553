// `assay inspect --where` in process: the rows a clause selects, refused as the command refuses it before reading.
import { existsSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { checkColumns, matches, parseWhere } from "../src/cli/inspect.js";
import { shardRows } from "../src/io/shard-rows.js";

/** An output's shards in the order `assay inspect OUT` reads them: data/, then rejects/. */
export function outputShards(out: string): string[] {
  return ["data", "rejects"].flatMap((sub) =>
    existsSync(join(out, sub))
      ? readdirSync(join(out, sub))
          .sort()
          .map((name) => join(out, sub, name))
      : [],
  );
}

/** The ids of the rows of `shards` that every clause of `expr` matches, once its columns are checked. */
export async function whereSelected(shards: readonly string[], expr: string): Promise<unknown[]> {
  const clauses = parseWhere(expr);
  await checkColumns(clauses, shards);
  const ids: unknown[] = [];
  for (const shard of shards)
    for await (const row of shardRows(shard)) if (clauses.every((clause) => matches(row, clause))) ids.push(row.id);
  return ids;
}

/** docs.jsonl in `dir`: two records that differ in a score the machine detector gave, then a line that is no JSON. */
export function scoredDocs(dir: string): string {
  const docs = join(dir, "docs.jsonl");
  writeFileSync(
    docs,
    [
      { id: "low", text: "a text the machine detector took for machine output", density_vs_machine: 0.25 },
      { id: "high", text: "a text the machine detector did not take for machine output", density_vs_machine: 2.5 },
    ]
      .map((record) => JSON.stringify(record))
      .join("\n") + "\n{broken json\n",
  );
  return docs;
}
