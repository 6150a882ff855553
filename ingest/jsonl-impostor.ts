// A file under a JSON Lines name that is another kind of file, told by its first bytes: read line by line, a 180 KB PDF
// named .jsonl was 2,619 rejects of binary junk, and none said what the file was.
import { type SniffKind, sniff } from "./sniff.js";

/** The kinds a JSON Lines name may hide, by their magic bytes, each with what to do about it. */
const IMPOSTORS = {
  pdf: "a PDF (name it .pdf)",
  gzip: "gzip data (name it .jsonl.gz)",
  zstd: "zstd data (name it .jsonl.zst)",
  zip: "a zip archive (unzip it)",
  parquet: "a Parquet file (name it .parquet)",
  "utf-16": "UTF-16 text (convert it: iconv -f UTF-16 -t UTF-8)",
  "git-lfs-pointer": "a Git LFS pointer (fetch the file: git lfs pull)",
  png: "a PNG image",
  jpeg: "a JPEG image",
  gif: "a GIF image",
  tiff: "a TIFF image",
  djvu: "a DjVu document",
} as const satisfies Partial<Record<SniffKind | "pdf", string>>;

export type Impostor = keyof typeof IMPOSTORS;

const OPEN_BRACE = 0x7b;

/**
 * The kind of file an uncompressed JSON Lines file's first bytes (`head`) say it is instead, or null. A file whose
 * first character past a byte-order mark and white space opens an object is JSON Lines, whatever its first record
 * holds ("%PDF-" quoted, a page's HTML); so is text of any kind, and bytes of no known kind, which are read line by
 * line as before, so that no record after a damaged start is lost.
 */
export function jsonLinesImpostor(head: Uint8Array): Impostor | null {
  let at = head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf ? 3 : 0;
  while (at < head.length && isWhiteSpace(head[at] as number)) at++;
  if (head[at] === OPEN_BRACE) return null;
  const sniffed = sniff(head);
  if (sniffed.pdf) return sniffed.headerOffset === 0 ? "pdf" : null;
  return Object.hasOwn(IMPOSTORS, sniffed.kind) ? (sniffed.kind as Impostor) : null;
}

/** A reject's detail for a file of this kind. */
export function impostorDetail(kind: Impostor): string {
  return `the file is ${IMPOSTORS[kind]}, not JSON Lines`;
}

function isWhiteSpace(byte: number): boolean {
  return byte === 0x20 || byte === 0x0a || byte === 0x0d || byte === 0x09;
}
