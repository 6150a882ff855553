// A fresh temporary directory for a test, under the run's own parent directory (test/global-setup.ts removes it when
// the run ends), so the suite leaves nothing behind in the system's temporary directory.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export function tempDir(prefix: string): string {
  return mkdtempSync(join(process.env.ASSAY_TEST_TMP ?? tmpdir(), prefix));
}
