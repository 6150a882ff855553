// English word tokenizer and sentence splitter reproducing datatrove 0.10's `SpaCyTokenizer("en")`: spaCy 3's
// `blank("en")` rules (split on whitespace, then per chunk: special cases, prefixes, suffixes, URLs, infixes) and its
// rule-based `sentencizer`. spaCy expresses the affix rules as regex alternations; here each alternation is a hand
// loop over a precomputed character-class table with the same leftmost-match semantics, so a chunk costs a few
// table lookups instead of several regex scans.
import { SPECIAL_CASES } from "./tokenizer-exceptions.js";

// ---- character classes (spaCy's lang/char_classes.py; its letter ranges expressed as scripts and categories) ----
const ALPHA = 1; // letters of the scripts spaCy lists (not CJK, not mathematical alphanumerics)
const LOWER = 2; // ALPHA_LOWER: lower-case letters, plus letters of uncased scripts
const UPPER = 4; // ALPHA_UPPER: upper-case letters, plus letters of uncased scripts
const ICON = 8; // LIST_ICONS: \p{So} except the degree sign
const PREFIX = 16; // single-character prefixes: § % = — – LIST_PUNCT LIST_QUOTES LIST_CURRENCY LIST_ICONS
const SUFFIX = 32; // single-character suffixes: LIST_PUNCT LIST_QUOTES LIST_ICONS — –
const DOT_AFTER = 64; // what may precede a split-off final "." besides lower-case letters
const QUOTE = 128; // CONCAT_QUOTES

const PUNCT_CHARS = "…,:;!?¿؟¡()[]{}<>_#*&。？！，、；：～·।،۔؛٪";
const QUOTE_CHARS = "'\"”“`‘´’‚,„»«「」『』（）〔〕【】《》〈〉⟦⟧";
const CURRENCY_CHARS = "$£€¥฿₽﷼₴₠₡₢₣₤₥₦₧₨₩₪₫₭₮₯₰₱₲₳₵₶₷₸₹₺₻₼₾₿";
const UNITS = (
  "km km² km³ m m² m³ dm dm² dm³ cm cm² cm³ mm mm² mm³ ha µm nm yd in ft kg g mg µg t lb oz m/s km/h kmh mph " +
  "hPa Pa mbar mb MB kb KB gb GB tb TB T G M K % км км² км³ м м² м³ дм дм² дм³ см см² см³ мм мм² мм³ нм кг г мг " +
  "м/с км/ч кПа Па мбар Кб КБ кб Мб МБ мб Гб ГБ гб Тб ТБ тбكم كم² كم³ م م² م³ سم سم² سم³ مم مم² مم³ كم غرام جرام جم كغ ملغ كوب اكواب"
).split(" ");
const MAX_UNIT_LENGTH = Math.max(...UNITS.map((u) => u.length));
const UNIT_SET = new Set(UNITS);

const CASED_SCRIPTS = "[\\p{Script=Latin}\\p{Script=Cyrillic}\\p{Script=Greek}]";
const UNCASED_SCRIPTS =
  "[\\p{Script=Hebrew}\\p{Script=Arabic}\\p{Script=Bengali}\\p{Script=Sinhala}\\p{Script=Ethiopic}\\p{Script=Devanagari}\\p{Script=Kannada}\\p{Script=Tamil}\\p{Script=Telugu}]";
const CASED_LETTER = new RegExp(`^(?=\\p{L})${CASED_SCRIPTS}$`, "u");
const UNCASED_LETTER = new RegExp(`^(?=\\p{L})${UNCASED_SCRIPTS}$`, "u");

