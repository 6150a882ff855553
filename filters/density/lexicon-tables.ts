// What density takes from natural's English lexicon, as tables: the words' hashes (known words), the one-edit table
// (near misses), the words a lost ligature makes (lost ligatures) and the verb forms (stacked verbs). Deriving them
// from the 4 MB lexicon costs ~0.35 s of CPU per process and per scoring thread, a quarter of a small `assay rank`;
// `npm run build` (and so `npm ci`) writes them to a snapshot beside the compiled code, which loads in a few ms. A
// snapshot of another lexicon, of other derivation code or of another byte order is not used: the tables are derived
// again, the same to the bit either way.
import { createHash } from "node:crypto";
import { readFileSync, renameSync, statSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { endianness } from "node:os";
import { join } from "node:path";
import { englishFirstTags, englishWords, LEXICON_PATH } from "../../ingest/layout/english-lexicon.js";
import { packageDir } from "../../src/package-dir.js";
import { projectRoot } from "../../src/project-root.js";
import { hashWord } from "../ngram-lm/tokens.js";
import { type KeyTable, WordHashes } from "./key-set.js";
import { type OneEditTable, oneEditTable } from "./one-edit.js";

export interface LexiconTables {
  /** The lexicon's lower-cased words as tokens.ts's hashWord hashes them, as a WordHashes table. */
  known: KeyTable;
  oneEdit: OneEditTable;
  /** The words that putting one ligature back (not first, not last) turns into a lexicon word: "eicient". */
  ligatureGaps: readonly string[];
  /** Hashes of lower-case words whose commonest tag is a third-person present: "uses", "shows". */
  presentThirdVerbs: Uint32Array;
  /** Hashes of lower-case words whose commonest tag is a base, present or past verb form: "describe", "gave". */
  otherVerbs: Uint32Array;
}

/** What a ligature glyph stands for. */
const LIGATURES = ["ffi", "ffl", "ff", "fi", "fl"];
/** Lexicon tags of verb forms that are finite right after a subject pronoun (base, present, past). */
const OTHER_VERB_TAGS = new Set(["VB", "VBP", "VBD"]);

/** The tables of a lexicon (lower-cased words) and its words' first tags. */
export function deriveLexiconTables(
  lexicon: ReadonlySet<string>,
  firstTags: ReadonlyMap<string, string> = new Map(),
): LexiconTables {
  const presentThird: number[] = [];
  const other: number[] = [];
  for (const [word, tag] of firstTags) {
    if (tag === "VBZ") presentThird.push(hashWord(word));
    else if (OTHER_VERB_TAGS.has(tag)) other.push(hashWord(word));
  }
  return {
    known: WordHashes.of(Array.from(lexicon, hashWord)).table,
    oneEdit: oneEditTable(lexicon),
    ligatureGaps: ligatureGaps(lexicon),
    presentThirdVerbs: Uint32Array.from(presentThird),
    otherVerbs: Uint32Array.from(other),
  };
}

/** Built from the ~5% of lexicon words that hold a ligature, so a lookup replaces trying each at every position. */
function ligatureGaps(lexicon: ReadonlySet<string>): string[] {
  const made = new Set<string>();
  for (const word of lexicon) {
    if (word.indexOf("f", 1) < 0) continue; // every ligature starts with f, which most words lack past their first letter
    for (const l of LIGATURES)
      for (let at = word.indexOf(l, 1); at >= 0 && at + l.length < word.length; at = word.indexOf(l, at + 1))
        made.add(word.slice(0, at) + word.slice(at + l.length));
  }
  return [...made];
}

const DIST = join(projectRoot(), "dist");
/** The snapshot `npm run build` writes, beside the compiled code (tests running the sources read it there too). */
export const SNAPSHOT_PATH = join(DIST, "lexicon-tables.bin");
const MAGIC = "assay-lexicon-tables";
/** The compiled modules the tables are derived by, under dist/: a change to any makes a snapshot stale. */
const DERIVED_BY = [
  "filters/density/lexicon-tables.js",
  "filters/density/one-edit.js",
  "filters/density/key-set.js",
  "filters/ngram-lm/tokens.js",
  "ingest/layout/english-lexicon.js",
];

/**
 * What a snapshot must have been made from: the lexicon (natural's version and the file's size: hashing its 4 MB took
 * longer than reading the snapshot), the derivation code, the byte order.
 */
export function snapshotKey(): string {
  const lexicon = createRequire(import.meta.url).resolve(LEXICON_PATH);
  const natural = JSON.parse(readFileSync(join(packageDir("natural") ?? "", "package.json"), "utf8")) as {
    version: string;
  };
  const hash = createHash("sha256").update(`${endianness()} ${natural.version} ${statSync(lexicon).size}`);
  for (const module of DERIVED_BY) hash.update(readFileSync(join(DIST, module)));
  return hash.digest("hex");
}

type Header = {
  magic: string;
  key: string;
  knownHasZero: boolean;
  longest: number;
  arrays: Record<string, number>;
  gapsBytes: number;
};
const ARRAYS = ["known", "oneEdit", "presentThirdVerbs", "otherVerbs"] as const;

function arrayOf(tables: LexiconTables, name: (typeof ARRAYS)[number]): Uint32Array {
  if (name === "known") return tables.known.slots;
  return name === "oneEdit" ? tables.oneEdit.keys : tables[name];
}

/**
 * Writes the snapshot (atomically: a scoring thread starting meanwhile reads the old one or the new one): a line of
 * JSON saying what follows, padded to 4 bytes, the arrays, then the ligature gaps one per line.
 */
export function writeSnapshot(tables: LexiconTables, path = SNAPSHOT_PATH, key = snapshotKey()): void {
  const gaps = Buffer.from(tables.ligatureGaps.join("\n"));
  const arrays = Object.fromEntries(ARRAYS.map((name) => [name, arrayOf(tables, name).length]));
  const header: Header = {
    magic: MAGIC,
    key,
    knownHasZero: tables.known.hasZero,
    longest: tables.oneEdit.longest,
    arrays,
    gapsBytes: gaps.length,
  };
  let line = `${JSON.stringify(header)}\n`;
  line = line.padEnd(Math.ceil(line.length / 4) * 4, " ");
  const parts = [Buffer.from(line), ...ARRAYS.map((name) => bytesOf(arrayOf(tables, name))), gaps];
  const temp = `${path}.${process.pid}.tmp`;
  writeFileSync(temp, Buffer.concat(parts));
  renameSync(temp, path);
}

function bytesOf(array: Uint32Array): Buffer {
  return Buffer.from(array.buffer, array.byteOffset, array.byteLength);
}

/**
 * The snapshot's tables, or null when it is absent, unreadable, not a snapshot, or made from anything else than `key`
 * says (by default the current key; null too when the compiled code to key it by is missing).
 */
export function readSnapshot(path = SNAPSHOT_PATH, key?: string): LexiconTables | null {
  try {
    return parseSnapshot(readFileSync(path), key ?? snapshotKey());
  } catch {
    return null;
  }
}

/** The tables of a snapshot's bytes; null, or a throw, for bytes of another key or of no snapshot. */
function parseSnapshot(read: Buffer, key: string): LexiconTables | null {
  const newline = read.indexOf(0x0a);
  const header = JSON.parse(read.subarray(0, newline).toString()) as Header;
  if (header.magic !== MAGIC || header.key !== key) return null;
  // Uint32Array views need a 4-byte aligned start: a copy if the read buffer's is not.
  const bytes = read.byteOffset % 4 === 0 ? read : Buffer.from(new Uint8Array(read).buffer);
  let at = Math.ceil((newline + 1) / 4) * 4;
  const arrays: Record<string, Uint32Array> = {};
  for (const name of ARRAYS) {
    const length = header.arrays[name] ?? 0;
    if (at + length * 4 > bytes.length) return null;
    arrays[name] = new Uint32Array(bytes.buffer, bytes.byteOffset + at, length);
    at += length * 4;
  }
  if (at + header.gapsBytes !== bytes.length) return null;
  const gaps = bytes.subarray(at).toString();
  return {
    known: { slots: arrays.known as Uint32Array, hasZero: header.knownHasZero },
    oneEdit: { keys: arrays.oneEdit as Uint32Array, longest: header.longest },
    ligatureGaps: gaps === "" ? [] : gaps.split("\n"),
    presentThirdVerbs: arrays.presentThirdVerbs as Uint32Array,
    otherVerbs: arrays.otherVerbs as Uint32Array,
  };
}

/** The English lexicon's tables, derived now: what the snapshot holds. */
export function deriveEnglishLexiconTables(): LexiconTables {
  return deriveLexiconTables(englishWords(), englishFirstTags());
}

let shipped: LexiconTables | null = null;

/** The English lexicon's tables, from the snapshot when it is current, else derived; once per process. */
export function englishLexiconTables(): LexiconTables {
  shipped ??= readSnapshot() ?? deriveEnglishLexiconTables();
  return shipped;
}
