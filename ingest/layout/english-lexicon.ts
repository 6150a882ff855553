// English word list for dehyphenation and letter-spacing repair: the 92k-entry lexicon shipped with `natural`
// (a project dependency already) for its Brill POS tagger. It holds hyphenated compounds too
// ("state-of-the-art", "non-linear"), which is what tells a compound from a word broken at a line end.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";

const LEXICON_PATH = "natural/lib/natural/brill_pos_tagger/data/English/lexicon_from_posjs.json";

let lexicon: Set<string> | null = null;

/** Lower-cased English words; loaded once per process (about 60 ms), shared by every document. */
export function englishWords(): ReadonlySet<string> {
  if (lexicon) return lexicon;
  const path = createRequire(import.meta.url).resolve(LEXICON_PATH);
  const entries = JSON.parse(readFileSync(path, "utf8")) as Record<string, unknown>;
  lexicon = new Set();
  for (const word of Object.keys(entries)) lexicon.add(word.toLowerCase());
  return lexicon;
}