function classify(ch: string): number {
  let flags = 0;
  if (UNCASED_LETTER.test(ch)) flags |= ALPHA | LOWER | UPPER;
  else if (CASED_LETTER.test(ch)) flags |= ALPHA | (/\p{Ll}/u.test(ch) ? LOWER : 0) | (/\p{Lu}/u.test(ch) ? UPPER : 0);
  if (ch !== "°" && /\p{So}/u.test(ch)) flags |= ICON | PREFIX | SUFFIX;
  if (PUNCT_CHARS.includes(ch) || QUOTE_CHARS.includes(ch)) flags |= PREFIX | SUFFIX;
  if (QUOTE_CHARS.includes(ch)) flags |= QUOTE;
  if ("§%=—–".includes(ch) || CURRENCY_CHARS.includes(ch)) flags |= PREFIX;
  if ("—–".includes(ch)) flags |= SUFFIX;
  // spaCy splices `%²\-\+`, PUNCT (an alternation, so `|` too) and `(?:QUOTES)` into one character class.
  if (/[0-9%²\-+|(?:)]/.test(ch) || PUNCT_CHARS.includes(ch) || QUOTE_CHARS.includes(ch)) flags |= DOT_AFTER;
  return flags;
}

/**
 * A BMP character's flags, classified when first met: all 63,488 at once cost ~0.05 CPU s in every process that loads
 * the tokenizer, and a corpus meets a few hundred. KNOWN marks a filled entry; surrogate halves are never classified.
 */
const BMP_FLAGS = new Uint16Array(0x10000);
const KNOWN = 0x100;
const astralFlags = new Map<number, number>();

function flagsOf(cp: number): number {
  if (cp < 0x10000) {
    let f = BMP_FLAGS[cp] as number;
    if (f === 0) {
      f = KNOWN | (cp < 0xd800 || cp > 0xdfff ? classify(String.fromCharCode(cp)) : 0);
      BMP_FLAGS[cp] = f;
    }
    return f & ~KNOWN;
  }
  let f = astralFlags.get(cp);
  if (f === undefined) {
    f = classify(String.fromCodePoint(cp));
    astralFlags.set(cp, f);
  }
  return f;
}

/** Code point starting at i (within [.., e)) and its flags; astral characters span two code units. */
function cpAt(text: string, i: number): number {
  return text.codePointAt(i) as number;
}
function cpWidth(cp: number): number {
  return cp > 0xffff ? 2 : 1;
}
/** Code point ending just before i, or -1 when i is the window start. */
function cpBefore(text: string, s: number, i: number): number {
  if (i <= s) return -1;
  const c = text.charCodeAt(i - 1);
  if (c >= 0xdc00 && c <= 0xdfff && i - 2 >= s) {
    const h = text.charCodeAt(i - 2);
    if (h >= 0xd800 && h <= 0xdbff) return (h - 0xd800) * 0x400 + (c - 0xdc00) + 0x10000;
  }
  return c;
}
const flagsBefore = (text: string, s: number, i: number) => {
  const cp = cpBefore(text, s, i);
  return cp < 0 ? 0 : flagsOf(cp);
};
const isDigit = (c: number) => c >= 48 && c <= 57;

/** Python's str.isspace(): the separators spaCy splits on before any rule applies. */
export function isPySpace(c: number): boolean {
  if (c <= 0x20) return c === 0x20 || (c >= 0x09 && c <= 0x0d) || (c >= 0x1c && c <= 0x1f);
  if (c < 0x85) return false;
  return (
    c === 0x85 ||
    c === 0xa0 ||
    c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 ||
    c === 0x2029 ||
    c === 0x202f ||
    c === 0x205f ||
    c === 0x3000
  );
}

/** Python's str.strip() with no argument. */
export function pyStrip(s: string): string {
  let a = 0;
  let b = s.length;
  while (a < b && isPySpace(s.charCodeAt(a))) a++;
  while (b > a && isPySpace(s.charCodeAt(b - 1))) b--;
  return s.slice(a, b);
}

// ---- affix rules: each returns what spaCy's compiled regex would match in the window text[s, e) ----

/** Length of the prefix `^(?:§|%|=|—|–|\+(?![0-9])|PUNCT|\.\.+|…|QUOTES|CURRENCY|ICONS)`, or 0. */
export function findPrefix(text: string, s: number, e: number): number {
  const c = text.charCodeAt(s);
  if (c === 0x2e) {
    let j = s + 1;
    while (j < e && text.charCodeAt(j) === 0x2e) j++;
    return j - s >= 2 ? j - s : 0;
  }
  if (c === 0x2b) return s + 1 < e && isDigit(text.charCodeAt(s + 1)) ? 0 : 1;
  if (c === 0x55 && text.startsWith("US$", s) && s + 3 <= e) return 3;
  if ((c === 0x43 || c === 0x41) && text.charCodeAt(s + 1) === 0x24 && s + 2 <= e) return 2;
  const cp = cpAt(text, s);
  return flagsOf(cp) & PREFIX ? cpWidth(cp) : 0;
}

