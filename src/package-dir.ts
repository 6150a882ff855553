// Where an installed dependency lives, found along Node's module search paths: `require.resolve(name/...)` fails for
// files a package's "exports" do not list (apache-arrow, parquet-wasm and eld do not list their package.json).
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";

const require = createRequire(import.meta.url);

/** The folder of the installed package `name`, or null when it is not installed. */
export function packageDir(name: string): string | null {
  for (const dir of require.resolve.paths(name) ?? [])
    if (existsSync(join(dir, name, "package.json"))) return join(dir, name);
  return null;
}
