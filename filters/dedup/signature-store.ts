// Stage 1 files: per rank (or per published index generation) a directory with
//   sigs.bin    fixed-size records, one per doc in input order: full-text signature, paper-opening signature,
//               64-bit hashes of the exact keys (normalised text, source bytes, arXiv id), flags
//   docs.jsonl  one KeepRecord + exact keys per doc, same order
//   count.json  number of docs, and the stamp: a digest of sigs.bin, docs.jsonl and the kept texts that later stages
//               record, so they can tell when a source was written again under them
//   texts.*     with --keep best, the texts of docs without a density (unscored-texts.ts)
// Fixed-size records let stage 2 stream one band at a time and stage 3 fetch two signatures by offset.
import { createHash } from "node:crypto";
import {
  closeSync,
  existsSync,
  mkdirSync,
  openSync,
  readFileSync,
  readSync,
  renameSync,
  rmSync,
  writeFileSync,
  writeSync,
} from "node:fs";
import { join } from "node:path";
import type { Doc } from "../../src/doc.js";
import { DensityScorer } from "../density/density.js";
import { scoredText } from "../density/scored-text.js";
import { recordLicence } from "../rights/carried-licence.js";
import { isOpenLicence } from "../rights/licence.js";
import type { KeepRecord } from "./keep-policy.js";
import type { MinhashSigner, Signature } from "./minhash.js";
import { arxivIdentity, paperOpening } from "./paper-identity.js";
import { privateTemp } from "./private-temp.js";
import { simplifyText } from "./text-norm.js";
import { UnscoredTextWriter } from "./unscored-texts.js";

export const HAS_TEXT_SIG = 1;
export const HAS_OPENING_SIG = 2;
/** Exact keys, in record order; flag of key k is HAS_KEY << k. */
export const EXACT_KEYS = ["text", "source", "arxiv"] as const;
export const HAS_KEY = 4;
/** The doc's text was read by OCR, in whole or in part (extraction "ocr" or "mixed"). */
export const OCR_TEXT = HAS_KEY << EXACT_KEYS.length;

export type DocRecord = KeepRecord;

/** uint32 words per record: two signatures of 2 * numHashes words, three 64-bit keys, then the flags word. */
export function recordWords(numHashes: number): number {
  return 4 * numHashes + 2 * EXACT_KEYS.length + 1;
}

/** First word of exact key k in a record. */
export function keyOffset(numHashes: number, k: number): number {
  return 4 * numHashes + 2 * k;
}

/** An exclusive SourceWriter found its directory made by another writer. */
export class SourceExistsError extends Error {}

/**
 * Writes one source directory: records and their docs.jsonl lines in order, then count.json with the stamp. Files
 * go to `dir`.tmp and replace `dir` on `close(true)` unless it holds the same docs already (its stamp is the same),
 * so a crash leaves the source as it was and an unchanged rerun leaves it untouched. `exclusive`: `dir` is created,
 * never replaced (SourceExistsError when it exists), from a temp dir of this process's own, as a new index
 * generation is, which another process may be creating under the same name.
 */
export class SourceWriter {
  private readonly tmp: string;
  private readonly exclusive: boolean;
  private readonly sigs: number;
  private readonly records: number;
  private readonly stamp = createHash("sha256");
  private texts: UnscoredTextWriter | null = null;
  count = 0;

  constructor(
    private readonly dir: string,
    options: { exclusive?: boolean } = {},
  ) {
    this.exclusive = options.exclusive ?? false;
    this.tmp = this.exclusive ? privateTemp(dir) : `${dir}.tmp`;
    rmSync(this.tmp, { recursive: true, force: true });
    mkdirSync(this.tmp, { recursive: true });
    this.sigs = openSync(join(this.tmp, "sigs.bin"), "w");
    this.records = openSync(join(this.tmp, "docs.jsonl"), "w");
  }

  /** `text`: what density would score of a doc that has none, for stage 3 to score if its cluster needs it. */
  add(record: Uint8Array, line: string, text: string | null = null): void {
    writeSync(this.sigs, record);
    writeSync(this.records, `${line}\n`);
    this.stamp.update(record).update(line).update("\n");
    if (text !== null) {
      this.texts ??= new UnscoredTextWriter(this.tmp);
      this.texts.add(this.count, text);
      // Signatures see the text only through its normalised form: a change of case or punctuation is a change here.
      this.stamp.update(text);
    }
    this.count++;
  }

