// Tells a PDF from what merely carries a .pdf name, by magic bytes, before any parser sees the file.

/** How far into a file `%PDF-` may start: readers (pdf.js, poppler) tolerate junk such as HTTP headers before it. */
export const PDF_HEADER_WINDOW = 1024;

export type SniffKind =
  | "empty"
  | "html"
  | "xml"
  | "png"
  | "jpeg"
  | "gif"
  | "tiff"
  | "gzip"
  | "zstd"
  | "zip"
  | "parquet"
  | "utf-16"
  | "postscript"
  | "djvu"
  | "git-lfs-pointer"
  | "text"
  | "unknown";

export type Sniffed = { pdf: true; headerOffset: number } | { pdf: false; kind: SniffKind };

const PDF_MAGIC = Buffer.from("%PDF-", "latin1");
const LFS_POINTER = Buffer.from("version https://git-lfs.github.com/spec/", "latin1");

/** `head` is the first bytes of the file (at least PDF_HEADER_WINDOW of them when the file is that long). */
export function sniff(head: Uint8Array): Sniffed {
  if (head.length === 0) return { pdf: false, kind: "empty" };
  const bytes = Buffer.from(head.buffer, head.byteOffset, Math.min(head.length, PDF_HEADER_WINDOW + PDF_MAGIC.length));
  const offset = bytes.indexOf(PDF_MAGIC);
  if (offset >= 0 && offset <= PDF_HEADER_WINDOW) return { pdf: true, headerOffset: offset };
  return { pdf: false, kind: binaryKind(bytes) ?? textKind(bytes) };
}

function startsWith(bytes: Buffer, ...magic: number[]): boolean {
  if (bytes.length < magic.length) return false;
  for (let i = 0; i < magic.length; i++) if (bytes[i] !== magic[i]) return false;
  return true;
}

function binaryKind(bytes: Buffer): SniffKind | null {
  if (startsWith(bytes, 0x89, 0x50, 0x4e, 0x47)) return "png";
  if (startsWith(bytes, 0xff, 0xd8, 0xff)) return "jpeg";
  if (startsWith(bytes, 0x47, 0x49, 0x46, 0x38)) return "gif";
  if (startsWith(bytes, 0x49, 0x49, 0x2a, 0x00) || startsWith(bytes, 0x4d, 0x4d, 0x00, 0x2a)) return "tiff";
  if (startsWith(bytes, 0x1f, 0x8b)) return "gzip";
  if (startsWith(bytes, 0x28, 0xb5, 0x2f, 0xfd)) return "zstd";
  if (startsWith(bytes, 0x50, 0x4b, 0x03, 0x04)) return "zip";
  if (startsWith(bytes, 0x50, 0x41, 0x52, 0x31)) return "parquet"; // "PAR1"
  // A byte-order mark of UTF-16, little- or big-endian (Windows tools' "Unicode")
  if (startsWith(bytes, 0xff, 0xfe) || startsWith(bytes, 0xfe, 0xff)) return "utf-16";
  if (bytes.subarray(0, 8).toString("latin1") === "AT&TFORM") return "djvu";
  return null;
}

function textKind(bytes: Buffer): SniffKind {
  const text = bytes.toString("latin1").replace(/^\uFEFF|^\xEF\xBB\xBF/, "");
  const start = text.trimStart();
  if (bytes.indexOf(LFS_POINTER) === 0) return "git-lfs-pointer";
  if (start.startsWith("%!PS")) return "postscript";
  const lower = start.slice(0, PDF_HEADER_WINDOW).toLowerCase();
  if (lower.startsWith("<!doctype html") || lower.startsWith("<html") || lower.includes("<html")) return "html";
  if (lower.startsWith("<?xml")) return "xml";
  return looksLikeText(bytes) ? "text" : "unknown";
}

/** Text if nearly every byte is printable ASCII, whitespace or part of UTF-8. */
function looksLikeText(bytes: Buffer): boolean {
  let control = 0;
  for (const b of bytes) if (b < 9 || (b > 13 && b < 32) || b === 127) control++;
  return control <= bytes.length * 0.01;
}
