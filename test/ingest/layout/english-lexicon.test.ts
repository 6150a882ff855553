import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";
import { englishFirstTags, englishWords, objectKeys } from "../../../ingest/layout/english-lexicon.js";

describe("objectKeys", () => {
  it("gives the keys JSON.parse gives, escapes decoded, whatever the values hold", () => {
    const json = `{
      "plain": ["NN"], "quote\\"d": ["\\"", "]"], "back\\\\": [], "slash\\/ed": ["JJ", "NN"],
      "nested": {"inner": ["{", ","], "deeper": [[{"x": 1}]]}, "number": -1.5e3, "after": null,
      "uni\\u00e9": true, "": "", "last": "}"
    }`;
    expect(objectKeys(json)).toEqual(Object.keys(JSON.parse(json)));
  });

  it("gives each key's first string value, decoded, when asked", () => {
    const json = `{"uses": ["VBZ", "NNS"], "a\\"b": ["\\"", "]"], "none": [], "n": 1, "s": "x\\/y", "o": {"k": ["v"]}}`;
    const firsts: (string | undefined)[] = [];
    expect(objectKeys(json, firsts)).toEqual(["uses", 'a"b', "none", "n", "s", "o"]);
    expect(firsts).toEqual(["VBZ", '"', undefined, undefined, "x/y", "k"]);
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

it("englishFirstTags gives lower-case words their lexicon's first tag", () => {
  const tags = englishFirstTags();
  expect(tags.get("uses")).toBe("VBZ");
  expect(tags.get("models")).toBe("NNS");
  expect(tags.get("trained")).toBe("VBN");
  // "Rule" (a proper noun) is the capitalised entry; the lower-case word keeps its own tag.
  expect(tags.get("rule")).toBe("NN");
});
