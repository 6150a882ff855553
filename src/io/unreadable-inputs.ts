// Inputs the walk finds but will not read, each a reject that says why rather than the end of the run or a hang: a
// name that is not UTF-8, a named pipe or device, a link to a folder outside the walk (and a folder that cannot be
// listed, recorded by the walk itself). Reading such an input meets `discoveryError`, as the system's error would be.
import type { Dirent } from "node:fs";
import { realpath, stat } from "node:fs/promises";
import { sep } from "node:path";
import type { InputFile } from "./inputs.js";

/** The error reading this input meets, as the system's would be (code, syscall), or null when it has a readable path. */
export function discoveryError(input: InputFile): NodeJS.ErrnoException | null {
  const { unreadable } = input;
  return unreadable ? Object.assign(new Error(unreadable.message), { ...unreadable, path: input.path }) : null;
}

/**
 * Node opens a path by the UTF-8 bytes of its text, and the text of a name that is not UTF-8 (U+FFFD for each stray
 * byte) names no file: what reading it would meet, said as the system would.
 */
export function notUtf8(path: string): InputFile["unreadable"] {
  const message = `EILSEQ: the file's name is not UTF-8, so it cannot be opened; rename it (convmv -f latin1 -t utf8): '${path}'`;
  return { code: "EILSEQ", syscall: "open", message };
}

/**
 * A path's bytes as text, each byte that is not part of a UTF-8 character written %XX: a name that is not UTF-8 (a
 * Latin-1 "caf\xe9.pdf") reads "caf%E9.pdf", told apart from "caf%E8.pdf" and traceable to its file, where decoding
 * makes both "caf\ufffd.pdf".
 */
export function escapedPath(raw: Buffer): string {
  let out = "";
  for (let i = 0; i < raw.length; ) {
    const lead = raw[i] as number;
    const length = utf8Length(lead);
    const bytes = raw.subarray(i, i + length);
    // A sequence that decodes and encodes back to itself is a character (not an overlong form, a surrogate or cut short).
    if (length > 0 && bytes.length === length && Buffer.from(bytes.toString("utf8"), "utf8").equals(bytes)) {
      out += bytes.toString("utf8");
      i += length;
    } else {
      out += `%${lead.toString(16).toUpperCase().padStart(2, "0")}`;
      i++;
    }
  }
  return out;
}

/** Bytes of the UTF-8 character a lead byte opens, or 0 for a byte no character starts with. */
function utf8Length(lead: number): number {
  if (lead < 0x80) return 1;
  if (lead >= 0xc2 && lead <= 0xdf) return 2;
  if (lead >= 0xe0 && lead <= 0xef) return 3;
  if (lead >= 0xf0 && lead <= 0xf4) return 4;
  return 0;
}

/**
 * A named pipe, socket or device, itself or behind a link (`mkfifo paper.pdf`, a dump copied with its special files):
 * opening a pipe waits for a writer, which hung the run for ever, and a device can read without end. Reading such an
 * input meets this instead.
 */
export function specialFile(path: string): InputFile["unreadable"] {
  const message = `special_file: '${path}' is a named pipe, socket or device, not a file: it is not read`;
  return { code: "special_file", syscall: "open", message };
}

/** The real paths of the inputs that are directories, each walked whole. */
export async function givenFolders(args: readonly string[]): Promise<string[]> {
  const folders: string[] = [];
  for (const arg of args) if ((await stat(arg).catch(() => null))?.isDirectory()) folders.push(await realpath(arg));
  return folders;
}

/** The folder a link leads to when it lies outside every folder of `walked` (real paths), else null. */
export async function folderOutside(link: Buffer, walked: readonly string[]): Promise<string | null> {
  const target = await realpath(link).catch(() => null);
  if (target === null || walked.some((dir) => target === dir || target.startsWith(dir + sep))) return null;
  return (await stat(target).catch(() => null))?.isDirectory() ? target : null;
}

export function folderLink(path: string, target: string): InputFile["unreadable"] {
  const message = `folder_link: '${path}' is a link to the folder ${target}, which is not followed: give that folder as an input to read it`;
  return { code: "folder_link", syscall: "scandir", message };
}

/** Whether a directory entry is, or links to, a named pipe, socket or device. A dangling link is not: its read fails. */
export async function isSpecial(entry: Dirent<Buffer>, raw: Buffer): Promise<boolean> {
  if (entry.isFile() || entry.isDirectory()) return false;
  if (!entry.isSymbolicLink()) return true;
  const target = await stat(raw).catch(() => null);
  return target !== null && !target.isFile() && !target.isDirectory();
}
