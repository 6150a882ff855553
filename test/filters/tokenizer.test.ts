// Tokenizer edge cases (spaCy 3 blank("en") behaviour) and an oracle check of the hand-written affix rules against
// spaCy's own regular expressions for them.
import { describe, expect, it } from "vitest";
import { TokenizedDoc } from "../../filters/tokenized-doc.js";
import { findPrefix, findSuffix, splitSentences, wordTokenize } from "../../filters/tokenizer.js";
import { makeDoc } from "../../src/doc.js";

describe("wordTokenize", () => {
  const cases: Array<[string, string[]]> = [
    ["I cannot go", ["I", "can", "not", "go"]],
    ["Don't you?", ["Do", "n't", "you", "?"]],
    ["it's Bob's", ["it", "'s", "Bob", "'s"]],
    ["gonna", ["gon", "na"]],
    ["well ill its", ["well", "ill", "its"]], // excluded look-alikes stay whole
    ["(e.g., this)", ["(", "e.g.", ",", "this", ")"]],
    ["U.S. and etc.", ["U.S.", "and", "etc", "."]],
    ["Mr. Smith", ["Mr.", "Smith"]],
    ["10km 5pm $3.50...", ["10", "km", "5", "pm", "$", "3.50", "..."]],
    ["50% 3+", ["50", "%", "3", "+"]],
    ["state-of-the-art", ["state", "-", "of", "-", "the", "-", "art"]],
    ["a/b x:y 3-4", ["a", "/", "b", "x", ":", "y", "3", "-", "4"]],
    ["--foo=bar -n", ["--foo", "=", "bar", "-n"]],
    ["see https://example.com/a?b=c.", ["see", "https://example.com/a?b=c", "."]],
    ["mail user@example.org now", ["mail", "user@example.org", "now"]],
    ["“Quoted,” he said.", ["“", "Quoted", ",", "”", "he", "said", "."]],
    ["ABC. end.", ["ABC", ".", "end", "."]],
    ["A. end", ["A.", "end"]],
    [":-) :p", [":-)", ":p"]],
    ["x\n\n  y\t z", ["x", "y", "z"]],
    ["25°C.", ["25°C", "."]],
    ["wait...what", ["wait", "...", "what"]],
    ["Hi!!", ["Hi", "!", "!"]],
  ];
  for (const [text, tokens] of cases) {
    it(JSON.stringify(text), () => expect(wordTokenize(text)).toEqual(tokens));
  }
  it("keeps every non-space character exactly once", () => {
    const text = "Résumé: naïve café (30 €), 𝑥 ∈ ℝ³ — done!";
    expect(wordTokenize(text).join("")).toBe(text.replace(/\s/g, ""));
  });
});

describe("splitSentences", () => {
  it("splits after sentence-final punctuation, not after abbreviations", () => {
    expect(splitSentences("Hello world. This is Mr. Smith! Is it? yes.\n\nNext para")).toEqual([
      "Hello world.",
      "This is Mr. Smith!",
      "Is it?",
      "yes.",
      "Next para",
    ]);
  });
  it("keeps closing quotes and brackets with the sentence they end", () => {
    expect(splitSentences('He said "stop." Then (it ended.) Done')).toEqual([
      'He said "stop."',
      "Then (it ended.)",
      "Done",
    ]);
  });
  it("returns no sentence for blank text", () => expect(splitSentences(" \n ")).toEqual([]));
});

