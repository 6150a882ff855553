// `assay inspect <shard|DIR> [--sample N] [--where EXPR]`: row count, schema, reject reasons and a sample.
import { existsSync } from "node:fs";
import { readdir, readFile, stat } from "node:fs/promises";
import { dirname, join } from "node:path";
import { editDistance } from "../edit-distance.js";
import { isAssayOutput, isUnfinishedOutput } from "../io/assay-output.js";
import { RESERVED_COLUMNS } from "../io/columns.js";
import { InputError, kindOf } from "../io/inputs.js";
import { ParquetReaderThread } from "../io/parquet-thread-reader.js";
import { shardColumns, shardRows } from "../io/shard-rows.js";
import type { ShardInfo } from "../io/shard-writer.js";
import type { Manifest } from "../manifest.js";
import { densitySetBy } from "../rank/density-set-by.js";
import { rankManifestPath } from "../rank-files.js";
import { errorExit, parse, UsageError, wholeNumber } from "./common.js";
import { isRankShard, outputRank } from "./output-rank.js";

export const INSPECT_USAGE = `usage: assay inspect <shard|DIR> [--sample N] [--where EXPR] [--rank R --world-size W]
  Prints the row count, the columns, reject reasons (for rejects/ shards), per tier what set density (the detector
  whose density_vs_* column is lowest: what the text was taken for; rejected rows apart, as "C dropped") and N sample
  rows (default 3).
  DIR is an output directory (its data/ and rejects/) or a folder of shards.
  --rank R --world-size W
                       only the shards rank R of W wrote (part-RRRRR-*), e.g. while other ranks still run
                       (default: a Slurm array's task or JOB_COMPLETION_INDEX, as for every command; else all)
  --where EXPR         keep rows matching every clause of "col OP value [and ...]", OP one of = != < <= > >=
                       e.g. --where "reject_reason = damaged" or --where "n_words > 1000 and lang = en";
                       metadata.KEY is a field the input record carried, e.g. --where "metadata.dump = CC-MAIN-2024-10";
                       numbers compare as numbers, a carried field's text that reads as one too ("12" = 12 = 12.0),
                       and a carried word is neither < nor > a number;
                       a name that is neither an output column nor a column of the shards (a score), a clause that
                       is not col OP value, or a word compared with a number column (ordered against a carried field
                       holding numbers) is an error (quote a value that starts with = ! < > or holds col OP)
  --sample N           sample rows to print (default 3; 0 for none)
  -h, --help           this help`;

type Row = Record<string, unknown>;
export type Clause = { column: string; op: string; value: string };

/** The prefix of a --where column that names a field the input record carried (the `metadata` column). */
const CARRIED = "metadata.";
const ORDERING = new Set(["<", "<=", ">", ">="]);