  /** Makes `text` (a file passed to `close`) part of the source's stamp, so a change of it alone is a change. */
  stampExtra(text: string): void {
    this.stamp.update(text);
  }

  /** Closes the files; `keep` false drops them (the writer failed). `extra`: files (name: text) written beside them. */
  close(keep: boolean, extra: Readonly<Record<string, string>> = {}): void {
    closeSync(this.sigs);
    closeSync(this.records);
    this.texts?.close();
    const stamp = this.stamp.digest("hex").slice(0, 16);
    const same = !this.exclusive && existsSync(join(this.dir, "count.json")) && sourceStamp(this.dir) === stamp;
    if (!keep || same) {
      rmSync(this.tmp, { recursive: true, force: true });
      return;
    }
    for (const [name, text] of Object.entries(extra)) writeFileSync(join(this.tmp, name), text);
    writeFileSync(join(this.tmp, "count.json"), JSON.stringify({ count: this.count, stamp }));
    if (this.exclusive) {
      try {
        // rename(2) does not replace a directory that holds files
        if (existsSync(this.dir)) throw Object.assign(new Error("exists"), { code: "EEXIST" });
        renameSync(this.tmp, this.dir);
      } catch (error) {
        rmSync(this.tmp, { recursive: true, force: true });
        const code = (error as NodeJS.ErrnoException).code;
        if (code === "EEXIST" || code === "ENOTEMPTY") throw new SourceExistsError(`${this.dir} exists`);
        throw error;
      }
      return;
    }
    // Moved aside, not deleted first: a crash then leaves the old source beside the new one, never neither.
    const old = `${this.dir}.old`;
    rmSync(old, { recursive: true, force: true });
    if (existsSync(this.dir)) renameSync(this.dir, old);
    renameSync(this.tmp, this.dir);
    rmSync(old, { recursive: true, force: true });
  }
}

/**
 * Stage 1 for one rank: signatures and records of `docs` (in input order) into `dir`, atomically. `keepTexts`: keep the
 * texts of docs without a density (for `--keep best`, whose stage 3 may need their density). `densityModel`: the id of
 * the density model whose densities count (read from the weights file when not given; no model is loaded for it).
 */
export async function writeSignatures(
  docs: AsyncIterable<Doc>,
  dir: string,
  signer: MinhashSigner,
  keepTexts: boolean,
  densityModel = new DensityScorer().modelId,
): Promise<number> {
  const words = recordWords(signer.numHashes);
  const sigWords = 2 * signer.numHashes;
  const record = new Uint32Array(words);
  const bytes = new Uint8Array(record.buffer);
  const out = new SourceWriter(dir);
  let written = false;
  try {
    for await (const doc of docs) {
      record.fill(0);
      let flags = 0;
      const simplified = simplifyText(doc.text, signer.config.norm);
      const sig = signer.signatureOfSimplified(simplified);
      if (sig) {
        record.set(sig, 0);
        flags |= HAS_TEXT_SIG;
      }
      const opening = paperOpening(doc);
      const openingSig = opening === null ? null : signer.signature(opening);
      if (openingSig) {
        record.set(openingSig, sigWords);
        flags |= HAS_OPENING_SIG;
      }
      const { keep, keys } = describe(doc, simplified, densityModel);
      keys.forEach((key, k) => {
        if (key === null) return;
        // 64 bits of sha256: collisions need ~4e9 distinct keys to become likely
        const digest = createHash("sha256").update(key).digest();
        record[keyOffset(signer.numHashes, k)] = digest.readUInt32BE(0);
        record[keyOffset(signer.numHashes, k) + 1] = digest.readUInt32BE(4);
        flags |= HAS_KEY << k;
      });
      if (doc.meta.extraction === "ocr" || doc.meta.extraction === "mixed") flags |= OCR_TEXT;
      record[words - 1] = flags;
      out.add(bytes, JSON.stringify(keep), keepTexts && keep.density === null ? scoredText(doc) : null);
    }
    written = true;
  } finally {
    out.close(written);
  }
  return out.count;
}

/**
 * The keep-policy facts and the exact keys (in EXACT_KEYS order, null when unknown) of a doc. A density another model
 * scored (`density_model` not `densityModel`: an earlier assay's output, or a record's own) counts as none, so stage 3
 * scores it again where it decides: densities of two models are two scales, and a stale 30 beat a current 2.7.
 */
