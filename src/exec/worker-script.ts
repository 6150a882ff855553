// Worker threads need compiled JavaScript: resolve a module under dist/ whether we run from dist or from sources.
import { existsSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { projectRoot } from "../project-root.js";

/** `relative` is a path under dist/, e.g. `ingest/ingest-worker.js`. */
export function workerScript(relative: string): URL {
  const path = join(projectRoot(), "dist", relative);
  if (!existsSync(path)) throw new Error(`${path} is missing: run \`npm run build\` first`);
  return pathToFileURL(path);
}
