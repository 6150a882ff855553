// eld's medium n-gram database without compiling it as JavaScript. eld ships it as a 2 MB object literal
// (src/ngrams/medium.js): importing that module cost ~1 CPU s in every process that detects a language, V8 compiling
// and running the literal. Rewritten as JSON and given to JSON.parse it still cost ~0.3 CPU s, and as much in GC, so
// only its head is parsed now and its n-grams are read as eld asks for them (eld-ngrams.ts).
// The detector is eld's own (createEld from src/languageDetector.js), loaded with the same data its "eld/medium" entry
// loads.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { packageDir } from "../src/package-dir.js";
import { lazyNgrams } from "./eld-ngrams.js";

export type Detector = typeof import("eld/medium")["eld"];
type CreateEld = () => { instance: Detector; loadData(data: unknown): unknown };

const DATA_START = "export const ngramsData = ";

/** A detector of eld's own code with the medium database, as `(await import("eld/medium")).eld` is. */
export async function mediumDetector(): Promise<Detector> {
  const dir = packageDir("eld");
  if (dir === null) throw new Error("eld is not installed");
  const { createEld } = (await import(pathToFileURL(join(dir, "src/languageDetector.js")).href)) as {
    createEld: CreateEld;
  };
  const { instance, loadData } = createEld();
  loadData(mediumDatabase(dir));
  return instance;
}

/** eld's medium database (the value of `ngramsData` in src/ngrams/medium.js), as `ngramsDatabase` reads it. */
export function mediumDatabase(dir: string): unknown {
  return ngramsDatabase(readFileSync(join(dir, "src/ngrams/medium.js"), "utf8"));
}

const NGRAMS_START = ",ngrams:{";

/**
 * The object `ngramsData` of an eld database module: its head (type, languages, isSubset) read as JSON, its n-grams,
 * the last and by far the largest part, an object whose values are read from the source when first asked for.
 */
export function ngramsDatabase(source: string): unknown {
  const start = source.indexOf(DATA_START);
  if (start < 0) throw new Error(`eld's database no longer starts with '${DATA_START}'`);
  const ngramsAt = source.indexOf(NGRAMS_START, start);
  if (ngramsAt < 0) throw new Error(`eld's database no longer has '${NGRAMS_START}'`);
  const head = JSON.parse(literalAsJson(`${source.slice(start + DATA_START.length, ngramsAt)}}`, 0)) as object;
  const ngrams = lazyNgrams(source, ngramsAt + NGRAMS_START.length, (text) => JSON.parse(literalAsJson(text, 0)));
  return { ...head, ngrams };
}

/** A single-quoted string, or a word (identifier or integer) that a colon follows: a key. */
const TOKENS = /'((?:[^'\\]|\\.)*)'|([A-Za-z0-9_$]+)(?= *:)/g;

/**
 * The JSON of the object literal at `from` (to the source's last "}"), of the shape eld writes: keys are identifiers,
 * integers or single-quoted strings, values objects, single-quoted strings, integers or false. Strings become JSON
 * strings and keys are quoted; what is left is JSON already, or JSON.parse says where it is not.
 */
export function literalAsJson(source: string, from: number): string {
  const literal = source.slice(from, source.lastIndexOf("}") + 1);
  return literal.replace(TOKENS, (_, text: string | undefined, key: string) =>
    text === undefined ? `"${key}"` : JSON.stringify(text.includes("\\") ? unescaped(text) : text),
  );
}

/** A string's text with its escapes resolved: eld escapes only ' and \\. */
function unescaped(raw: string): string {
  return raw.replace(/\\(.)/gs, (_, char: string) => {
    if (char !== "'" && char !== "\\") throw new SyntaxError(`unexpected escape \\${char} in eld's database`);
    return char;
  });
}