function describe(doc: Doc, simplified: string, densityModel: string): { keep: DocRecord; keys: Array<string | null> } {
  const arxiv = arxivIdentity(doc);
  return {
    keep: {
      id: doc.id,
      arxivId: arxiv?.id ?? null,
      arxivVersion: arxiv?.version ?? null,
      extraction: doc.meta.extraction,
      density: doc.meta.density_model === densityModel ? doc.meta.density : null,
      chars: doc.text.length,
      damagedPages: damagedPages(doc),
      openLicence: isOpenLicence(recordLicence(doc)),
    },
    keys: [textKey(doc.text, simplified), doc.meta.source_sha256, arxiv ? `arxiv:${arxiv.id}` : null],
  };
}

/**
 * The exact text key: the normalised text, or the text itself when normalising leaves nothing (punctuation, symbols
 * and spaces only). Every such text once had the same key, so a run of dots was a duplicate of a run of brackets.
 */
function textKey(text: string, simplified: string): string {
  return simplified.trim() === "" ? `raw:${text}` : `text:${simplified}`;
}

/** Ingest's `damaged_pages` score; it comes back as a float column when a later pass reads shards. */
function damagedPages(doc: Doc): number | null {
  const n = doc.scores.damaged_pages;
  return n !== undefined && Number.isFinite(n) ? n : null;
}

interface SourceCount {
  count: number;
  /** Absent in sources written before stamps were kept. */
  stamp?: string;
}

const readCount = (dir: string) => JSON.parse(readFileSync(join(dir, "count.json"), "utf8")) as SourceCount;

export function sourceCount(dir: string): number {
  return readCount(dir).count;
}

/** What a source holds, in 16 hex digits: a source written again with other docs has another stamp. */
export function sourceStamp(dir: string): string {
  const { stamp } = readCount(dir);
  if (stamp !== undefined) return stamp;
  const hash = createHash("sha256");
  for (const file of ["sigs.bin", "docs.jsonl"]) hash.update(readFileSync(join(dir, file)));
  return hash.digest("hex").slice(0, 16);
}

export function readDocRecords(dir: string): DocRecord[] {
  return readFileSync(join(dir, "docs.jsonl"), "utf8")
    .split("\n")
    .filter((l) => l)
    .map((l) => {
      // Records written before damagedPages was kept (an older index generation) lack it: unknown.
      const rec = JSON.parse(l) as DocRecord;
      return { ...rec, damagedPages: rec.damagedPages ?? null };
    });
}

/**
 * A band column being collected: `width` uint32 per row, the source-local doc number of each row, and its tie: what
 * orders rows of equal band values in a verified bucket (signatureTie).
 */
export class BandColumn {
  values: Uint32Array;
  docs: Int32Array;
  ties: Uint32Array;
  rows = 0;

  constructor(readonly width: number) {
    this.values = new Uint32Array(width * 1024);
    this.docs = new Int32Array(1024);
    this.ties = new Uint32Array(1024);
  }

  push(from: Uint32Array, at: number, doc: number, tie: number): void {
    if (this.rows === this.docs.length) {
      const values = new Uint32Array(this.values.length * 2);
      values.set(this.values);
      this.values = values;
      const docs = new Int32Array(this.docs.length * 2);
      docs.set(this.docs);
      this.docs = docs;
      const ties = new Uint32Array(this.ties.length * 2);
      ties.set(this.ties);
      this.ties = ties;
    }
    this.values.set(from.subarray(at, at + this.width), this.rows * this.width);
    this.docs[this.rows] = doc;
    this.ties[this.rows++] = tie;
  }
}

/**
 * A 32-bit hash of what stage 3 checks a verified pair on: the signature of `sigWords` words at `at` and the OCR
 * flag. Rows of equal band values are paired with a few rows before them only (bandPairs), so the order among them
 * decides which pairs are checked; ordered by this hash rather than by doc number, it is the same however many ranks
 * numbered the docs (docs of one hash check alike), and a staged run clusters as one process does.
 */
export function signatureTie(record: Uint32Array, at: number, sigWords: number, flags: number): number {
  let h = (flags & OCR_TEXT) === 0 ? 0x811c9dc5 : 0x2545f491;
  for (let k = at; k < at + sigWords; k++) h = Math.imul(h ^ (record[k] as number), 0x01000193);
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  return h >>> 0;
}

