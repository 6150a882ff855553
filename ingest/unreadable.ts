// The reject of an input file that cannot be read: one scheme for PDFs, JSON Lines and Parquet.
import { type Doc, makeDoc } from "../src/doc.js";

/**
 * `unreadable:<cause>`: the system's error code when it refused the file (ENOENT for a dangling link in a partly
 * synced dump, EACCES, EISDIR, EIO), or `corrupt` when the bytes are no readable file of their kind (a damaged Parquet
 * footer or page, a gzip or zstd stream cut short or failing its checksum). The cause says what to do (sync the dump
 * again, fix permissions, fetch the file again) and the reject reasons' histogram counts by it; the file's kind is in
 * its source path already. The reader's own message is kept in the reject's `metadata.read_error`.
 */
export function unreadableReject(id: string, source: string, error: unknown): { doc: Doc; reject: string } {
  const doc = makeDoc(id, "", source);
  doc.meta.metadata = JSON.stringify({ read_error: error instanceof Error ? error.message : String(error) });
  // Only the system's errors name a system call; zlib's carry codes of their own (Z_BUF_ERROR), which are not causes.
  const { syscall, code } = error as Partial<NodeJS.ErrnoException>;
  return { doc, reject: `unreadable:${syscall !== undefined && code !== undefined ? code : "corrupt"}` };
}