/**
 * Length of the suffix spaCy's search finds: of all suffix alternatives anchored at the end, the one starting
 * leftmost (PUNCT, QUOTES, ICONS, — –, 's, ……, a run of dots, + or currency or a unit after a digit, a final dot
 * after a lower-case letter, digit or punctuation, after two capitals, or after °F/°C/°K).
 */
export function findSuffix(text: string, s: number, e: number): number {
  let start = e;
  const consider = (at: number) => {
    if (at >= s && at < start) start = at;
  };
  const last = cpBefore(text, s, e);
  if (last < 0) return 0;
  const lastWidth = cpWidth(last);
  const lastFlags = flagsOf(last);
  if (lastFlags & SUFFIX) consider(e - lastWidth);
  const beforeLast = e - lastWidth;
  if (last === 0x2e) {
    let j = e - 1;
    while (j > s && text.charCodeAt(j - 1) === 0x2e) j--;
    if (e - j >= 2) consider(j);
    const prev = cpBefore(text, s, beforeLast);
    if (prev >= 0) {
      const pf = flagsOf(prev);
      if (pf & (LOWER | DOT_AFTER)) consider(e - 1);
      else if (pf & UPPER && flagsBefore(text, s, beforeLast - cpWidth(prev)) & UPPER) consider(e - 1);
      const degree = beforeLast - 2;
      if (degree >= s && text.charCodeAt(degree) === 0xb0 && "FfCcKk".includes(text[beforeLast - 1] as string)) {
        consider(e - 1);
      }
    }
  }
  if (e - s >= 2) {
    const two = text.slice(e - 2, e);
    if (two === "'s" || two === "'S" || two === "’s" || two === "’S" || two === "……") consider(e - 2);
  }
  // `(?<=[0-9])\+`, `(?<=[0-9])(?:CURRENCY)` and `(?<=[0-9])(?:UNITS)`: the longest fitting one starts leftmost.
  if (last === 0x2b && e - 2 >= s && isDigit(text.charCodeAt(e - 2))) consider(e - 1);
  if (last < 0x10000 && CURRENCY_CHARS.includes(String.fromCharCode(last))) {
    for (const len of [3, 2, 1]) {
      const at = e - len;
      if (at - 1 < s) continue;
      const cur = text.slice(at, e);
      if ((len === 1 || cur === "US$" || cur === "C$" || cur === "A$") && isDigit(text.charCodeAt(at - 1))) {
        consider(at);
        break;
      }
    }
  }
  for (let len = Math.min(MAX_UNIT_LENGTH, e - s - 1); len >= 1; len--) {
    const at = e - len;
    if (isDigit(text.charCodeAt(at - 1)) && UNIT_SET.has(text.slice(at, e))) {
      consider(at);
      break;
    }
  }
  return e - start;
}

const HYPHEN_RUNS = ["-", "–", "—", "--", "---", "——", "~"];

/**
 * Length of the infix match at i, trying spaCy's English infix alternatives in order: a run of dots, …, an icon,
 * an operator between digits, a dot between lower and upper case, a comma between letters, a hyphen or dash after a
 * letter or digit and before a letter, and `: < > = /` after a letter or digit and before a letter.
 */