const CHUNK_BYTES = 1 << 19;
let chunk = new Uint32Array(CHUNK_BYTES / 4);

/**
 * Appends words [from, from + width) of every record of `dir` whose flags include `flag` to `column`, numbering
 * docs from `firstDoc`, each with the tie of its signature at `verifiedFrom` (0 for the text's, 2 * numHashes for the
 * opening's; null for a bucket whose pairs are not verified, where the order of equal rows makes no difference). Reads
 * fixed-size chunks, so a bucket costs its band column in memory, never whole signatures. Returns the number of
 * records read.
 */
export function collectBand(
  dir: string,
  numHashes: number,
  from: number,
  flag: number,
  firstDoc: number,
  column: BandColumn,
  verifiedFrom: number | null = null,
): number {
  const words = recordWords(numHashes);
  if (chunk.length < words) chunk = new Uint32Array(words);
  const perChunk = Math.floor(chunk.length / words);
  const bytes = new Uint8Array(chunk.buffer, 0, perChunk * words * 4);
  const fd = openSync(join(dir, "sigs.bin"), "r");
  let doc = 0;
  try {
    for (;;) {
      const got = readSync(fd, bytes, 0, bytes.length, null);
      const n = Math.floor(got / (words * 4));
      for (let r = 0; r < n; r++, doc++) {
        const at = r * words;
        const flags = chunk[at + words - 1] as number;
        if ((flags & flag) === 0) continue;
        const tie = verifiedFrom === null ? 0 : signatureTie(chunk, at + verifiedFrom, 2 * numHashes, flags);
        column.push(chunk, at + from, firstDoc + doc, tie);
      }
      if (got < bytes.length) return doc;
    }
  } finally {
    closeSync(fd);
  }
}

/** Files a RecordReader keeps open at once: an index of many generations must not run out of descriptors. */
const OPEN_SOURCES = 64;
/** Signatures a RecordReader keeps: a verified bucket's pairs check a doc against the few docs before it in a row. */
const RECENT_SIGNATURES = 256;

/**
 * Random access to the records of sources (stage 3's signature checks, a million or more of them): each source's
 * sigs.bin stays open between reads, and the latest signatures read are kept: opening the file for each read, then
 * reading a signature again for each of its pairs, cost three quarters of stage 3's CPU. `close` when done.
 */
export class RecordReader {
  private readonly open = new Map<string, number>();
  private readonly recent = new Map<string, Signature>();
  private readonly words: number;

  constructor(private readonly numHashes: number) {
    this.words = recordWords(numHashes);
  }

  /** The flags word of a doc's record (HAS_TEXT_SIG, OCR_TEXT, ...). */
  flags(dir: string, doc: number): number {
    return this.read(dir, (doc + 1) * this.words - 1, new Uint32Array(1))[0] as number;
  }

  /** One record's signature (`opening` selects the paper-opening one). */
  signature(dir: string, doc: number, opening: boolean): Signature {
    const key = `${opening ? "o" : "t"}${doc}:${dir}`;
    const kept = this.recent.get(key);
    if (kept) return kept;
    const at = doc * this.words + (opening ? 2 * this.numHashes : 0);
    const signature = this.read(dir, at, new Uint32Array(2 * this.numHashes));
    keepBounded(this.recent, key, signature, RECENT_SIGNATURES);
    return signature;
  }

  close(): void {
    for (const fd of this.open.values()) closeSync(fd);
    this.open.clear();
    this.recent.clear();
  }

  /** Fills `into` from `dir`'s sigs.bin, starting at uint32 word `at`. */
  private read(dir: string, at: number, into: Uint32Array): Uint32Array {
    let fd = this.open.get(dir);
    if (fd === undefined) {
      fd = openSync(join(dir, "sigs.bin"), "r");
      const evicted = keepBounded(this.open, dir, fd, OPEN_SOURCES);
      if (evicted !== undefined) closeSync(evicted);
    }
    readSync(fd, new Uint8Array(into.buffer), 0, into.byteLength, at * 4);
    return into;
  }
}

/** Adds `key` to `map`, dropping the entry added first when it holds `limit`; returns the dropped value. */
function keepBounded<V>(map: Map<string, V>, key: string, value: V, limit: number): V | undefined {
  let dropped: V | undefined;
  if (map.size === limit) {
    const [first] = map;
    if (first) {
      map.delete(first[0]);
      dropped = first[1];
    }
  }
  map.set(key, value);
  return dropped;
}
