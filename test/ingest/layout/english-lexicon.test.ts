import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";
import { englishWords, objectKeys } from "../../../ingest/layout/english-lexicon.js";

describe("objectKeys", () => {
  it("gives the keys JSON.parse gives, escapes decoded, whatever the values hold", () => {
    const json = `{
      "plain": ["NN"], "quote\\"d": ["\\"", "]"], "back\\\\": [], "slash\\/ed": ["JJ", "NN"],
      "nested": {"inner": ["{", ","], "deeper": [[{"x": 1}]]}, "number": -1.5e3, "after": null,
      "uni\\u00e9": true, "": "", "last": "}"
    }`;
    expect(objectKeys(json)).toEqual(Object.keys(JSON.parse(json)));
  });
});

it("englishWords holds every key of natural's lexicon, lower-cased", () => {
  const path = createRequire(import.meta.url).resolve(
    "natural/lib/natural/brill_pos_tagger/data/English/lexicon_from_posjs.json",
  );
  const parsed = new Set(Object.keys(JSON.parse(readFileSync(path, "utf8")) as object).map((w) => w.toLowerCase()));
  const words = englishWords();
  expect(words.size).toBe(parsed.size);
  expect([...parsed].filter((word) => !words.has(word))).toEqual([]);
});