function infixAt(text: string, s: number, e: number, i: number): number {
  const c = text.charCodeAt(i);
  if ((c >= 97 && c <= 122) || (c >= 65 && c <= 90) || isDigit(c)) return 0; // no infix starts with a letter or digit
  if (c === 0x2e && i + 1 < e && text.charCodeAt(i + 1) === 0x2e) {
    let j = i + 2;
    while (j < e && text.charCodeAt(j) === 0x2e) j++;
    return j - i;
  }
  if (c === 0x2026) return 1;
  const cp = cpAt(text, i);
  const width = cpWidth(cp);
  if (flagsOf(cp) & ICON) return width;
  if (i === s) return 0;
  const prev = cpBefore(text, s, i);
  const prevFlags = flagsOf(prev);
  const flagsAt = (j: number) => (j < e ? flagsOf(cpAt(text, j)) : 0);
  if ((c === 0x2b || c === 0x2d || c === 0x2a || c === 0x5e) && isDigit(prev) && i + 1 < e) {
    const next = text.charCodeAt(i + 1);
    if (isDigit(next) || next === 0x2d) return 1;
  }
  if (c === 0x2e && prevFlags & (LOWER | QUOTE) && flagsAt(i + 1) & (UPPER | QUOTE)) return 1;
  if (c === 0x2c && prevFlags & ALPHA && flagsAt(i + 1) & ALPHA) return 1;
  const afterLetterOrDigit = prevFlags & ALPHA || isDigit(prev);
  if (!afterLetterOrDigit) return 0;
  for (const run of HYPHEN_RUNS) {
    if (text.startsWith(run, i) && i + run.length < e && flagsAt(i + run.length) & ALPHA) return run.length;
  }
  if ((c === 0x3a || c === 0x3c || c === 0x3e || c === 0x3d || c === 0x2f) && flagsAt(i + 1) & ALPHA) return 1;
  return 0;
}

// The TLD must be ALPHA_LOWER letters (see classify).
const URL_TLD_LETTER = `(?=\\p{Ll})${CASED_SCRIPTS}|(?=\\p{L})${UNCASED_SCRIPTS}`;

// spaCy's URL_MATCH: a URL left after affix splitting is kept whole instead of being split on infixes.
const URL_RE = new RegExp(
  "^(?:(?:[\\p{L}\\p{N}_\\+\\-\\.]{2,})://)?(?:\\S+(?::\\S*)?@)?(?:" +
    "(?!(?:10|127)(?:\\.\\d{1,3}){3})(?!(?:169\\.254|192\\.168)(?:\\.\\d{1,3}){2})(?!172\\.(?:1[6-9]|2\\d|3[0-1])(?:\\.\\d{1,3}){2})" +
    "(?:[1-9]\\d?|1\\d\\d|2[01]\\d|22[0-3])(?:\\.(?:1?\\d{1,2}|2[0-4]\\d|25[0-5])){2}(?:\\.(?:[1-9]\\d?|1\\d\\d|2[0-4]\\d|25[0-4]))" +
    "|(?:(?:[A-Za-z0-9\\u00a1-\\uffff][A-Za-z0-9\\u00a1-\\uffff_-]{0,62})?[A-Za-z0-9\\u00a1-\\uffff]\\.)+" +
    `(?:(?:${URL_TLD_LETTER}){2,63}))(?::\\d{2,5})?(?:[/?#]\\S*)?$`,
  "u",
);

/**
 * Token boundaries as flat [start0, end0, start1, end1, ...] offsets in a growable typed array. Whitespace runs are
 * tokens too (the sentencizer sees them); such a token starts with a whitespace character, which no other does.
 */
export class TokenSpans {
  data: Int32Array;
  /** Number of offsets used: twice the number of tokens. */
  length = 0;

  constructor(capacity: number) {
    this.data = new Int32Array(Math.max(16, capacity));
  }

  get tokens(): number {
    return this.length >> 1;
  }

  push(start: number, end: number): void {
    if (this.length + 2 > this.data.length) {
      const grown = new Int32Array(this.data.length * 2);
      grown.set(this.data);
      this.data = grown;
    }
    this.data[this.length++] = start;
    this.data[this.length++] = end;
  }
}

function push(out: TokenSpans, start: number, end: number): void {
  out.push(start, end);
}

function pushSpecial(pieces: readonly number[], at: number, out: TokenSpans): void {
  let pos = at;
  for (const len of pieces) {
    push(out, pos, pos + len);
    pos += len;
  }
}

