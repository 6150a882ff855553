// The n-gram table of eld's database (the `ngrams` object literal of src/ngrams/medium.js) read lazily from the
// module's source. Detecting a language reads the values of the few n-grams its text has, of 105,548; building them
// all (JSON.parse) cost ~0.3 CPU s and as much again in GC, and a Map of the keys alone ~0.1 s. So the keys are only
// hashed, into a table of source offsets (no string made), and a value is parsed when eld first asks for it.

const QUOTE = "'".charCodeAt(0);
const BACKSLASH = "\\".charCodeAt(0);
const COLON = ":".charCodeAt(0);
const COMMA = ",".charCodeAt(0);
const OPEN = "{".charCodeAt(0);
const CLOSE = "}".charCodeAt(0);

/** FNV-1a over UTF-16 code units, a step at a time. */
const FNV_OFFSET = 0x811c9dc5;
const fnv = (hash: number, code: number) => Math.imul(hash ^ code, 0x01000193);

/**
 * The object literal of n-grams whose first key is at `from` in `source`, as a read-only object: keys as eld writes
 * them (quoted with ' and \ escaped, or bare words), each value an object of integers, with no string or object
 * inside, so it ends at the first "}". Its values are parsed by `parseValue` (given the value's text) when first read.
 * eld only looks n-grams up (`ngrams[bytes]`); listing the keys (a copy, JSON.stringify) builds every value, once.
 */
export function lazyNgrams(source: string, from: number, parseValue: (text: string) => object): object {
  const keyStart: number[] = [];
  const keyEnd: number[] = [];
  const hashes: number[] = [];
  const fail = (at: number) => new SyntaxError(`unexpected '${source.slice(at, at + 20)}' in eld's database`);
  let at = from;
  while (source.charCodeAt(at) !== CLOSE) {
    let hash = FNV_OFFSET;
    const quoted = source.charCodeAt(at) === QUOTE;
    const start = quoted ? at + 1 : at;
    let end = start;
    for (; end < source.length; end++) {
      let code = source.charCodeAt(end);
      if (quoted ? code === QUOTE : code === COLON) break;
      if (quoted && code === BACKSLASH) code = source.charCodeAt(++end);
      hash = fnv(hash, code);
    }
    at = quoted ? end + 1 : end;
    if (source.charCodeAt(at) !== COLON || source.charCodeAt(at + 1) !== OPEN) throw fail(at);
    keyStart.push(start);
    keyEnd.push(end);
    hashes.push(hash >>> 0);
    at = source.indexOf("}", at);
    if (at < 0) throw fail(source.length);
    at += source.charCodeAt(at + 1) === COMMA ? 2 : 1;
  }
  const count = keyStart.length;

  // Open addressing, at most half full: slot -> entry + 1 (0 = empty).
  const mask = (1 << Math.ceil(Math.log2(2 * count + 2))) - 1;
  const slots = new Int32Array(mask + 1);
  for (let entry = 0; entry < count; entry++) {
    let slot = (hashes[entry] as number) & mask;
    while (slots[slot] !== 0) slot = (slot + 1) & mask;
    slots[slot] = entry + 1;
  }

  const isQuoted = (entry: number) => source.charCodeAt((keyStart[entry] as number) - 1) === QUOTE;
  /** Whether entry's key, written in the source with escapes, is `key`. */
  const keyIs = (entry: number, key: string) => {
    const quoted = isQuoted(entry);
    let i = 0;
    for (let at = keyStart[entry] as number; at < (keyEnd[entry] as number); at++, i++) {
      if (quoted && source.charCodeAt(at) === BACKSLASH) at++;
      if (source.charCodeAt(at) !== key.charCodeAt(i)) return false;
    }
    return i === key.length;
  };
  const keyText = (entry: number) => {
    const quoted = isQuoted(entry);
    let text = "";
    for (let at = keyStart[entry] as number; at < (keyEnd[entry] as number); at++) {
      if (quoted && source.charCodeAt(at) === BACKSLASH) at++;
      text += source[at];
    }
    return text;
  };
  const find = (key: string): number => {
    let hash = FNV_OFFSET;
    for (let i = 0; i < key.length; i++) hash = fnv(hash, key.charCodeAt(i));
    for (let slot = (hash >>> 0) & mask; slots[slot] !== 0; slot = (slot + 1) & mask) {
      const entry = (slots[slot] as number) - 1;
      if (hashes[entry] === hash >>> 0 && keyIs(entry, key)) return entry;
    }
    return -1;
  };
  const values: (object | undefined)[] = new Array(count);
  const value = (entry: number): object => {
    let parsed = values[entry];
    if (parsed === undefined) {
      const start = source.indexOf("{", keyEnd[entry]);
      parsed = parseValue(source.slice(start, source.indexOf("}", start) + 1));
      values[entry] = parsed;
    }
    return parsed;
  };

  let whole: Record<string, object> | null = null;
  const all = (): Record<string, object> => {
    if (whole === null) {
      whole = {};
      for (let entry = 0; entry < count; entry++) whole[keyText(entry)] = value(entry);
    }
    return whole;
  };
  // What is not an n-gram (an Object.prototype name) reads as it would from an object literal.
  return new Proxy(
    {},
    {
      get: (target, key, receiver) => {
        const entry = typeof key === "string" ? find(key) : -1;
        return entry < 0 ? Reflect.get(target, key, receiver) : value(entry);
      },
      has: (target, key) => (typeof key === "string" && find(key) >= 0) || Reflect.has(target, key),
      ownKeys: () => Reflect.ownKeys(all()),
      getOwnPropertyDescriptor: (_, key) => Reflect.getOwnPropertyDescriptor(all(), key),
    },
  );
}
