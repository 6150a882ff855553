// Writes density's lexicon tables (filters/density/lexicon-tables.ts) beside the compiled code, unless the snapshot
// there is current: run by `npm run build`, so by `npm ci` and `npm install`, and before the tests.
import {
  deriveEnglishLexiconTables,
  readSnapshot,
  SNAPSHOT_PATH,
  snapshotKey,
  writeSnapshot,
} from "../filters/density/lexicon-tables.js";

const key = snapshotKey();
if (readSnapshot(SNAPSHOT_PATH, key) === null) writeSnapshot(deriveEnglishLexiconTables(), SNAPSHOT_PATH, key);
else if (process.argv.includes("--verbose")) console.log(`${SNAPSHOT_PATH} is current`);