// A (length, first character, last character) signature table rules out almost every window before the string is
// cut and hashed.
const MAX_SPECIAL_LENGTH = Math.max(...[...SPECIAL_CASES.keys()].map((k) => k.length));
const signature = (length: number, first: number, last: number) => (length << 14) | ((first & 127) << 7) | (last & 127);
const SPECIAL_SIGNATURES = new Uint8Array((MAX_SPECIAL_LENGTH + 1) << 14);
for (const key of SPECIAL_CASES.keys()) {
  SPECIAL_SIGNATURES[signature(key.length, key.charCodeAt(0), key.charCodeAt(key.length - 1))] = 1;
}
const mayBeSpecial = (text: string, s: number, e: number) =>
  e - s <= MAX_SPECIAL_LENGTH && SPECIAL_SIGNATURES[signature(e - s, text.charCodeAt(s), text.charCodeAt(e - 1))] === 1;
const specialAt = (text: string, s: number, e: number) =>
  mayBeSpecial(text, s, e) ? SPECIAL_CASES.get(text.slice(s, e)) : undefined;
const isSpecial = (text: string, s: number, e: number) => specialAt(text, s, e) !== undefined;

/** spaCy's _split_affixes + _attach_tokens for one whitespace-free chunk text[start, end). */
function tokenizeChunk(text: string, start: number, end: number, out: TokenSpans): void {
  const whole = specialAt(text, start, end);
  if (whole) {
    pushSpecial(whole, start, out);
    return;
  }
  let s = start;
  let e = end;
  const prefixEnds: number[] = [];
  const suffixStarts: number[] = [];
  let lastSize = -1;
  while (e > s && e - s !== lastSize) {
    if (isSpecial(text, s, e)) break;
    lastSize = e - s;
    const preLen = findPrefix(text, s, e);
    if (preLen && preLen < e - s && isSpecial(text, s + preLen, e)) {
      prefixEnds.push(s + preLen);
      s += preLen;
      break;
    }
    const sufLen = findSuffix(text, s + preLen, e);
    if (sufLen && sufLen < e - s && isSpecial(text, s, e - sufLen)) {
      suffixStarts.push(e - sufLen);
      e -= sufLen;
      break;
    }
    if (preLen && sufLen && preLen + sufLen <= e - s) {
      prefixEnds.push(s + preLen);
      suffixStarts.push(e - sufLen);
      s += preLen;
      e -= sufLen;
    } else if (preLen) {
      prefixEnds.push(s + preLen);
      s += preLen;
    } else if (sufLen) {
      suffixStarts.push(e - sufLen);
      e -= sufLen;
    }
    if (e > s && isSpecial(text, s, e)) break;
  }

  let pos = start;
  for (const pe of prefixEnds) {
    push(out, pos, pe);
    pos = pe;
  }
  if (e > s) attachMiddle(text, s, e, out);
  for (let i = suffixStarts.length - 1; i >= 0; i--) {
    push(out, suffixStarts[i] as number, i === 0 ? end : (suffixStarts[i - 1] as number));
  }
}

function attachMiddle(text: string, s: number, e: number, out: TokenSpans): void {
  const special = specialAt(text, s, e);
  if (special) {
    pushSpecial(special, s, out);
    return;
  }
  // Infix positions first: most middles have none, and then the URL check cannot change anything.
  let infixes: number[] | null = null;
  for (let i = s; i < e; ) {
    const len = infixAt(text, s, e, i);
    if (len === 0) {
      i++;
      continue;
    }
    infixes ??= [];
    infixes.push(i, i + len);
    i += len;
  }
  if (infixes === null || URL_RE.test(text.slice(s, e))) {
    push(out, s, e);
    return;
  }
  let start = s;
  for (let k = 0; k < infixes.length; k += 2) {
    const infixStart = infixes[k] as number;
    const infixEnd = infixes[k + 1] as number;
    // An infix at the very start of the string stays part of the following piece, as in spaCy.
    if (infixStart === s) continue;
    if (infixStart !== start) push(out, start, infixStart);
    push(out, infixStart, infixEnd);
    start = infixEnd;
  }
  if (start < e) push(out, start, e);
}

