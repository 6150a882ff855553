import { describe, expect, it } from "vitest";
import { addKey, addKeyAt, KeyIds, keySet, WordFlags, WordHashes } from "../../../filters/density/key-set.js";
import { hashWord } from "../../../filters/ngram-lm/tokens.js";

// Hashes above 2^31 (not small integers in V8), 0 (the empty-slot marker), and keys that collide in a small table.
const KEYS = [0, 1, 2 ** 32 - 1, 2 ** 31, hashWord("the"), hashWord("of"), 16, 32, 48];

describe("typed key sets for word hashes", () => {
  it("WordHashes holds exactly its keys, 0 included, and iterates them once each", () => {
    const set = WordHashes.of([...KEYS, ...KEYS]);
    for (const key of KEYS) expect(set.has(key), String(key)).toBe(true);
    for (const key of [3, 2 ** 32 - 2, hashWord("network"), 64]) expect(set.has(key), String(key)).toBe(false);
    expect([...set].sort()).toEqual([...KEYS].sort());
    expect(WordHashes.of([5]).has(0)).toBe(false);
  });

  it("WordFlags ORs the bits of every list a key is on, 0 for keys on none", () => {
    const flags = new WordFlags([
      [hashWord("we"), 1],
      [hashWord("we"), 4],
      [0, 2],
      [2 ** 32 - 1, 8],
    ]);
    expect(flags.get(hashWord("we"))).toBe(5);
    expect(flags.get(0)).toBe(2);
    expect(flags.get(2 ** 32 - 1)).toBe(8);
    expect(flags.get(hashWord("they"))).toBe(0);
  });

  it("addKeyAt(set, keys, i) answers and fills the table as addKey(set, keys[i]) does, colliding keys included", () => {
    const keys = Uint32Array.from([...KEYS.filter((key) => key !== 0), ...KEYS.filter((key) => key !== 0), 64, 80]);
    const byValue = keySet(4);
    const byIndex = keySet(4);
    for (let i = 0; i < keys.length; i++)
      expect(addKeyAt(byIndex, keys, i), String(keys[i])).toBe(addKey(byValue, keys[i] as number));
    expect([...byIndex]).toEqual([...byValue]);
  });

  it("KeyIds numbers keys 0, 1, 2, ... in order of first sight", () => {
    const ids = new KeyIds(KEYS.length);
    expect(KEYS.map((key) => ids.idOf(key))).toEqual(KEYS.map((_, i) => i));
    expect([...KEYS].reverse().map((key) => ids.idOf(key))).toEqual(KEYS.map((_, i) => KEYS.length - 1 - i));
    expect(ids.size).toBe(KEYS.length);
  });
});
