// Worker threads and the CLI run compiled code: build dist/ (and density's lexicon snapshot) once before any test
// file starts. Tests make their temporary directories under one parent for the run (test/temp-dir.ts), removed when
// the run ends.
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export default function setup(): () => void {
  const root = join(import.meta.dirname, "..");
  execFileSync(process.execPath, [join(root, "node_modules/typescript/bin/tsc"), "-p", join(root, "tsconfig.json")], {
    stdio: "inherit",
  });
  execFileSync(process.execPath, [join(root, "dist/scripts/build-lexicon-tables.js")], { stdio: "inherit" });
  const parent = mkdtempSync(join(tmpdir(), "assay-test-"));
  process.env.ASSAY_TEST_TMP = parent;
  return () => rmSync(parent, { recursive: true, force: true });
}
