// Language identification accuracy on real documents of 200+ characters: the English reference documents and the
// translated man pages installed on this machine (/usr/share/man/<lang>; skipped when absent). Man pages only
// partly translated (mostly English option text) are left out by an English stop-word share under 2%.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { gunzipSync } from "node:zlib";
import { beforeAll, describe, expect, it } from "vitest";
import { detectLanguage, language, loadLanguageDetector } from "../../filters/language.js";
import { TokenizedDoc } from "../../filters/tokenized-doc.js";
import { makeDoc } from "../../src/doc.js";
import { referenceAvailable, referenceDocs } from "./reference-docs.js";

const MAN = "/usr/share/man";
const TROFF_CHARS: Record<string, string> = {
  ":a": "ä",
  ":o": "ö",
  ":u": "ü",
  ":A": "Ä",
  ":O": "Ö",
  ":U": "Ü",
  ss: "ß",
};
const ENGLISH = new Set("the of and to is in that for are with this be by or it as".split(" "));

/** Running text of a troff man page: request lines dropped, common escapes resolved or removed. */
function troffText(source: string): string {
  return source
    .split("\n")
    .filter((line) => !line.startsWith(".") && !line.startsWith("'"))
    .join("\n")
    .replace(/\\\[(..)\]|\\\((..)/g, (_, a, b) => TROFF_CHARS[a ?? b] ?? " ")
    .replace(/\\f[BIRP]|\\f\(..|\\[e&|^]|\\s[+-]?\d|\\\*\(..|\\\*./g, "")
    .replace(/\\-/g, "-");
}

function translatedManPages(): Array<[lang: string, text: string]> {
  const out: Array<[string, string]> = [];
  for (const dir of readdirSync(MAN).filter((d) => /^[a-z]{2}(_[A-Z]{2})?$/.test(d))) {
    for (const section of readdirSync(`${MAN}/${dir}`).filter((d) => d.startsWith("man"))) {
      for (const file of readdirSync(`${MAN}/${dir}/${section}`).filter((f) => f.endsWith(".gz"))) {
        const text = troffText(gunzipSync(readFileSync(`${MAN}/${dir}/${section}/${file}`)).toString("utf8"));
        const words = text.toLowerCase().split(/\s+/);
        const englishShare = words.filter((w) => ENGLISH.has(w)).length / words.length;
        if (text.length >= 200 && englishShare < 0.02) out.push([dir.slice(0, 2), text]);
      }
    }
  }
  return out;
}

describe("language", () => {
  beforeAll(loadLanguageDetector);

  it("sets lang and lang_score and drops other languages", () => {
    const en = new TokenizedDoc(makeDoc("en", "The quick brown fox jumps over the lazy dog near the river bank.", "t"));
    expect(language(en).keep).toBe(true);
    expect(en.doc.meta.lang).toBe("en");
    expect(en.doc.meta.lang_score).toBeGreaterThan(0.45);
    const de = new TokenizedDoc(
      makeDoc("de", "Der schnelle braune Fuchs springt über den faulen Hund am Flussufer.", "t"),
    );
    const verdict = language(de);
    expect(verdict.keep ? "pass" : verdict.reason).toBe("language_de");
  });

  it.skipIf(!referenceAvailable("papers"))(
    "keeps an English paper with examples in other languages English, whatever its length",
    () => {
      const misread = referenceDocs("papers")
        .flatMap((d) =>
          [1, 2, 3].map((copies) => ({ id: `${d.id} x${copies}`, text: Array(copies).fill(d.text).join("\n\n") })),
        )
        .filter(({ text }) => detectLanguage(text).lang !== "en")
        .map(({ id }) => id);
      expect(misread).toEqual([]);
    },
  );

  it.skipIf(!existsSync(MAN) || !referenceAvailable("text-dev"))(
    "is ≥ 99% accurate on 200+ character documents",
    () => {
      const samples: Array<[string, string]> = [
        ...referenceDocs("text-dev").map((d): [string, string] => ["en", d.text]),
        ...(referenceAvailable("papers") ? referenceDocs("papers").map((d): [string, string] => ["en", d.text]) : []),
        ...translatedManPages(),
      ].filter(([, text]) => text.length >= 200);
      const languages = new Set(samples.map(([lang]) => lang));
      expect(languages.size).toBeGreaterThanOrEqual(10);
      const correct = samples.filter(([lang, text]) => detectLanguage(text).lang === lang).length;
      expect(correct / samples.length).toBeGreaterThanOrEqual(0.99);
    },
  );
});