/** All tokens of `text`, whitespace runs included, exactly as spaCy's Tokenizer.__call__ splits them. */
export function tokenSpans(text: string): TokenSpans {
  const n = text.length;
  // English text averages well over 4 characters per token with its space; grow if not.
  const out = new TokenSpans(n >> 1);
  let start = 0;
  let inSpace = false;
  // Character kinds seen in the current chunk: a chunk of only ASCII letters or only digits is one token.
  let kinds = 0;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    const kind = c < 128 ? (ASCII_KIND[c] as number) : isPySpace(c) ? SPACE_KIND : OTHER_KIND;
    const space = kind === SPACE_KIND;
    if (space === inSpace) {
      kinds |= kind;
      continue;
    }
    if (start < i) {
      if (inSpace) push(out, start, i);
      else endChunk(text, start, i, kinds, out);
    }
    // One plain space after a token is that token's trailing whitespace, not a token.
    start = c === 0x20 ? i + 1 : i;
    inSpace = space;
    kinds = kind;
  }
  if (start < n) {
    if (inSpace) push(out, start, n);
    else endChunk(text, start, n, kinds, out);
  }
  return out;
}

const SPACE_KIND = 1;
const LETTER_KIND = 2;
const DIGIT_KIND = 4;
const OTHER_KIND = 8;
const ASCII_KIND = new Uint8Array(128).map((_, c) =>
  isPySpace(c)
    ? SPACE_KIND
    : (c >= 97 && c <= 122) || (c >= 65 && c <= 90)
      ? LETTER_KIND
      : isDigit(c)
        ? DIGIT_KIND
        : OTHER_KIND,
);

function endChunk(text: string, start: number, end: number, kinds: number, out: TokenSpans): void {
  if (kinds === LETTER_KIND || kinds === DIGIT_KIND) {
    // No affix, infix or URL rule can apply; only a special case (cannot, gonna, ...) splits it.
    const special = specialAt(text, start, end);
    if (special) pushSpecial(special, start, out);
    else push(out, start, end);
  } else {
    tokenizeChunk(text, start, end, out);
  }
}

/** Word tokens as datatrove returns them: spaCy tokens, stripped, whitespace-only tokens dropped. */
export function wordTokenize(text: string): string[] {
  const { data, length } = tokenSpans(text);
  const words: string[] = [];
  for (let i = 0; i < length; i += 2) {
    const start = data[i] as number;
    if (!isPySpace(text.charCodeAt(start))) words.push(text.slice(start, data[i + 1]));
  }
  return words;
}

/** How many words wordTokenize would return, without building them. */
export function countWords(text: string): number {
  const { data, length } = tokenSpans(text);
  let words = 0;
  for (let i = 0; i < length; i += 2) if (!isPySpace(text.charCodeAt(data[i] as number))) words++;
  return words;
}

// spaCy's Sentencizer.default_punct_chars (the scripts an English corpus can contain).
const SENTENCE_END = new Set("!.?։؟۔܀܁܂߹।॥၊။።፧፨᙮᜵᜶᠃᠉᥄᥅᪨᪩᪪᪫᭚᭛᭞᭟᰻᰼᱾᱿‼‽⁇⁈⁉⸮⸼꓿꘎꘏꛳꛷꡶꡷꣎꣏꤯꧈꧉꩝꩞꩟꫰꫱꯫﹒﹖﹗！．？｡。".split(""));
const ALL_PUNCT = /^\p{P}+$/u;

/**
 * Sentences as datatrove's sent_tokenize returns them (stripped, empty ones dropped). spaCy's sentencizer starts a
 * new sentence at the first token that is not punctuation after a sentence-final punctuation token.
 */
export function splitSentences(text: string): string[] {
  const { data: spans, tokens: n } = tokenSpans(text);
  const sentences: string[] = [];
  let sentenceStart = 0;
  let seenEnd = false;
  const emit = (from: number, to: number) => {
    const s = pyStrip(text.slice(spans[2 * from], spans[2 * to - 1]));
    if (s.length > 0) sentences.push(s);
  };
  for (let i = 0; i < n; i++) {
    const token = text.slice(spans[2 * i], spans[2 * i + 1]);
    const isEnd = SENTENCE_END.has(token);
    if (seenEnd && !isEnd && !ALL_PUNCT.test(token)) {
      emit(sentenceStart, i);
      sentenceStart = i;
      seenEnd = false;
    } else if (isEnd) {
      seenEnd = true;
    }
  }
  if (n > 0) emit(sentenceStart, n);
  return sentences;
}
