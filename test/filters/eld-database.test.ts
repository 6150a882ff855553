// eld's medium database read as JSON (filters/eld-database.ts) is the very data eld's own module holds, and the
// detector made with it answers as "eld/medium" does, to the last digit of its scores.
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import { literalAsJson, mediumDatabase, mediumDetector } from "../../filters/eld-database.js";
import { packageDir } from "../../src/package-dir.js";

describe("eld's medium database as JSON", () => {
  it("rewrites keys, quotes and escapes of an object literal as JSON", () => {
    const source = `export const x = {type:'M',list:{0:'a\\'b',12:'"q" \\\\'},isSubset:false,ngrams:{L_Q$:{59:52},' :x ':{1:2}}};`;
    expect(JSON.parse(literalAsJson(source, source.indexOf("{")))).toEqual({
      type: "M",
      list: { 0: "a'b", 12: '"q" \\' },
      isSubset: false,
      ngrams: { L_Q$: { 59: 52 }, " :x ": { 1: 2 } },
    });
    expect(() => literalAsJson("{a:'\\n'}", 0)).toThrow(/unexpected escape/);
  });

  it("holds what eld's module holds, in the same order, and detects as eld/medium does", async () => {
    const dir = packageDir("eld") as string;
    const shipped = (await import(pathToFileURL(join(dir, "src/ngrams/medium.js")).href)) as { ngramsData: unknown };
    expect(JSON.stringify(mediumDatabase(dir))).toBe(JSON.stringify(shipped.ngramsData));
    const ours = await mediumDetector();
    const theirs = (await import("eld/medium")).eld;
    for (const text of [
      "The quick brown fox jumps over the lazy dog near the river bank.",
      "Der schnelle braune Fuchs springt über den faulen Hund am Flussufer.",
      "Быстрая коричневая лиса прыгает через ленивую собаку.",
      "敏捷的棕色狐狸跳过了懒狗。",
      "x = 3",
    ])
      expect(ours.detect(text).getScores(), text).toEqual(theirs.detect(text).getScores());
  });
});
