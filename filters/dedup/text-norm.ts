// datatrove's `simplify_text` (utils/text.py, TextNormConfig): the normalisation applied before shingling, so
// trivial differences (case, spacing, punctuation, accents, digits) never split two copies of a text.
import { isPythonSpace, PYTHON_SPACE_CLASS } from "../../src/python-space.js";

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

const EDGE_SPACE = new RegExp(`^[${PYTHON_SPACE_CLASS}]+|[${PYTHON_SPACE_CLASS}]+$`, "g");

// datatrove's PUNCTUATION string plus the control characters it appends (0-8, 11-12, 13-31, 127-159); each
// becomes a space.
const PUNCTUATION_CHARS = "!/—”:％１〈&(、━\\【#%「」，】；+^]~“《„';’{|∶´[=-`*．（–？！：$～«〉,><》)?）。…@_.\"}►»";
const DECIMAL_SEPARATORS = ".,،٫⎖⎗⎘";
const COMBINING_MARK = /\p{Mn}/gu;
const NON_ASCII = /[^ -~\t\n\r]/;
const DIGIT = /\p{Nd}/u;
const WEEKDAY = /monday|tuesday|wednesday|thursday|friday|saturday|sunday/g;
const MONTH = /january|february|march|april|may|june|july|august|september|october|november|december/g;

// One class per UTF-16 code unit, so the hot loop is a table lookup: every BMP character is classified once at load.
const OTHER = 0;
const SPACE = 1;
const PUNCT = 2;
const DIGIT_CHAR = 3;
const SEPARATOR = 4;
const CLASS = new Uint8Array(65536);
for (let c = 0; c < 65536; c++) {
  if (DIGIT.test(String.fromCharCode(c))) CLASS[c] = DIGIT_CHAR;
  else if (isPythonSpace(c)) CLASS[c] = SPACE;
}
for (const ch of PUNCTUATION_CHARS) CLASS[ch.charCodeAt(0)] = PUNCT;
for (const c of [
  [0, 9],
  [11, 32],
  [127, 160],
] as const)
  for (let x = c[0]; x < c[1]; x++) if (CLASS[x] !== SPACE) CLASS[x] = PUNCT;
for (const ch of DECIMAL_SEPARATORS) if (CLASS[ch.charCodeAt(0)] === OTHER) CLASS[ch.charCodeAt(0)] = SEPARATOR;

/** Class of the code point at i, with the astral digits (mathematical digits, ...) found by the Unicode regex. */
function classAt(t: string, i: number): number {
  const c = t.charCodeAt(i);
  if (c >= 0xd800 && c <= 0xdbff && i + 1 < t.length) {
    return DIGIT.test(String.fromCodePoint(t.codePointAt(i) as number)) ? DIGIT_CHAR : OTHER;
  }
  return CLASS[c] as number;
}
const width = (t: string, i: number) => (t.charCodeAt(i) >= 0xd800 && t.charCodeAt(i) <= 0xdbff ? 2 : 1);

/**
 * Numbers, punctuation and whitespace in one pass over the lowercased text, equal to datatrove's three regex
 * passes: a digit run with at most one decimal part becomes "0", punctuation and whitespace runs become one space,
 * and the edges are stripped.
 */
function foldNumbersPunctuationSpaces(t: string, numbers: boolean, punctuation: boolean): string {
  const out = new Uint16Array(t.length);
  let n = 0;
  let gap = false;
  for (let i = 0; i < t.length; ) {
    let k = classAt(t, i);
    if (k === DIGIT_CHAR && numbers) {
      i += width(t, i);
      while (i < t.length && classAt(t, i) === DIGIT_CHAR) i += width(t, i);
      if (i + 1 < t.length && DECIMAL_SEPARATORS.includes(t[i] as string) && classAt(t, i + 1) === DIGIT_CHAR) {
        i += 1;
        while (i < t.length && classAt(t, i) === DIGIT_CHAR) i += width(t, i);
      }
      if (gap && n > 0) out[n++] = 0x20;
      gap = false;
      out[n++] = 0x30;
      continue;
    }
    if (k === PUNCT && !punctuation) k = OTHER;
    if (k === SPACE || k === PUNCT) {
      gap = true;
      i++;
      continue;
    }
    if (gap && n > 0) out[n++] = 0x20;
    gap = false;
    out[n++] = t.charCodeAt(i++);
  }
  return UTF16.decode(out.subarray(0, n));
}
const UTF16 = new TextDecoder("utf-16le");

/**
 * Same steps, same order as datatrove 0.10: lowercase, numbers, (weekdays, months), punctuation to spaces,
 * whitespace runs to one space, diacritics dropped, strip. Numbers go first so "1.2.3" is "0.0" -> "0 0".
 */
export function simplifyText(text: string, config: Readonly<TextNormConfig> = TEXT_NORM_DEFAULTS): string {
  let t = config.lowercase ? text.toLowerCase() : text;
  if (config.normWeekdays || config.normMonthnames || !config.normWhitespace) {
    return simplifyStepByStep(t, config);
  }
  t = foldNumbersPunctuationSpaces(t, config.normNumbers, config.removePunctuation);
  if (config.normUnicodeDiacritics && NON_ASCII.test(t)) {
    t = t.normalize("NFD").replace(COMBINING_MARK, "").replace(EDGE_SPACE, "");
  }
  return t;
}

const NUMBER = /\p{Nd}+(?:[.,،٫⎖⎗⎘]\p{Nd}+)?/gu;
const PUNCTUATION_RUN = new RegExp(
  `[${PUNCTUATION_CHARS.replace(/[\\\]^-]/g, "\\$&")}\\x00-\\x08\\x0b-\\x1f\\x7f-\\x9f]+`,
  "g",
);
const WHITESPACE_RUN = new RegExp(`[${PYTHON_SPACE_CLASS}]+`, "g");

/** The regex version of every step, for the configurations the one-pass fold does not cover. */
function simplifyStepByStep(lowered: string, config: Readonly<TextNormConfig>): string {
  let t = lowered;
  if (config.normNumbers) t = t.replace(NUMBER, "0");
  if (config.normWeekdays) t = t.replace(WEEKDAY, "WEEKDAY");
  if (config.normMonthnames) t = t.replace(MONTH, "MONTH");
  if (config.removePunctuation) t = t.replace(PUNCTUATION_RUN, " ");
  if (config.normWhitespace) t = t.replace(EDGE_SPACE, "").replace(WHITESPACE_RUN, " ");
  if (config.normUnicodeDiacritics && NON_ASCII.test(t)) t = t.normalize("NFD").replace(COMBINING_MARK, "");
  return t.replace(EDGE_SPACE, "");
}
