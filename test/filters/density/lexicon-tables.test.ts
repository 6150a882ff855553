import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  deriveEnglishLexiconTables,
  deriveLexiconTables,
  type LexiconTables,
  readSnapshot,
  writeSnapshot,
} from "../../../filters/density/lexicon-tables.js";
import { hashWord } from "../../../filters/ngram-lm/tokens.js";
import { tempDir } from "../../temp-dir.js";

/** The tables as plain arrays, so that a difference shows where it is. */
function plain(tables: LexiconTables) {
  return {
    known: [...tables.known.slots],
    knownHasZero: tables.known.hasZero,
    oneEdit: [...tables.oneEdit.keys],
    longest: tables.oneEdit.longest,
    ligatureGaps: [...tables.ligatureGaps],
    presentThirdVerbs: [...tables.presentThirdVerbs],
    otherVerbs: [...tables.otherVerbs],
  };
}

describe("density's lexicon tables", () => {
  const work = tempDir("assay-lexicon-tables-");

  it("derives known words, near-miss keys, ligature gaps and verb forms from a lexicon", () => {
    const tables = deriveLexiconTables(
      new Set(["office", "efficient", "model", "fi"]),
      new Map([
        ["uses", "VBZ"],
        ["gave", "VBD"],
        ["describe", "VB"],
        ["model", "NN"],
      ]),
    );
    expect(tables.ligatureGaps).toEqual(expect.arrayContaining(["oice", "oce", "eicient"]));
    expect(tables.ligatureGaps).not.toContain("i"); // a ligature at a word's start or end is no gap
    expect([...tables.presentThirdVerbs]).toEqual([hashWord("uses")]);
    expect([...tables.otherVerbs]).toEqual([hashWord("gave"), hashWord("describe")]);
    expect(tables.oneEdit.longest).toBe(9);
    const keys = [...tables.oneEdit.keys];
    expect(keys).toEqual([...new Set(keys)].sort((a, b) => a - b));
  });

  it("reads back from a snapshot the tables written, to the bit, and only with the key they were written with", () => {
    const derived = deriveEnglishLexiconTables();
    const path = join(work, "tables.bin");
    writeSnapshot(derived, path, "key-1");
    expect(plain(readSnapshot(path, "key-1") as LexiconTables)).toEqual(plain(derived));
    expect(readSnapshot(path, "key-2")).toBeNull();
    const bytes = readFileSync(path);
    writeFileSync(path, bytes.subarray(0, bytes.length - 5));
    expect(readSnapshot(path, "key-1")).toBeNull();
    writeFileSync(path, "not a snapshot");
    expect(readSnapshot(path, "key-1")).toBeNull();
    // the right key over a header that does not describe the file: a length no array has, one that does not fit
    for (const known of [-1, 1.5, 2 ** 40]) {
      const header = { magic: "assay-lexicon-tables", key: "key-1", arrays: { known }, gapsBytes: 0 };
      writeFileSync(path, `${JSON.stringify(header)}\n`);
      expect(readSnapshot(path, "key-1"), String(known)).toBeNull();
    }
    expect(readSnapshot(join(work, "absent.bin"), "key-1")).toBeNull();
  });

  it("the build leaves a current snapshot of the English lexicon's tables, which density reads", () => {
    const shipped = readSnapshot();
    expect(shipped, "no current dist/lexicon-tables.bin: run `npm run build`").not.toBeNull();
    expect(plain(shipped as LexiconTables)).toEqual(plain(deriveEnglishLexiconTables()));
  });
});
