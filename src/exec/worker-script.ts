// Worker threads need compiled JavaScript: resolve a module under dist/ whether we run from dist or from sources.
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

function projectRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, "package.json"))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error("cannot find the assay package root");
    dir = parent;
  }
  return dir;
}

/** `relative` is a path under dist/, e.g. `ingest/ingest-worker.js`. */
export function workerScript(relative: string): URL {
  const path = join(projectRoot(), "dist", relative);
  if (!existsSync(path)) throw new Error(`${path} is missing: run \`npm run build\` first`);
  return pathToFileURL(path);
}
