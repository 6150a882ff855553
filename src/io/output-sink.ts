// Where a command streams an output file: standard output, or a file written atomically (src/io/atomic.ts), so that
// an interrupted command never leaves half a file under the name, nor truncates a good one from an earlier run.
import { createWriteStream, fstatSync } from "node:fs";
import { stat } from "node:fs/promises";
import { AtomicFile } from "./atomic.js";

export interface OutputSink {
  /** Whether the output goes to standard output, which then carries nothing else (summaries go to stderr). */
  readonly toStdout: boolean;
  write(data: string): Promise<void>;
  /** Puts the output in place once whole. */
  commit(): Promise<void>;
  /** Drops an output that failed; never throws. */
  discard(): Promise<void>;
}

/** Standard output closed by its reader (`| head -1`): nothing more to write, and no one to tell. */
export class StandardOutputClosed extends Error {}

const STANDARD_OUTPUT: OutputSink = {
  toStdout: true,
  // The callback reports a closed pipe to the writer, which then stops instead of working on for no one.
  write: (data) =>
    new Promise((resolve, reject) =>
      process.stdout.write(data, (error) => {
        if (!error) resolve();
        else
          reject((error as NodeJS.ErrnoException).code === "EPIPE" ? new StandardOutputClosed(error.message) : error);
      }),
    ),
  commit: async () => undefined,
  discard: async () => undefined,
};

/**
 * `-` is standard output, and so is a path naming the file standard output already is (`/dev/stdout`, `/dev/fd/1`):
 * written through a name of its own it would be opened a second time, at offset 0 over what the shell redirected.
 */
export async function openOutput(path: string): Promise<OutputSink> {
  if (path === "-" || (await isStandardOutput(path))) return STANDARD_OUTPUT;
  const existing = await stat(path).catch(() => null);
  if (existing?.isCharacterDevice() || existing?.isFIFO()) return streamInto(path);
  const file = await AtomicFile.create(path);
  return {
    toStdout: false,
    write: (data) => file.write(data),
    commit: () => file.commit(),
    discard: () => file.discard(),
  };
}

async function isStandardOutput(path: string): Promise<boolean> {
  const named = await stat(path).catch(() => null);
  if (named === null) return false;
  try {
    const stdout = fstatSync(1);
    return named.dev === stdout.dev && named.ino === stdout.ino;
  } catch {
    return false; // standard output closed
  }
}

/**
 * A device or a pipe (`/dev/null`, `>(zstd > out.zst)`, a named pipe) is written as it is: there is no file to
 * replace, and a temporary one beside it could not be renamed over it.
 */
function streamInto(path: string): OutputSink {
  const stream = createWriteStream(path);
  const failed = new Promise<never>((_, reject) => stream.once("error", reject));
  failed.catch(() => undefined);
  const settle = (done: (callback: () => void) => void) =>
    Promise.race([new Promise<void>((resolve) => done(() => resolve())), failed]);
  return {
    toStdout: false,
    write: (data) => settle((callback) => stream.write(data, () => callback())),
    commit: () => settle((callback) => stream.end(callback)),
    discard: async () => {
      stream.destroy();
    },
  };
}
