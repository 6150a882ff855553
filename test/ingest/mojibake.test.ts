import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { repairMojibake } from "../../ingest/mojibake.js";
import { haveShared, PAPERS, readDocs } from "../filters/density/shared-text.js";

/** Text as a reader that took its UTF-8 bytes for Latin-1 (Node's "latin1") or Windows-1252 shows it. */
const asLatin1 = (text: string) => Buffer.from(text, "utf8").toString("latin1");
const asWindows1252 = (text: string) => new TextDecoder("windows-1252").decode(Buffer.from(text, "utf8"));

const WRITTEN = [
  "The model’s loss “falls” – fast — and the ﬁnal ﬂow is ≤ 0.3 ± 0.01 µm at 20 °C, ∑ᵢ xᵢ ∈ ℝ → ∞.",
  "Résumé: François, Müller, Straße, Łódź, Dvořák, Ångström, señor, naïve, cœur, Tiếng Việt.",
  "Ελληνικά, русский, עברית, العربية, हिन्दी, 中文, 日本語のテキスト, 한국어, 😀 𝐱 ∗ † ‡ • … ™ © §.",
  "A mark\ufeffin the middle, a no-break\u00a0space, ǫ for epsilon and a private-use glyph \uf8f1.",
];

describe("repairMojibake", () => {
  it("leaves text that was decoded right as it is", () => {
    for (const text of WRITTEN) expect(repairMojibake(text)).toEqual({ text, repaired: 0 });
  });

  it("undoes UTF-8 read as Latin-1 or Windows-1252, and twice over", () => {
    for (const text of WRITTEN) {
      expect(repairMojibake(asLatin1(text)).text).toBe(text);
      expect(repairMojibake(asWindows1252(text)).text).toBe(text);
      expect(repairMojibake(asWindows1252(asWindows1252(text))).text).toBe(text);
      expect(repairMojibake(asLatin1(asLatin1(text))).text).toBe(text);
    }
    expect(repairMojibake("The modelâ€™s loss, FranÃ§ois")).toEqual({
      text: "The model’s loss, François",
      repaired: 2,
    });
  });

  it("reads a stray C1 control as the Windows-1252 character it stood for", () => {
    expect(repairMojibake("don\u0092t \u0093quote\u0094")).toEqual({ text: "don’t “quote”", repaired: 3 });
    // 0x81 means nothing in Windows-1252: left as it is
    expect(repairMojibake("a\u0081b").text).toBe("a\u0081b");
  });

  it("keeps a letter before punctuation that only reads as a rare script", () => {
    // Each pair is well-formed UTF-8 (NKo, an Arabic annotation mark, Ogham): found in /usr/share/doc's changelogs.
    for (const text of ["Capitalize “ß” as “ẞ”", "the ‘ß’ character", "T•Ø•R•Ü•S", "Tomáš\u00a0Hnyk", "test-ßµ™∃"])
      expect(repairMojibake(text)).toEqual({ text, repaired: 0 });
    // French, Italian and Spanish punctuation after an accented letter (found by a review)
    for (const text of [
      "« Le café\u00a0» est fermé, c’est réglé\u00a0»",
      "CAFÉ\u00a0: ouvert, ÉTÉ\u00a02024, È\u00a0vero",
      "“CAFÉ” and JOSÉ’S RÉSUMÉ—DRAFT at THE CAFÉ™",
      "perchè…” fermé…» está…”",
      "a tolerance of Ø±0.05 mm",
    ])
      expect(repairMojibake(text)).toEqual({ text, repaired: 0 });
  });

  it.skipIf(!haveShared)("restores every reference paper exactly from either misreading", () => {
    let restored = 0;
    for (const text of readDocs(PAPERS).values()) {
      expect(repairMojibake(text).repaired).toBe(0);
      if (repairMojibake(asLatin1(text)).text === text && repairMojibake(asWindows1252(text)).text === text) restored++;
    }
    expect(restored).toBe(readFileSync(PAPERS, "utf8").trim().split("\n").length);
  });
});
