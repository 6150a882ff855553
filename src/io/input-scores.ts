// Score columns already present in JSONL or Parquet inputs (an earlier run's output): declared again in the
// output schema so that filtering, dedup or ranking an output never drops the scores it carried.
import type * as Arrow from "apache-arrow";
import { arrow } from "./arrow.js";
import { RESERVED_COLUMNS, writtenByAssay } from "./columns.js";
import type { InputFile } from "./inputs.js";
import { topLevelNumberLiterals } from "./json-number-literals.js";
import { readFirstJsonlRecord } from "./jsonl.js";
import { readParquetSchema } from "./parquet.js";

export async function inputScoreNames(inputs: readonly InputFile[]): Promise<string[]> {
  const names = new Set<string>();
  for (const input of inputs) {
    // A file that cannot be read declares nothing: ingest rejects it (ingest/unreadable.ts). One the walk found
    // unreadable is not opened: a named pipe would wait for a writer.
    if (input.unreadable) continue;
    const found = await (input.kind === "parquet"
      ? parquetScoreNames(input.path)
      : input.kind === "jsonl"
        ? jsonlScoreNames(input.path)
        : Promise.resolve([])
    ).catch(() => [] as string[]);
    for (const name of found) if (!RESERVED_COLUMNS.has(name)) names.add(name);
  }
  return [...names];
}

/** A Parquet file's float columns: its scores. Other numeric columns (counts, ids, dates) are carried as metadata. */
export async function parquetScoreNames(path: string): Promise<string[]> {
  const schema = await readParquetSchema(path);
  return distinctScoreNames(
    schema.fields.filter((field) => arrow.DataType.isFloat(field.type)).map((field) => field.name),
  );
}

const RESERVED_ANY_CASE = new Set([...RESERVED_COLUMNS].map((name) => name.toLowerCase()));

/**
 * The names that can be score columns: DuckDB, Spark and Hive read column names in any case, so `Density` beside
 * assay's `density` read as the input's value (DuckDB renamed assay's to `density_1`), and `Stage` took a reject's
 * stage. A name that differs from a document column or an earlier score only in case, or is blank, is carried in
 * metadata instead; a document column's own name stays (an earlier run's output).
 */
function distinctScoreNames(names: readonly string[]): string[] {
  const seen = new Set<string>();
  return names.filter((name) => {
    const key = name.toLowerCase();
    const clash = seen.has(key) || (RESERVED_ANY_CASE.has(key) && !RESERVED_COLUMNS.has(name));
    seen.add(key);
    return name.trim() !== "" && !clash;
  });
}

/**
 * A JSON Lines file's scores, read from its first record (the shards declare their columns up front; a number only
 * later records have is carried as metadata):
 * - assay's own output (src/io/columns.ts `writtenByAssay`) has every column on every line, so its numeric fields
 *   are its scores, and so are its nulls (a score the document lacks) and integer values (`damaged_pages: 0`);
 * - any other JSONL is a dump whose integers are mostly counts, years and ids (`n_citations`, `year`), so a field is
 *   a score only when the record writes it as a float, with a `.`, `e` or `E` (`0.5`, `1.0`, `3e-4`); integers are
 *   carried in `metadata`, as a Parquet file's integer columns are.
 */
export async function jsonlScoreNames(path: string): Promise<string[]> {
  const first = await readFirstJsonlRecord(path);
  if (first === null) return [];
  const { record, line } = first;
  if (writtenByAssay(record))
    return distinctScoreNames(
      Object.keys(record).filter((key) => typeof record[key] === "number" || record[key] === null),
    );
  return distinctScoreNames(
    [...topLevelNumberLiterals(line)].filter(([, literal]) => /[.eE]/.test(literal)).map(([name]) => name),
  );
}
