// English word list for dehyphenation and letter-spacing repair: the 92k-entry lexicon shipped with `natural`
// (a project dependency already) for its Brill POS tagger. It holds hyphenated compounds too
// ("state-of-the-art", "non-linear"), which is what tells a compound from a word broken at a line end.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";

/** The lexicon, as natural installs it. */
export const LEXICON_PATH = "natural/lib/natural/brill_pos_tagger/data/English/lexicon_from_posjs.json";

let lexicon: Set<string> | null = null;
let firstTags: Map<string, string> | null = null;

/** Reads the lexicon once: its words lower-cased, and each lower-case word's first tag. */
function load(): void {
  const path = createRequire(import.meta.url).resolve(LEXICON_PATH);
  const tags: (string | undefined)[] = [];
  const words = objectKeys(readFileSync(path, "utf8"), tags);
  lexicon = new Set();
  firstTags = new Map();
  words.forEach((word, i) => {
    (lexicon as Set<string>).add(word.toLowerCase());
    const tag = tags[i];
    if (tag !== undefined && word === word.toLowerCase()) (firstTags as Map<string, string>).set(word, tag);
  });
}

/** Lower-cased English words; loaded once per process, shared by every document. */
export function englishWords(): ReadonlySet<string> {
  if (!lexicon) load();
  return lexicon as Set<string>;
}

/**
 * Each word the lexicon holds in lower case, with its first part-of-speech tag (Penn Treebank: "VBZ", "NNS"), the
 * commonest one in the tagger's training text; loaded with englishWords, once per process.
 */
export function englishFirstTags(): ReadonlyMap<string, string> {
  if (!firstTags) load();
  return firstTags as Map<string, string>;
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;

/**
 * The keys of a JSON object, in order, without building the object: JSON.parse of the 4 MB lexicon made 92k arrays of
 * tags, most of them thrown away (it was half the lexicon's load time, itself a tenth of a small `assay rank`'s CPU).
 * With `firstValues`, each key's first string value is pushed there too (the value itself if a string, else the
 * first string inside it; undefined if none): a word's commonest tag. Only strings and brackets are tracked; the
 * text must be valid JSON.
 */
export function objectKeys(json: string, firstValues?: (string | undefined)[]): string[] {
  const keys: string[] = [];
  let depth = 0;
  let atKey = false;
  for (let i = 0; i < json.length; i++) {
    const c = json.charCodeAt(i);
    if (c === QUOTE) {
      const end = stringEnd(json, i);
      if (depth === 1 && atKey) {
        keys.push(decoded(json, i, end));
        firstValues?.push(undefined);
        atKey = false;
      } else if (firstValues && depth >= 1 && firstValues[keys.length - 1] === undefined && keys.length > 0)
        firstValues[keys.length - 1] = decoded(json, i, end);
      i = end;
    } else if (c === 0x7b || c === 0x5b) {
      depth++;
      if (depth === 1) atKey = true; // the object opens: its first key comes next
    } else if (c === 0x7d || c === 0x5d) depth--;
    else if (c === 0x2c && depth === 1) atKey = true; // a "," between the object's members
  }
  return keys;
}

/** The string whose quotes are at `start` and `end`, escapes decoded. */
function decoded(json: string, start: number, end: number): string {
  const raw = json.slice(start + 1, end);
  return raw.includes("\\") ? (JSON.parse(json.slice(start, end + 1)) as string) : raw;
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
