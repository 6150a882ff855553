// Accented letters that TeX builds from two glyphs. TeX's \accent draws a spacing accent glyph over a letter, so the
// text layer holds "Montr´eal", "Gr¨unwald", "na¨ıvely", "Duˇsek" (accent before its letter, dotless ı for í/ï) and
// "Franc¸ois" (cedilla and ogonek after theirs), often split across two runs. The pair becomes the precomposed letter
// ("Montréal"), as the author typed it; an accent with no letter it composes with (math: "Hˆ", "ˆT") is left as is.

/** Spacing accents drawn before their letter, and the combining mark each stands for. */
const BEFORE: Record<string, string> = {
  "\u00b4": "\u0301", // ´ acute
  "\u02ca": "\u0301",
  "\u0060": "\u0300", // ` grave (only inside a word: elsewhere it is a quote or code)
  "\u02cb": "\u0300",
  "\u00a8": "\u0308", // ¨ diaeresis
  "\u02c6": "\u0302", // ˆ circumflex
  "\u02dc": "\u0303", // ˜ tilde
  "\u00af": "\u0304", // ¯ macron
  "\u02c9": "\u0304",
  "\u02d8": "\u0306", // ˘ breve
  "\u02d9": "\u0307", // ˙ dot above
  "\u02da": "\u030a", // ˚ ring
  "\u02dd": "\u030b", // ˝ double acute
  "\u02c7": "\u030c", // ˇ caron
};
/** Spacing accents drawn after their letter. */
const AFTER: Record<string, string> = {
  "\u00b8": "\u0327", // ¸ cedilla
  "\u02db": "\u0328", // ˛ ogonek
};

/** Every spacing accent above: NFKC must leave these alone, or it turns each into a space and a combining mark. */
const ACCENT_CHARS = Object.keys({ ...BEFORE, ...AFTER }).join("");
export const SPACING_ACCENTS = new RegExp(`[${ACCENT_CHARS}]`);
/** Runs of text between spacing accents: what NFKC may fold. */
export const BETWEEN_ACCENTS = new RegExp(`[^${ACCENT_CHARS}]+`, "g");
const PAIRS = new RegExp(
  `(\\p{L}?)([${Object.keys(BEFORE).join("")}])(\\p{L})|(\\p{L})([${Object.keys(AFTER).join("")}])`,
  "gu",
);
/** TeX puts accents above i and j on their dotless forms. */
const DOTLESS: Record<string, string> = { ı: "i", ȷ: "j" };

/** One precomposed letter for `letter` + `mark`, or null where Unicode has none. */
function composed(letter: string, mark: string): string | null {
  const c = `${DOTLESS[letter] ?? letter}${mark}`.normalize("NFC");
  return [...c].length === 1 ? c : null;
}

export function composeAccents(text: string): string {
  if (!SPACING_ACCENTS.test(text)) return text;
  return text.replace(PAIRS, (pair, before = "", accent, letter, base, after) => {
    if (base !== undefined) return composed(base, AFTER[after] as string) ?? pair;
    // A backquote between non-letters is a quote or code, not an accent.
    if (accent === "`" && before === "") return pair;
    const c = composed(letter, BEFORE[accent] as string);
    return c === null ? pair : `${before}${c}`;
  });
}
