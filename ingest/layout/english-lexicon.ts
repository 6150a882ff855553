// English word list for dehyphenation and letter-spacing repair: the 92k-entry lexicon shipped with `natural`
// (a project dependency already) for its Brill POS tagger. It holds hyphenated compounds too
// ("state-of-the-art", "non-linear"), which is what tells a compound from a word broken at a line end.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";

const LEXICON_PATH = "natural/lib/natural/brill_pos_tagger/data/English/lexicon_from_posjs.json";

let lexicon: Set<string> | null = null;

/** Lower-cased English words; loaded once per process, shared by every document. */
export function englishWords(): ReadonlySet<string> {
  if (lexicon) return lexicon;
  const path = createRequire(import.meta.url).resolve(LEXICON_PATH);
  lexicon = new Set();
  for (const word of objectKeys(readFileSync(path, "utf8"))) lexicon.add(word.toLowerCase());
  return lexicon;
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;

/**
 * The keys of a JSON object, in order, without building the object: the lexicon's values (its POS tags) are never
 * used, and JSON.parse of the 4 MB file made 92k arrays to throw away (it was half the lexicon's load time, itself a
 * tenth of a small `assay rank`'s CPU). Only strings and brackets are tracked; the text must be valid JSON.
 */
export function objectKeys(json: string): string[] {
  const keys: string[] = [];
  let depth = 0;
  let atKey = false;
  for (let i = 0; i < json.length; i++) {
    const c = json.charCodeAt(i);
    if (c === QUOTE) {
      const end = stringEnd(json, i);
      if (depth === 1 && atKey) {
        const raw = json.slice(i + 1, end);
        keys.push(raw.includes("\\") ? (JSON.parse(json.slice(i, end + 1)) as string) : raw);
        atKey = false;
      }
      i = end;
    } else if (c === 0x7b || c === 0x5b) {
      depth++;
      if (depth === 1) atKey = true; // the object opens: its first key comes next
    } else if (c === 0x7d || c === 0x5d) depth--;
    else if (c === 0x2c && depth === 1) atKey = true; // a "," between the object's members
  }
  return keys;
}

/** Index of the quote closing the string whose opening quote is at `start`: one not escaped by a backslash. */
function stringEnd(json: string, start: number): number {
  for (let at = start + 1; ; ) {
    const quote = json.indexOf('"', at);
    if (quote < 0) throw new SyntaxError("unterminated string in JSON");
    let backslashes = 0;
    while (json.charCodeAt(quote - 1 - backslashes) === BACKSLASH) backslashes++;
    if (backslashes % 2 === 0) return quote;
    at = quote + 1;
  }
}
