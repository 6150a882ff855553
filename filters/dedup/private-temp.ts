// A new index generation is written to a temp directory of its writer's own, named by host and process, then renamed
// in. A run killed before the rename leaves that directory behind; the next publisher removes the ones a process of
// its own host left and that is gone. Another host's are left alone: their process cannot be asked from here. Nor is
// one written to within the hour: containers that share a host name and the index but not their process ids would
// take each other's live runs for gone.
import { readdirSync, rmSync, statSync } from "node:fs";
import { hostname } from "node:os";
import { join } from "node:path";

const TEMP = /^.+\.tmp-(.+)-(\d+)$/;
/** A temp directory whose files were written to this recently may belong to a live run. */
const LIVE_MS = 60 * 60 * 1000;

/** The temp directory this process writes `dir` in before renaming it to `dir`. */
export function privateTemp(dir: string): string {
  return `${dir}.tmp-${hostname()}-${process.pid}`;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to another user
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** Removes the temp directories in `parent` that a process of this host left and that no longer runs. */
export function removeAbandonedTemps(parent: string): void {
  for (const name of readdirSync(parent)) {
    const match = TEMP.exec(name);
    if (!match || match[1] !== hostname() || alive(Number(match[2]))) continue;
    const dir = join(parent, name);
    if (Date.now() - lastWritten(dir) < LIVE_MS) continue;
    rmSync(dir, { recursive: true, force: true });
  }
}

/** When the directory or a file in it was last written (epoch ms); 0 if it cannot be read. */
function lastWritten(dir: string): number {
  try {
    let newest = statSync(dir).mtimeMs;
    for (const name of readdirSync(dir)) newest = Math.max(newest, statSync(join(dir, name)).mtimeMs);
    return newest;
  } catch {
    return 0;
  }
}
