// A new index generation is written to a temp directory of its writer's own, named by host and process, then renamed
// in. A run killed before the rename leaves that directory behind; the next publisher removes the ones a process of
// its own host left and that is gone. Another host's are left alone: their process cannot be asked from here.
import { readdirSync, rmSync } from "node:fs";
import { hostname } from "node:os";
import { join } from "node:path";

const TEMP = /^(.+)\.tmp-(.+)-(\d+)$/;

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
    if (!match || match[2] !== hostname() || alive(Number(match[3]))) continue;
    rmSync(join(parent, name), { recursive: true, force: true });
  }
}