// spaCy 3's English affix rules as it writes them (spacy/lang/punctuation.py, char_classes.py), its letter ranges as
// scripts: the oracle for the table-driven findPrefix/findSuffix.
const PUNCT = "…,:;!?¿؟¡()[]{}<>_#*&。？！，、；：～·।،۔؛٪";
const QUOTES = "'\"”“`‘´’‚,„»«「」『』（）〔〕【】《》〈〉⟦⟧";
const esc = (s: string) => s.replace(/[\\^$.*+?()[\]{}|/]/g, "\\$&");
/** A character-class body for a `v`-mode regex: syntax characters and reserved punctuators escaped. */
const cls = (s: string) => s.replace(/[&\-!#%,:;<=>@`~^$\\.*+?()[\]{}|/]/g, "\\$&");
const SCRIPTS = "[\\p{sc=Latin}\\p{sc=Cyrillic}\\p{sc=Greek}]";
const UNCASED =
  "[\\p{L}&&[\\p{sc=Hebrew}\\p{sc=Arabic}\\p{sc=Bengali}\\p{sc=Sinhala}\\p{sc=Ethiopic}\\p{sc=Devanagari}\\p{sc=Kannada}\\p{sc=Tamil}\\p{sc=Telugu}]]";
const LOWER = `[\\p{Ll}&&${SCRIPTS}]${UNCASED}`;
const UPPER = `[\\p{Lu}&&${SCRIPTS}]${UNCASED}`;
const CURRENCY = "$ £ € ¥ ฿ US$ C$ A$ ₽ ﷼ ₴ ₠ ₡ ₢ ₣ ₤ ₥ ₦ ₧ ₨ ₩ ₪ ₫ ₭ ₮ ₯ ₰ ₱ ₲ ₳ ₵ ₶ ₷ ₸ ₹ ₺ ₻ ₼ ₾ ₿"
  .split(" ")
  .map(esc);
const UNITS =
  "km km² km³ m m² m³ dm dm² dm³ cm cm² cm³ mm mm² mm³ ha µm nm yd in ft kg g mg µg t lb oz m/s km/h kmh mph hPa Pa mbar mb MB kb KB gb GB tb TB T G M K %"
    .split(" ")
    .map(esc);
const LIST_PUNCT = ["…", "……", ...[...PUNCT.slice(1)].map(esc)];
const ICON = "(?!°)\\p{So}";
const PREFIX_RE = new RegExp(
  `^(?:${["§", "%", "=", "—", "–", "\\+(?![0-9])", ...LIST_PUNCT, "\\.\\.+", "…", ...[...QUOTES].map(esc), ...CURRENCY, ICON].join("|")})`,
  "u",
);
const SUFFIX_RE = new RegExp(
  [
    ...LIST_PUNCT,
    "\\.\\.+",
    "…",
    ...[...QUOTES].map(esc),
    ICON,
    "'s",
    "'S",
    "’s",
    "’S",
    "—",
    "–",
    "(?<=[0-9])\\+",
    "(?<=°[FfCcKk])\\.",
    `(?<=[0-9])(?:${CURRENCY.join("|")})`,
    `(?<=[0-9])(?:${UNITS.join("|")})`,
    `(?<=[0-9${LOWER}%²\\-\\+${cls(PUNCT)}\\|\\(\\?:\\)${cls(QUOTES)}])\\.`,
    `(?<=[${UPPER}][${UPPER}])\\.`,
  ]
    .map((alternative) => `(?:${alternative})$`)
    .join("|"),
  "v",
);

describe("affix rules agree with spaCy's regexes", () => {
  const alphabet = [..."aZ10.,-'s()\"$+*^/:=<…°F©é’—~_#[{xkm%²"].concat(["US$", "😀", "𝑥", "..."]);
  let seed = 7;
  const random = () => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed / 2147483648;
  };
  it("on 50,000 random strings", () => {
    const mismatches: string[] = [];
    for (let t = 0; t < 50_000; t++) {
      let s = "";
      const n = 1 + Math.floor(random() * 7);
      for (let i = 0; i < n; i++) s += alphabet[Math.floor(random() * alphabet.length)];
      const prefix = PREFIX_RE.exec(s)?.[0].length ?? 0;
      const suffix = SUFFIX_RE.exec(s)?.[0].length ?? 0;
      if (findPrefix(s, 0, s.length) !== prefix || findSuffix(s, 0, s.length) !== suffix) mismatches.push(s);
    }
    expect(mismatches.slice(0, 10)).toEqual([]);
  });
});

describe("TokenizedDoc", () => {
  it("computes words, lines and sentences once and shares them", () => {
    const tdoc = new TokenizedDoc(makeDoc("d", "First line. Second one!\r\nThird", "t"));
    expect(tdoc.words).toBe(tdoc.words);
    expect(tdoc.wordCount).toBe(7);
    expect(tdoc.lines).toEqual(["First line. Second one!", "Third"]);
    expect(tdoc.sentences).toEqual(["First line.", "Second one!", "Third"]);
  });
});