export async function inspectCommand(argv: string[]): Promise<number> {
  try {
    const { values, positionals } = parse(argv, {
      sample: { type: "string" },
      where: { type: "string" },
      rank: { type: "string" },
      "world-size": { type: "string" },
      help: { type: "boolean", short: "h" },
    });
    if (values.help) {
      process.stdout.write(`${INSPECT_USAGE}\n`);
      return 0;
    }
    if (positionals.length !== 1) throw new UsageError("give one shard file or directory");
    const sample = wholeNumber(values.sample, "--sample") ?? 3;
    const clauses = values.where ? parseWhere(values.where) : [];
    const target = positionals[0] as string;
    const only = await outputRank(values, target);
    const shards = (await shardFiles(target)).filter((shard) => only === null || isRankShard(shard, only.rank));
    // An output that kept and rejected nothing has no shards: 0 rows, not a mistake; so has a rank that read nothing.
    if (shards.length === 0 && only !== null && !existsSync(rankManifestPath(target, only.rank)))
      throw new InputError(`no shards of rank ${only.rank} in ${target}: has that rank run?`);
    if (shards.length === 0 && only === null && !(await isAssayOutput(target)))
      throw new InputError(
        (await isUnfinishedOutput(target))
          ? `no shards in ${target} yet: an assay command stopped before it finished there; run it again to finish it`
          : `no .parquet or .jsonl shards in ${target}: give an output directory or a shard file`,
      );
    await warnMissingShards(target, only?.rank ?? null);
    await checkColumns(clauses, shards);
    // Clauses comparing a column with a word, or ordering a carried field against one: an error once a row shows
    // the column (the field) holds numbers.
    let wordClauses = clauses.filter(
      ({ column, op, value }) =>
        value !== "null" && numberIn(value) === null && (!column.startsWith(CARRIED) || ORDERING.has(op)),
    );
    let rows = 0;
    let skipped = 0;
    const columns = new Set<string>();
    const reasons = new Map<string, number>();
    const takenFor = new Map<string, Map<string, number>>();
    const picked: Row[] = [];
    // Any file may be given, a damaged one too: read on a thread of its own, its fault is an error naming it.
    const reader = new ParquetReaderThread();
    let current = "";
    try {
      for (const shard of shards) {
        current = shard;
        for await (const row of shardRows(
          shard,
          (path) => reader.rows(path),
          () => skipped++,
        )) {
          for (const key of Object.keys(row)) columns.add(key);
          if (wordClauses.length > 0) wordClauses = wordClauses.filter((clause) => !checkedWord(row, clause));
          if (!clauses.every((clause) => matches(row, clause))) continue;
          rows++;
          if (typeof row.reject_reason === "string") {
            const key = `${row.stage}: ${row.reject_reason}`;
            reasons.set(key, (reasons.get(key) ?? 0) + 1);
          }
          const detector = densitySetBy(row);
          if (detector) {
            // A row --keep-top or --min-tier dropped keeps its tier: counted apart from the tier's kept rows.
            const tier = `${typeof row.tier === "string" ? row.tier : "-"}${typeof row.reject_reason === "string" ? " dropped" : ""}`;
            const counts = takenFor.get(tier) ?? new Map<string, number>();
            takenFor.set(tier, counts.set(detector, (counts.get(detector) ?? 0) + 1));
          }
          if (picked.length < sample) picked.push(row);
        }
      }
    } catch (error) {
      // A clause's own mistake (a word compared with a number column) is the user's, not the shard's.
      if (error instanceof UsageError) throw error;
      throw new InputError(`${current}: ${(error as Error).message}`);
    } finally {
      await reader.close();
    }
    // Shards of no rows still declare their columns (an empty night's output): the schema says them.
    for (const shard of shards) {
      if (columns.size > 0) break;
      for (const name of await shardColumns(shard).catch(() => [] as string[])) columns.add(name);
    }
    const whose = only === null ? "" : `rank ${only.rank} of ${only.worldSize}: `;
    const out: string[] = [`${whose}${rows} rows in ${shards.length} shard(s)`, `columns: ${[...columns].join(", ")}`];
    if (skipped > 0) out.splice(1, 0, `${skipped} line(s) not a JSON object, passed over`);
    if (reasons.size > 0) {
      out.push("reject reasons:");
      for (const [reason, n] of [...reasons].sort((a, b) => b[1] - a[1]))
        out.push(`  ${String(n).padStart(6)}  ${reason}`);
    }
    if (takenFor.size > 0) {
      out.push("density set by (lowest density_vs_* column), per tier:");
      for (const [tier, counts] of [...takenFor].sort((a, b) => a[0].localeCompare(b[0]))) {
        const top = [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
        out.push(`  ${tier}  ${top.map(([kind, n]) => `${kind} ${n}`).join(", ")}`);
      }
    }
    for (const row of picked) out.push(JSON.stringify(preview(row)));
    process.stdout.write(`${out.join("\n")}\n`);
    return 0;
  } catch (error) {
    return errorExit("inspect", error);
  }
}

/** One line on stderr when shards an output's manifest lists are gone: its counts would read as all there is. */
async function warnMissingShards(target: string, rank: number | null): Promise<void> {
  if (!(await isAssayOutput(target))) {
    // Shards of the ranks or passes that finished, and perhaps old ones of those still to run: not the run's rows
    if (rank === null && (await isUnfinishedOutput(target)))
      process.stderr.write(
        `assay inspect: ${target} has no manifest.json yet: these are the shards written so far, not the finished run's\n`,
      );
    return;
  }
  const manifest = JSON.parse(await readFile(join(target, "manifest.json"), "utf8")) as Manifest;
  const missing = [...manifest.shards.data, ...manifest.shards.rejects].filter(
    (shard) => (rank === null || isRankShard(shard.path, rank)) && !existsSync(join(target, shard.path)),
  );
  if (missing.length === 0) return;
  const rows = missing.reduce((sum, shard) => sum + shard.rows, 0);
  process.stderr.write(
    `assay inspect: ${missing.length} shard(s) (${rows} rows) listed in ${join(target, "manifest.json")} are missing, ` +
      `e.g. ${(missing[0] as ShardInfo).path}: run the command that wrote ${target} again\n`,
  );
}

/** Shards and other row files: Parquet, or JSON Lines compressed or not (what a run reads as records). */
const isRowFile = (path: string) => {
  const kind = kindOf(path);
  return kind === "parquet" || kind === "jsonl";
};

async function shardFiles(target: string): Promise<string[]> {
  let info: Awaited<ReturnType<typeof stat>>;
  try {
    info = await stat(target);
  } catch {
    // An input problem, as a missing input is for every other command (exit 1), not a usage mistake.
    throw new InputError(`${target} does not exist: give an output directory or a shard file`);
  }
  if (!info.isDirectory()) {
    // An output's manifest.json and stats.json are JSON documents, not rows: the output is what to inspect.
    if (!isRowFile(target) || (target.endsWith(".json") && (await isAssayOutput(dirname(target)))))
      throw new UsageError(`${target} is not a shard: give a .parquet or .jsonl file, or an output directory`);
    return [target];
  }
  const found: string[] = [];
  for (const sub of ["data", "rejects", ""]) {
    const dir = join(target, sub);
    const names = await readdir(dir).catch(() => [] as string[]);
    // In a directory, the shards assay writes: its manifest.json and stats.json are JSON, not rows.
    for (const name of names.sort()) if (/\.(parquet|jsonl)$/.test(name)) found.push(join(dir, name));
    if (found.length > 0 && sub === "rejects") break;
  }
  return [...new Set(found)];
}

export function parseWhere(expr: string): Clause[] {
  return expr.split(/\s+and\s+/i).map((part) => {
    if (part.trim() === "") throw new UsageError(`cannot read --where "${expr.trim()}": a clause must follow "and"`);
    const match = /^\s*([A-Za-z_]\w*(?:\.[^\s.=!<>]+)?)\s*(!=|<=|>=|=|<|>)\s*(.+?)\s*$/.exec(part);
    if (!match) throw new UsageError(`cannot read --where clause "${part}": use col OP value`);
    const raw = match[3] as string;
    // An unquoted value that starts with an operator is a mistyped one ("n_words >> 3", "lang == en"), and one
    // holding another "col OP" is a clause not joined by "and" ("lang = en or lang = de"): both matched nothing.
    if (!/^(["']).*\1$/s.test(raw)) {
      if (/^[=!<>]/.test(raw))
        throw new UsageError(`cannot read --where clause "${part.trim()}": OP is one of = != < <= > >=`);
      if (/\s[A-Za-z_][\w.]*\s*(!=|<=|>=|=|<|>)/.test(raw))
        throw new UsageError(`cannot read --where clause "${part.trim()}": join clauses with "and"`);
      // "tier = A and": an "and" with no clause after it (the value would be "A and" and match nothing).
      if (/\sand$/i.test(raw))
        throw new UsageError(
          `cannot read --where clause "${part.trim()}": a clause must follow "and" (quote a value that ends in "and")`,
        );
    }
    return {
      column: match[1] as string,
      op: match[2] as string,
      value: raw.replace(/^["']|["']$/g, ""),
    };
  });
}

/**
 * Every --where column is one of the output contract, a metadata.KEY, or one the shards have (their scores, or
 * columns of shards assay did not write): a misspelt name matched every row with != and none otherwise. Shard columns
 * are read from their schemas (Parquet footers, a JSON Lines shard's first record), shard by shard until every name
 * is found. An output with no shards has no rows to match and no columns to know its scores by: not checked.
 */
export async function checkColumns(clauses: readonly Clause[], shards: readonly string[]): Promise<void> {
  const missing = new Set(
    clauses.map(({ column }) => column).filter((c) => !RESERVED_COLUMNS.has(c) && !c.startsWith(CARRIED)),
  );
  if (missing.size === 0 || shards.length === 0) return;
  const known = new Set(RESERVED_COLUMNS);
  for (const shard of shards) {
    // A shard that cannot be read fails the scan below, as it did before.
    for (const name of await shardColumns(shard).catch(() => [] as string[])) {
      known.add(name);
      missing.delete(name);
    }
    if (missing.size === 0) return;
  }
  const column = [...missing][0] as string;
  const head = `--where: no column ${column} in ${shards.length} shard(s)`;
  const dot = column.indexOf(".");
  if (dot > 0) throw new UsageError(`${head}; a field the input record carried is metadata.${column.slice(dot + 1)}`);
  const near = closest(column, known);
  if (near.length > 0) throw new UsageError(`${head}; did you mean ${orList(near)}?`);
  throw new UsageError(`${head}; a field the input record carried would be metadata.${column}`);
}

/** Up to three known names a likely typo of `name`: a few edits away, or starting with it. */
function closest(name: string, known: Iterable<string>): string[] {
  const lower = name.toLowerCase();
  const limit = Math.max(1, Math.floor(name.length / 3));
  return [...known]
    .map((candidate) => {
      const distance = editDistance(lower, candidate.toLowerCase(), true);
      const prefix = lower.length >= 3 && candidate.toLowerCase().startsWith(lower);
      return { candidate, distance: prefix ? Math.min(distance, limit) : distance };
    })
    .filter(({ distance }) => distance <= limit)
    .sort((a, b) => a.distance - b.distance || a.candidate.localeCompare(b.candidate))
    .slice(0, 3)
    .map(({ candidate }) => candidate);
}

function orList(names: readonly string[]): string {
  return names.length === 1 ? (names[0] as string) : `${names.slice(0, -1).join(", ")} or ${names.at(-1)}`;
}

/**
 * Whether `row` settles a clause comparing a column with a word: a column's first cell does, text being fine and a
 * number an error. A carried field has no one type (one record's `volume` is 12, another's "12a"), so every row is
 * checked: ordering a word against a number it holds in any row is the same error.
 */
export function checkedWord(row: Row, { column, value }: Clause): boolean {
  const cell = cellOf(row, column);
  if (cell === undefined || cell === null) return false;
  if (numberHeld(column, cell) !== null) throw new UsageError(`--where: ${column} holds numbers, not "${value}"`);
  return !column.startsWith(CARRIED);
}

export function matches(row: Row, { column, op, value }: Clause): boolean {
  const cell = cellOf(row, column);
  if (cell === undefined || cell === null) return op === "!=" ? value !== "null" : value === "null" && op === "=";
  const held = numberHeld(column, cell);
  const wanted = numberIn(value);
  if (held !== null && wanted !== null) {
    return typeof held === "bigint" && typeof wanted === "bigint"
      ? compare(held, op, wanted)
      : compare(Number(held), op, Number(wanted));
  }
  // "n/a" is neither more nor less than 10; as text it would sort above it.
  if (wanted !== null && ORDERING.has(op) && column.startsWith(CARRIED)) return false;
  return compare(String(cell), op, value);
}

function compare<T extends string | number | bigint>(a: T, op: string, b: T): boolean {
  switch (op) {
    case "=":
      return a === b;
    case "!=":
      return a !== b;
    case "<":
      return a < b;
    case "<=":
      return a <= b;
    case ">":
      return a > b;
    default:
      return a >= b;
  }
}

function cellOf(row: Row, column: string): unknown {
  return column.startsWith(CARRIED) ? ownField(carried(row), column.slice(CARRIED.length)) : row[column];
}

/**
 * A cell's number, when it holds one: a number column's cell, or a carried field's number or text that reads as one
 * (a dump that quoted its counts, a 64-bit integer carried as its digits). Other text columns are text.
 */
function numberHeld(column: string, cell: unknown): number | bigint | null {
  if (typeof cell === "number" || typeof cell === "bigint") return cell;
  return column.startsWith(CARRIED) && typeof cell === "string" ? numberIn(cell) : null;
}

/** Decimal text as a number, or null; an integer as a bigint, so that ids past 2^53 compare exactly. */
function numberIn(text: string): number | bigint | null {
  const trimmed = text.trim();
  if (/^-?\d+$/.test(trimmed)) return BigInt(trimmed);
  return /^-?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/.test(trimmed) ? Number(trimmed) : null;
}

function ownField(row: Row | null, name: string): unknown {
  return row !== null && Object.hasOwn(row, name) ? row[name] : undefined;
}

/** The fields the input record carried: JSON text in Parquet shards, an object in JSON Lines ones. */
function carried(row: Row): Row | null {
  const value = row.metadata;
  if (typeof value === "string") {
    try {
      return JSON.parse(value) as Row;
    } catch {
      return null;
    }
  }
  return value !== null && typeof value === "object" ? (value as Row) : null;
}

/** Long text cut to a readable preview; the carried metadata as an object; everything else as is. */
function preview(row: Row): Row {
  const out: Row = {};
  for (const [key, value] of Object.entries(row)) {
    if (key === "metadata") out[key] = carried(row);
    else if (typeof value === "string" && value.length > 300)
      out[key] = `${value.slice(0, 300)}… (${value.length} chars)`;
    else if (typeof value === "bigint") out[key] = Number(value);
    else if (value !== null && typeof value === "object" && !Array.isArray(value))
      out[key] = Array.from(value as Iterable<unknown>);
    else out[key] = value;
  }
  return out;
}
