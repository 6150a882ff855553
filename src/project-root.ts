// The assay package root, found from this module's location: the same answer from sources and from dist/.
import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

export function projectRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, "package.json"))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error("cannot find the assay package root");
    dir = parent;
  }
  return dir;
}

export const ASSAY_VERSION: string = JSON.parse(readFileSync(join(projectRoot(), "package.json"), "utf8")).version;
