// datatrove's `simplify_text` (utils/text.py, TextNormConfig): the normalisation applied before shingling, so
// trivial differences (case, spacing, punctuation, accents, digits) never split two copies of a text.

export interface TextNormConfig {
  lowercase: boolean;
  normWhitespace: boolean;
  removePunctuation: boolean;
  normUnicodeDiacritics: boolean;
  normNumbers: boolean;
  normWeekdays: boolean;
  normMonthnames: boolean;
}

export const TEXT_NORM_DEFAULTS: Readonly<TextNormConfig> = {
  lowercase: true,
  normWhitespace: true,
  removePunctuation: true,
  normUnicodeDiacritics: true,
  normNumbers: true,
  normWeekdays: false,
  normMonthnames: false,
};

// Python's str.isspace() set, which both `\s` in Python's re and str.strip() use (JS `\s` differs on \x1c-\x1f,
// \x85 and \ufeff).
const PY_SPACE = "\\t\\n\\v\\f\\r \\x1c-\\x1f\\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000";
const WHITESPACE_RUN = new RegExp(`[${PY_SPACE}]+`, "g");
const EDGE_SPACE = new RegExp(`^[${PY_SPACE}]+|[${PY_SPACE}]+$`, "g");

// datatrove's PUNCTUATION string plus the control characters it appends (0-8, 11-12, 13-31, 127-159); each
// becomes a space.
const PUNCTUATION_CHARS = "!/—”:％１〈&(、━\\【#%「」，】；+^]~“《„';’{|∶´[=-`*．（–？！：$～«〉,><》)?）。…@_.\"}►»";
const PUNCTUATION_RUN = new RegExp(
  `[${PUNCTUATION_CHARS.replace(/[\\\]^-]/g, "\\$&")}\\x00-\\x08\\x0b-\\x1f\\x7f-\\x9f]+`,
  "g",
);
const COMBINING_MARK = /\p{Mn}/gu;
const NON_ASCII = /[^ -~\t\n\r]/;
// Digits of any script, with one optional decimal part ("3.14" -> "0"), as datatrove's `regex` pattern.
const NUMBER = /\p{Nd}+(?:[.,،٫⎖⎗⎘]\p{Nd}+)?/gu;
const WEEKDAY = /monday|tuesday|wednesday|thursday|friday|saturday|sunday/g;
const MONTH = /january|february|march|april|may|june|july|august|september|october|november|december/g;

/**
 * Same steps, same order as datatrove 0.10: lowercase, numbers, (weekdays, months), punctuation to spaces,
 * whitespace runs to one space, diacritics dropped, strip. Numbers go first so "1.2.3" is "0.0" -> "0 0".
 */
export function simplifyText(text: string, config: Readonly<TextNormConfig> = TEXT_NORM_DEFAULTS): string {
  let t = text;
  if (config.lowercase) t = t.toLowerCase();
  if (config.normNumbers) t = t.replace(NUMBER, "0");
  if (config.normWeekdays) t = t.replace(WEEKDAY, "WEEKDAY");
  if (config.normMonthnames) t = t.replace(MONTH, "MONTH");
  // A run of punctuation becomes spaces that the whitespace step collapses anyway, so one space per run is equal.
  if (config.removePunctuation) t = t.replace(PUNCTUATION_RUN, " ");
  if (config.normWhitespace) t = t.replace(EDGE_SPACE, "").replace(WHITESPACE_RUN, " ");
  if (config.normUnicodeDiacritics && NON_ASCII.test(t)) t = t.normalize("NFD").replace(COMBINING_MARK, "");
  return t.replace(EDGE_SPACE, "");
}
