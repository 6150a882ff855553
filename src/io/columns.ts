// The shard schema: fixed document columns, one float64 column per declared score, reject columns last.
import type * as Arrow from "apache-arrow";
import { type Doc, type DocMeta, emptyMeta } from "../doc.js";
import { countTokens } from "../python-space.js";
import { arrow } from "./arrow.js";
import { carriedMetadata, nestedObject } from "./carried-metadata.js";
import { wellFormed } from "./well-formed.js";

/** A row as written to a shard (and as read back). */
export type Row = Record<string, string | number | number[] | null>;

export interface RowContext {
  pipelineVersion: string;
  configHash: string;
  /** The shards' score columns (scoreColumns): a score named as one of them in another case is carried. */
  scoreColumns?: ScoreColumns;
}

/** A schema's score columns, by name and by name in lower case, made once for every row docToRow writes. */
export interface ScoreColumns {
  names: ReadonlySet<string>;
  anyCase: ReadonlySet<string>;
}

export function scoreColumns(schema: ShardSchema): ScoreColumns {
  return {
    names: new Set(schema.scoreNames),
    anyCase: new Set(schema.scoreNames.map((name) => name.toLowerCase())),
  };
}

export interface RejectInfo {
  stage: string;
  reason: string;
  duplicateOf: string | null;
}

const utf8 = () => new arrow.Utf8();
const int32 = () => new arrow.Int32();
const float64 = () => new arrow.Float64();

/** Metadata columns in contract order; `ocr_pages` is a list of 1-based page numbers. */
const HEAD_COLUMNS: ReadonlyArray<[string, () => Arrow.DataType]> = [
  ["id", utf8],
  ["text", utf8],
  ["source", utf8],
  ["source_sha256", utf8],
  ["title", utf8],
  ["arxiv_id", utf8],
  ["arxiv_version", int32],
  ["license", utf8],
  ["pages", int32],
  ["ocr_pages", () => new arrow.List(new arrow.Field("item", new arrow.Int32(), false))],
  ["extraction", utf8],
  ["lang", utf8],
  ["lang_score", float64],
  ["n_chars", int32],
  ["n_words", int32],
];

const TAIL_COLUMNS: ReadonlyArray<[string, () => Arrow.DataType]> = [
  ["density", float64],
  ["density_model", utf8],
  ["rank_pct", float64],
  ["tier", utf8],
  ["dup_cluster", utf8],
  ["metadata", utf8],
  ["pipeline_version", utf8],
  ["config_hash", utf8],
];

const REJECT_COLUMNS: ReadonlyArray<[string, () => Arrow.DataType]> = [
  ["stage", utf8],
  ["reject_reason", utf8],
  ["duplicate_of", utf8],
];

/**
 * The columns assay decides for every row it writes (a reject's stage and reason, the rank, the cluster, density and
 * its models, counts, the stamp). A dump's own fields of these names (a review `stage`, a curation `tier` of "gold",
 * `n_words: "many"`, another tool's `density`) are its data: carried in `metadata`, where they were dropped or
 * overwritten (a density without assay's density_model was always scored again). A row assay wrote has them decided
 * again.
 */
const DECIDED_BY_ASSAY: ReadonlySet<string> = new Set([
  ...REJECT_COLUMNS.map(([name]) => name),
  "tier",
  "rank_pct",
  "dup_cluster",
  "density",
  "density_model",
  "n_chars",
  "n_words",
  "pipeline_version",
  "config_hash",
]);

/** Names that are document columns, never scores: used to tell scores apart when reading shards back. */
export const RESERVED_COLUMNS: ReadonlySet<string> = new Set(
  [...HEAD_COLUMNS, ...TAIL_COLUMNS, ...REJECT_COLUMNS].map(([name]) => name),
);

/**
 * Whether a record is a row assay wrote (a shard's, or a line of `--format jsonl` output): every output row has the
 * contract's pipeline_version and config_hash, which no dump of documents has by chance.
 */
export function writtenByAssay(row: Record<string, unknown>): boolean {
  return row.pipeline_version != null && row.config_hash != null;
}

export interface ShardSchema {
  arrow: Arrow.Schema;
  scoreNames: readonly string[];
}

/**
 * `scoreNames` in order of precedence: of names that differ only in case (or from a document column only in case), the
 * first is the column (the pipeline gives its steps' own first); docToRow carries the others' values in metadata.
 */
