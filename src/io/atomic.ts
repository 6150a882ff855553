// Atomic writes: readers never see a half-written file, and a crash leaves only a stray temp file.
import { randomBytes } from "node:crypto";
import { type FileHandle, lstat, open, readFile, readlink, realpath, rename, rm, stat } from "node:fs/promises";
import { basename, dirname, join, resolve } from "node:path";

/** An output that cannot be written where it was asked for; the message says what to give instead. */
export class OutputError extends Error {}

/** A hidden name beside `path` for the file while it is written; a stray one is a dot file ending in `.tmp`. */
export function tempPathBeside(path: string): string {
  return join(dirname(path), `.${basename(path)}.${randomBytes(6).toString("hex")}.tmp`);
}

/** Links followed before giving up, as the kernel's own limit (ELOOP). */
const MAX_LINKS = 40;

/**
 * The file an atomic write of `path` replaces. A symlink is written through: the rename lands on its target (the link
 * stays a link), even a target not made yet. A directory, device or fifo is refused: renaming over it would replace
 * it (as root, `/dev/stdout` itself), not write into it.
 */
async function atomicTarget(path: string, links = 0): Promise<string> {
  const info = await stat(path).catch(() => null);
  if (info && !info.isFile()) {
    const what = info.isDirectory() ? "a directory" : "not a regular file";
    throw new OutputError(`${path} is ${what}: give the path of a file to write`);
  }
  if (info) return realpath(path);
  // Nothing there yet, or a dangling link: followed a step at a time to where its last target would be.
  if (!(await lstat(path).catch(() => null))?.isSymbolicLink()) return path;
  if (links >= MAX_LINKS) throw new OutputError(`${path}: too many levels of symbolic links`);
  return atomicTarget(resolve(dirname(path), await readlink(path)), links + 1);
}

/** A file written in pieces under a temporary name beside its target, renamed into place only when whole. */
export class AtomicFile {
  private constructor(
    /** Where the file lands: the path asked for, or its symlink's target. */
    private readonly path: string,
    private readonly temp: string,
    private readonly handle: FileHandle,
  ) {}

  static async create(path: string): Promise<AtomicFile> {
    const target = await atomicTarget(path);
    const temp = tempPathBeside(target);
    try {
      return new AtomicFile(target, temp, await open(temp, "w"));
    } catch (error) {
      // The hidden temporary name is ours: the one-line error names the file the user asked for.
      (error as NodeJS.ErrnoException).path = target;
      throw error;
    }
  }

  async write(data: Uint8Array | string): Promise<void> {
    const bytes = typeof data === "string" ? Buffer.from(data) : data;
    let offset = 0;
    while (offset < bytes.byteLength) {
      const { bytesWritten } = await this.handle.write(bytes, offset);
      offset += bytesWritten;
    }
  }

  /** Closes the file and moves it to its name. */
  async commit(): Promise<void> {
    await this.handle.close();
    await rename(this.temp, this.path);
  }

  /** Closes and deletes the temporary file; never throws, so it can run while another error is on its way. */
  async discard(): Promise<void> {
    await this.handle.close().catch(() => undefined);
    await rm(this.temp, { force: true }).catch(() => undefined);
  }
}

export async function writeFileAtomic(path: string, data: Uint8Array | string): Promise<void> {
  const file = await AtomicFile.create(path);
  try {
    await file.write(data);
    await file.commit();
  } catch (error) {
    await file.discard();
    throw error;
  }
}

/**
 * writeFileAtomic, unless `path` is a file holding `text` already: a stage that found its work done leaves its outputs'
 * times as they were, and what reads them after it sees nothing written.
 */
export async function writeFileAtomicIfChanged(path: string, text: string): Promise<void> {
  const now = await readFile(path, "utf8").catch(() => null);
  if (now !== text) await writeFileAtomic(path, text);
}
