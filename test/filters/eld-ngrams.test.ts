// eld's n-gram table read lazily (filters/eld-ngrams.ts) reads as the object literal it is read from does.
import { describe, expect, it } from "vitest";
import { lazyNgrams } from "../../filters/eld-ngrams.js";

const LITERAL = `{' a\\'b':{3:1,10:2},L_Q$:{0:5},'\\\\x}':{59:52},'{':{1:1}}`;
const parse = (text: string) => JSON.parse(text.replace(/(\d+):/g, '"$1":')) as object;
const ngrams = () => lazyNgrams(`${LITERAL};`, 1, parse) as Record<string, unknown>;

describe("eld's n-grams read lazily", () => {
  it("looks keys up as the object literal does, escapes and all", () => {
    const expected = new Function(`return ${LITERAL}`)() as Record<string, unknown>;
    const table = ngrams();
    for (const key of [" a'b", "L_Q$", "\\x}", "{", "L_Q", " a'", "x", "toString", "hasOwnProperty"])
      expect(table[key], key).toEqual(expected[key]);
    expect("L_Q$" in table).toBe(true);
    expect("L_Q" in table).toBe(false);
    expect("toString" in table).toBe(true);
    // Values are read once: the same object each time, as eld would see from a literal.
    expect(table[" a'b"]).toBe(table[" a'b"]);
    expect(JSON.stringify(table)).toBe(JSON.stringify(expected));
    expect(Object.keys(table)).toEqual(Object.keys(expected));
  });

  it("lists the values it has already read as they were", () => {
    const table = ngrams();
    const read = table.L_Q$;
    expect((JSON.parse(JSON.stringify(table)) as Record<string, unknown>).L_Q$).toEqual(read);
    expect(Object.getOwnPropertyDescriptor(table, "L_Q$")?.value).toBe(read);
  });

  it("says where a source is not such a literal", () => {
    expect(() => lazyNgrams("{a:1}", 1, parse)).toThrow(/unexpected ':1}'/);
    expect(() => lazyNgrams("{a:{1:1", 1, parse)).toThrow(SyntaxError);
    expect(() => lazyNgrams("{'a:{1:1}}", 1, parse)).toThrow(SyntaxError);
  });
});
