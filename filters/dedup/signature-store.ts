// Stage 1 files: per rank (or per published index generation) a directory with
//   sigs.bin    fixed-size records, one per doc in input order: full-text signature, paper-opening signature, flags
//   docs.jsonl  one KeepRecord + exact keys per doc, same order
//   count.json  number of docs
// Fixed-size records let stage 2 stream one band at a time and stage 3 fetch two signatures by offset.
import { createHash } from "node:crypto";
import {
  closeSync,
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
import type { KeepRecord } from "./keep-policy.js";
import type { MinhashSigner, Signature } from "./minhash.js";
import { arxivIdentity, paperOpening } from "./paper-identity.js";
import { simplifyText } from "./text-norm.js";

export const HAS_TEXT_SIG = 1;
export const HAS_OPENING_SIG = 2;

export interface DocRecord extends KeepRecord {
  /** Exact-match keys: sha256 of normalised text, sha256 of source bytes, arXiv id. */
  keys: string[];
}

/** uint32 words per record: two signatures of 2 * numHashes words, then the flags word. */
export function recordWords(numHashes: number): number {
  return 4 * numHashes + 1;
}

/** Stage 1 for one rank: signatures and records of `docs` (in input order) into `dir`, atomically. */
export async function writeSignatures(docs: AsyncIterable<Doc>, dir: string, signer: MinhashSigner): Promise<number> {
  const tmp = `${dir}.tmp`;
  rmSync(tmp, { recursive: true, force: true });
  mkdirSync(tmp, { recursive: true });
  const words = recordWords(signer.numHashes);
  const sigWords = 2 * signer.numHashes;
  const fd = openSync(join(tmp, "sigs.bin"), "w");
  const lines: string[] = [];
  const record = new Uint32Array(words);
  let count = 0;
  try {
    for await (const doc of docs) {
      record.fill(0);
      let flags = 0;
      const sig = signer.signature(doc.text);
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
      record[words - 1] = flags;
      writeSync(fd, record);
      lines.push(JSON.stringify(docRecord(doc)));
      count++;
    }
  } finally {
    closeSync(fd);
  }
  writeFileSync(join(tmp, "docs.jsonl"), lines.length ? `${lines.join("\n")}\n` : "");
  writeFileSync(join(tmp, "count.json"), JSON.stringify({ count }));
  rmSync(dir, { recursive: true, force: true });
  renameSync(tmp, dir);
  return count;
}

function docRecord(doc: Doc): DocRecord {
  const arxiv = arxivIdentity(doc);
  const keys = [`text:${createHash("sha256").update(simplifyText(doc.text)).digest("hex")}`];
  if (doc.meta.source_sha256) keys.push(`source:${doc.meta.source_sha256}`);
  if (arxiv) keys.push(`arxiv:${arxiv.id}`);
  return {
    id: doc.id,
    arxivId: arxiv?.id ?? null,
    arxivVersion: arxiv?.version ?? null,
    extraction: doc.meta.extraction,
    density: doc.meta.density,
    chars: doc.text.length,
    keys,
  };
}

export function sourceCount(dir: string): number {
  return (JSON.parse(readFileSync(join(dir, "count.json"), "utf8")) as { count: number }).count;
}

export function readDocRecords(dir: string): DocRecord[] {
  return readFileSync(join(dir, "docs.jsonl"), "utf8")
    .split("\n")
    .filter((l) => l)
    .map((l) => JSON.parse(l) as DocRecord);
}

/**
 * Streams one column slice [from, from + width) of every record plus its flags, `chunk` records per read, so a
 * bucket costs width words per doc in memory, never whole signatures.
 */
export function* readColumns(
  dir: string,
  numHashes: number,
  from: number,
  width: number,
  chunk = 4096,
): Generator<{ values: Uint32Array; flags: number }> {
  const words = recordWords(numHashes);
  const fd = openSync(join(dir, "sigs.bin"), "r");
  const buf = new Uint32Array(words * chunk);
  const bytes = new Uint8Array(buf.buffer);
  try {
    for (;;) {
      const got = readSync(fd, bytes, 0, bytes.length, null);
      const n = Math.floor(got / (words * 4));
      for (let r = 0; r < n; r++) {
        const at = r * words;
        yield { values: buf.subarray(at + from, at + from + width), flags: buf[at + words - 1] as number };
      }
      if (got < bytes.length) return;
    }
  } finally {
    closeSync(fd);
  }
}

/** Random access to one record's signature (`opening` selects the paper-opening one). */
export function readSignature(dir: string, numHashes: number, doc: number, opening: boolean): Signature {
  const words = recordWords(numHashes);
  const sig = new Uint32Array(2 * numHashes);
  const fd = openSync(join(dir, "sigs.bin"), "r");
  try {
    readSync(fd, new Uint8Array(sig.buffer), 0, sig.byteLength, (doc * words + (opening ? 2 * numHashes : 0)) * 4);
  } finally {
    closeSync(fd);
  }
  return sig;
}