export function shardSchema(scoreNames: Iterable<string>, withRejectColumns: boolean): ShardSchema {
  const seen = new Set([...RESERVED_COLUMNS].map((name) => name.toLowerCase()));
  const scores: string[] = [];
  for (const name of new Set(scoreNames)) {
    if (RESERVED_COLUMNS.has(name) || seen.has(name.toLowerCase())) continue;
    seen.add(name.toLowerCase());
    scores.push(name);
  }
  scores.sort();
  const columns = [
    ...HEAD_COLUMNS,
    ...scores.map((name): [string, () => Arrow.DataType] => [name, float64]),
    ...TAIL_COLUMNS,
    ...(withRejectColumns ? REJECT_COLUMNS : []),
  ];
  const fields = columns.map(([name, type]) => new arrow.Field(name, type(), name !== "id" && name !== "text"));
  return { arrow: new arrow.Schema(fields), scoreNames: scores };
}

/**
 * A score as a column holds it: NaN is no value (null); an infinity is the largest finite double of its sign. JSON has
 * no infinity, and as null an input's -Infinity (`-1e400` in a record) read as no score, which `--min-score` does not
 * hold a document to: it passed every minimum once a pass had written it.
 */
export function scoreValue(value: number): number | null {
  if (Number.isNaN(value)) return null;
  return Math.min(Number.MAX_VALUE, Math.max(-Number.MAX_VALUE, value));
}

/** `metadata` (JSON text) with `fields` added: an input's fields win; text that is no JSON object gives `fields`. */
function withFields(metadata: string | null, fields: Record<string, number>): string {
  return JSON.stringify({ ...fields, ...nestedObject(metadata) });
}

/** Unicode code points, not UTF-16 units: what "characters" means to a reader of the text. */
export function countChars(text: string): number {
  let n = text.length;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff) n--;
  }
  return n;
}

export function docToRow(doc: Doc, ctx: RowContext, reject?: RejectInfo): Row {
  const m = doc.meta;
  const row: Row = {
    id: doc.id,
    text: doc.text,
    source: doc.source,
    source_sha256: m.source_sha256,
    title: m.title,
    arxiv_id: m.arxiv_id,
    arxiv_version: m.arxiv_version,
    license: m.license,
    pages: m.pages,
    ocr_pages: m.ocr_pages,
    extraction: m.extraction,
    lang: m.lang,
    lang_score: m.lang_score,
    n_chars: countChars(doc.text),
    n_words: countTokens(doc.text),
    density: m.density,
    density_model: m.density_model,
    rank_pct: m.rank_pct,
    tier: m.tier,
    dup_cluster: m.dup_cluster,
    metadata: m.metadata,
    pipeline_version: ctx.pipelineVersion,
    config_hash: ctx.configHash,
  };
  const clashing: Record<string, number> = {};
  const columns = ctx.scoreColumns;
  for (const [name, value] of Object.entries(doc.scores)) {
    const held = scoreValue(value);
    // An input's `Foo` where the shards have `foo` (another file's, or assay's own): readers that take names in any
    // case would read one for the other, so it is carried in metadata, not written as a column
    if (columns && !columns.names.has(name) && columns.anyCase.has(name.toLowerCase())) {
      if (held !== null) clashing[name] = held;
    } else row[name] = held;
  }
  if (Object.keys(clashing).length > 0) row.metadata = withFields(m.metadata, clashing);
  if (reject) {
    row.stage = reject.stage;
    row.reject_reason = reject.reason;
    row.duplicate_of = reject.duplicateOf;
  }
  return row;
}

const META_KEYS = new Set<keyof DocMeta>([
  "source_sha256",
  "title",
  "arxiv_id",
  "arxiv_version",
  "license",
  "pages",
  "ocr_pages",
  "extraction",
  "lang",
  "lang_score",
  "density",
  "density_model",
  "rank_pct",
  "tier",
  "dup_cluster",
]);

/**
 * Which numeric fields of a record are scores (src/io/input-scores.ts): in Parquet the float columns, in JSON Lines
 * the floats of a file's first record (every number of assay's own output).
 */
export type IsScore = (name: string) => boolean;

