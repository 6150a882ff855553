// Writes density's lexicon tables (filters/density/lexicon-tables.ts) beside the compiled code, unless the snapshot
// there is current: run by `npm run build`, so by `npm ci` and `npm install`, and before the tests.
import { deriveLexiconTables, readSnapshot, SNAPSHOT_PATH, writeSnapshot } from "../filters/density/lexicon-tables.js";
import { englishFirstTags, englishWords } from "../ingest/layout/english-lexicon.js";

if (readSnapshot() === null) writeSnapshot(deriveLexiconTables(englishWords(), englishFirstTags()));
else if (process.argv.includes("--verbose")) console.log(`${SNAPSHOT_PATH} is current`);