/**
 * Rebuilds a Doc from a row read back from a shard or a JSONL record: known metadata goes to `meta`, numeric
 * fields that `isScore` names are scores, and every other field is carried in `meta.metadata`. Derived columns
 * (n_chars, pipeline_version, ...) are recomputed on write.
 */
export function rowToDoc(
  row: Record<string, unknown>,
  fallbackId: string,
  fallbackSource: string,
  isScore: IsScore = () => true,
): Doc {
  const meta = emptyMeta() as unknown as Record<string, unknown>;
  const scores: Record<string, number> = {};
  // Column fields whose value the column cannot hold (a `title` object, `pages: "many"`, a list as `text`): carried
  // in `metadata` as they were, rather than written as "[object Object]" or 0.
  const misfits = new Set<string>();
  const fitted = (name: string) => {
    const value = row[name];
    if (value === null || value === undefined) return undefined;
    const fit = fitColumn(COLUMN_TYPES.get(name) as Arrow.DataType, value);
    if (fit === undefined) misfits.add(name);
    return fit;
  };
  const foreign = !writtenByAssay(row);
  const theirs = (name: string) => foreign && DECIDED_BY_ASSAY.has(name);
  for (const [key, value] of Object.entries(row)) {
    if (value === null || value === undefined) continue;
    if (META_KEYS.has(key as keyof DocMeta) && !theirs(key)) {
      const fit = fitted(key);
      if (fit !== undefined) meta[key] = typeof fit === "string" ? wellFormed(fit) : fit;
    } else if (!RESERVED_COLUMNS.has(key) && (typeof value === "number" || typeof value === "bigint") && isScore(key)) {
      scores[key] = Number(value);
    }
  }
  const own = fitted("id") as string | undefined;
  // A blank id is none: a dump whose ids were never filled would keep one record under "" and reject the rest as
  // duplicate_id.
  // Made well formed here, not by the writer: ids are compared (duplicate_id) as they will be written. The text is
  // repaired later, where what was replaced is counted (ingest/unprintable.ts).
  const id = wellFormed(own === undefined || own.trim() === "" ? fallbackId : own);
  const source = wellFormed((fitted("source") as string | undefined) ?? fallbackSource);
  const text = (fitted("text") as string | undefined) ?? "";
  const notCarried = (name: string) =>
    (RESERVED_COLUMNS.has(name) && !misfits.has(name) && !theirs(name)) || Object.hasOwn(scores, name);
  meta.metadata = carriedMetadata(row, notCarried);
  return { id, text, source, meta: meta as unknown as DocMeta, scores };
}

const UTF8 = new TextDecoder("utf-8", { fatal: true });

/** Bytes as UTF-8 text, or undefined when they are not UTF-8. */
function utf8Text(bytes: Uint8Array): string | undefined {
  try {
    return UTF8.decode(bytes);
  } catch {
    return undefined;
  }
}

const COLUMN_TYPES = new Map([...HEAD_COLUMNS, ...TAIL_COLUMNS].map(([name, type]) => [name, type()]));

/** A record's value as its column holds it, or undefined when the column cannot hold it. */
function fitColumn(type: Arrow.DataType, value: unknown): unknown {
  if (arrow.DataType.isUtf8(type)) {
    if (typeof value === "string") return value;
    // Bytes: Parquet's BINARY without the UTF8 annotation, as Hive, Impala and older Spark write strings; before, such
    // a text column rejected every record as no_text. Only bytes that are UTF-8 are text: decoded leniently, every
    // stray byte one U+FFFD, two binary ids (8-byte hashes) of one length and no valid character were one id.
    if (value instanceof Uint8Array) return utf8Text(value);
    return typeof value === "number" || typeof value === "bigint" ? String(value) : undefined;
  }
  if (arrow.DataType.isList(type)) {
    if (typeof value !== "object" || value === null || !(Symbol.iterator in value)) return undefined;
    const items = Array.from(value as Iterable<unknown>, (item) => fitColumn(type.children[0]?.type, item));
    return items.every((item) => item !== undefined) ? items : undefined;
  }
  const number = typeof value === "bigint" ? Number(value) : typeof value === "number" ? value : Number.NaN;
  if (arrow.DataType.isInt(type)) return Number.isInteger(number) && Math.abs(number) < 2 ** 31 ? number : undefined;
  return Number.isFinite(number) ? number : undefined;
}
