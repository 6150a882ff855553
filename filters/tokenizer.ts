// English word tokenizer and sentence splitter reproducing datatrove 0.10's `SpaCyTokenizer("en")`: spaCy 3's
// `blank("en")` rules (whitespace split, then prefixes, suffixes, special cases, URLs, infixes) and its rule-based
// `sentencizer`. Common chunks (plain words, plain numbers) take a loop-only fast path; only chunks that carry
// punctuation reach the affix regexes, once per chunk, never per character.
import { SPECIAL_CASES } from "./tokenizer-exceptions.js";

// ---- character classes (spaCy's lang/char_classes.py, letters approximated by Unicode categories) ----
const PUNCT_CHARS = "…,:;!?¿؟¡()[]{}<>_#*&。？！，、；：～·।،۔؛٪";
const QUOTE_CHARS = "'\"”“`‘´’‚,„»«「」『』（）〔〕【】《》〈〉〈〉⟦⟧";
const CURRENCY = ["$", "£", "€", "¥", "฿", "US$", "C$", "A$", "₽", "﷼", "₴", "₠", "₡", "₢", "₣", "₤", "₥", "₦", "₧"]
  .concat(["₨", "₩", "₪", "₫", "₭", "₮", "₯", "₰", "₱", "₲", "₳", "₵", "₶", "₷", "₸", "₹", "₺", "₻", "₼", "₾", "₿"])
  .map(escapeRegex);
const UNITS = (
  "km km² km³ m m² m³ dm dm² dm³ cm cm² cm³ mm mm² mm³ ha µm nm yd in ft kg g mg µg t lb oz m/s km/h kmh mph " +
  "hPa Pa mbar mb MB kb KB gb GB tb TB T G M K % км км² км³ м м² м³ дм дм² дм³ см см² см³ мм мм² мм³ нм кг г мг " +
  "м/с км/ч кПа Па мбар Кб КБ кб Мб МБ мб Гб ГБ гб Тб ТБ тбكم كم² كم³ م م² م³ سم سم² سم³ مم مم² مم³ كم غرام جرام جم كغ ملغ كوب اكواب"
)
  .split(" ")
  .map(escapeRegex);
const HYPHENS = ["-", "–", "—", "--", "---", "——", "~"];
const ALPHA = "\\p{L}";
const ALPHA_LOWER = "\\p{Ll}\\p{Lo}";
const ALPHA_UPPER = "\\p{Lu}\\p{Lo}";
const ICON = "(?!°)\\p{So}";

function escapeRegex(s: string): string {
  return s.replace(/[\\^$.*+?()[\]{}|/]/g, "\\$&");
}
function charClass(chars: string): string {
  return chars.replace(/[\\^\][-]/g, "\\$&");
}
const charAlternatives = (chars: string) => [...chars].map(escapeRegex);

const LIST_PUNCT = ["…", "……", ...charAlternatives(PUNCT_CHARS.slice(1))];
const LIST_ELLIPSES = ["\\.\\.+", "…"];
const LIST_QUOTES = charAlternatives(QUOTE_CHARS);

const PREFIX_RE = new RegExp(
  `^(?:${["§", "%", "=", "—", "–", "\\+(?![0-9])", ...LIST_PUNCT, ...LIST_ELLIPSES, ...LIST_QUOTES, ...CURRENCY, ICON].join("|")})`,
  "u",
);
// The `.` suffix may follow a lower-case letter, digit, `%²-+`, punctuation or a quote (plus `|()?:`, an artefact of
// how spaCy splices its alternation strings into the character class).
const DOT_AFTER = `0-9${ALPHA_LOWER}%²\\-\\+${charClass(PUNCT_CHARS)}\\|\\(\\?:\\)${charClass(QUOTE_CHARS)}`;
const SUFFIX_RE = new RegExp(
  `(?:${[
    ...LIST_PUNCT,
    ...LIST_ELLIPSES,
    ...LIST_QUOTES,
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
    `(?<=[${DOT_AFTER}])\\.`,
    `(?<=[${ALPHA_UPPER}][${ALPHA_UPPER}])\\.`,
  ]
    .map((s) => `(?:${s})$`)
    .join("|")})`,
  "u",
);
const INFIX_RE = new RegExp(
  [
    ...LIST_ELLIPSES,
    ICON,
    "(?<=[0-9])[+\\-\\*^](?=[0-9-])",
    `(?<=[${ALPHA_LOWER}${charClass(QUOTE_CHARS)}])\\.(?=[${ALPHA_UPPER}${charClass(QUOTE_CHARS)}])`,
    `(?<=[${ALPHA}]),(?=[${ALPHA}])`,
    `(?<=[${ALPHA}0-9])(?:${HYPHENS.map(escapeRegex).join("|")})(?=[${ALPHA}])`,
    `(?<=[${ALPHA}0-9])[:<>=/](?=[${ALPHA}])`,
  ].join("|"),
  "gu",
);
// spaCy's URL_MATCH: keeps URLs whole instead of splitting them on infixes.
const URL_RE = new RegExp(
  "^(?:(?:[\\p{L}\\p{N}_\\+\\-\\.]{2,})://)?(?:\\S+(?::\\S*)?@)?(?:" +
    "(?!(?:10|127)(?:\\.\\d{1,3}){3})(?!(?:169\\.254|192\\.168)(?:\\.\\d{1,3}){2})(?!172\\.(?:1[6-9]|2\\d|3[0-1])(?:\\.\\d{1,3}){2})" +
    "(?:[1-9]\\d?|1\\d\\d|2[01]\\d|22[0-3])(?:\\.(?:1?\\d{1,2}|2[0-4]\\d|25[0-5])){2}(?:\\.(?:[1-9]\\d?|1\\d\\d|2[0-4]\\d|25[0-4]))" +
    "|(?:(?:[A-Za-z0-9\\u00a1-\\uffff][A-Za-z0-9\\u00a1-\\uffff_-]{0,62})?[A-Za-z0-9\\u00a1-\\uffff]\\.)+" +
    `(?:[${ALPHA_LOWER}]{2,63}))(?::\\d{2,5})?(?:[/?#]\\S*)?$`,
  "u",
);

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

/** A chunk of ASCII letters only, or digits only, can match no affix or infix rule: it is one token unless special. */
function isPlainChunk(text: string, start: number, end: number): boolean {
  const first = text.charCodeAt(start);
  const digits = first >= 48 && first <= 57;
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (digits ? c < 48 || c > 57 : !((c >= 97 && c <= 122) || (c >= 65 && c <= 90))) return false;
  }
  return true;
}

/** Token boundaries as flat [start, end) offsets; whitespace tokens are kept because the sentencizer sees them. */
export interface TokenSpans {
  starts: number[];
  ends: number[];
  /** 1 when the token is a run of whitespace. */
  space: number[];
}

function pushSpecial(pieces: readonly number[], at: number, out: TokenSpans): void {
  let pos = at;
  for (const len of pieces) {
    out.starts.push(pos);
    out.ends.push(pos + len);
    out.space.push(0);
    pos += len;
  }
}

function push(out: TokenSpans, start: number, end: number, space = 0): void {
  out.starts.push(start);
  out.ends.push(end);
  out.space.push(space);
}

/** spaCy's _split_affixes + _attach_tokens for one whitespace-free chunk text[start, end). */
function tokenizeChunk(text: string, start: number, end: number, out: TokenSpans): void {
  const chunk = text.slice(start, end);
  const whole = SPECIAL_CASES.get(chunk);
  if (whole) {
    pushSpecial(whole, start, out);
    return;
  }
  if (isPlainChunk(text, start, end)) {
    push(out, start, end);
    return;
  }

  let s = start;
  let e = end;
  const prefixEnds: number[] = [];
  const suffixStarts: number[] = [];
  let lastSize = -1;
  while (e > s && e - s !== lastSize) {
    const str = text.slice(s, e);
    if (SPECIAL_CASES.has(str)) break;
    lastSize = e - s;
    const pre = PREFIX_RE.exec(str);
    const preLen = pre ? pre[0].length : 0;
    if (preLen && preLen < str.length && SPECIAL_CASES.has(str.slice(preLen))) {
      prefixEnds.push(s + preLen);
      s += preLen;
      break;
    }
    const suf = SUFFIX_RE.exec(preLen ? str.slice(preLen) : str);
    const sufLen = suf ? suf[0].length : 0;
    if (sufLen && sufLen < str.length && SPECIAL_CASES.has(str.slice(0, str.length - sufLen))) {
      suffixStarts.push(e - sufLen);
      e -= sufLen;
      break;
    }
    if (preLen && sufLen && preLen + sufLen <= str.length) {
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
    if (e > s && SPECIAL_CASES.has(text.slice(s, e))) break;
  }

  let pos = start;
  for (const pe of prefixEnds) {
    push(out, pos, pe);
    pos = pe;
  }
  if (e > s) attachMiddle(text, s, e, out);
  for (let i = suffixStarts.length - 1; i >= 0; i--) {
    const ss = suffixStarts[i] as number;
    push(out, ss, i === 0 ? end : (suffixStarts[i - 1] as number));
  }
}

function attachMiddle(text: string, s: number, e: number, out: TokenSpans): void {
  const str = text.slice(s, e);
  const special = SPECIAL_CASES.get(str);
  if (special) {
    pushSpecial(special, s, out);
    return;
  }
  if (URL_RE.test(str)) {
    push(out, s, e);
    return;
  }
  INFIX_RE.lastIndex = 0;
  let start = 0;
  for (let m = INFIX_RE.exec(str); m !== null; m = INFIX_RE.exec(str)) {
    const infixStart = m.index;
    const infixEnd = infixStart + m[0].length;
    if (m[0].length === 0) INFIX_RE.lastIndex++;
    if (infixStart === 0) continue; // spaCy skips an infix at the very start of the string
    if (infixStart !== start) push(out, s + start, s + infixStart);
    if (infixStart !== infixEnd) push(out, s + infixStart, s + infixEnd);
    start = infixEnd;
  }
  if (start < str.length) push(out, s + start, e);
}

/** All tokens of `text`, whitespace runs included, exactly as spaCy's Tokenizer.__call__ splits them. */
export function tokenSpans(text: string): TokenSpans {
  const out: TokenSpans = { starts: [], ends: [], space: [] };
  const n = text.length;
  let start = 0;
  let inSpace = false;
  for (let i = 0; i < n; i++) {
    const space = isPySpace(text.charCodeAt(i));
    if (space === inSpace) continue;
    if (start < i) {
      if (inSpace) push(out, start, i, 1);
      else tokenizeChunk(text, start, i, out);
    }
    // One plain space after a token is that token's trailing whitespace, not a token.
    start = text.charCodeAt(i) === 0x20 ? i + 1 : i;
    inSpace = space;
  }
  if (start < n) {
    if (inSpace) push(out, start, n, 1);
    else tokenizeChunk(text, start, n, out);
  }
  return out;
}

/** Word tokens as datatrove returns them: spaCy tokens, stripped, whitespace-only tokens dropped. */
export function wordTokenize(text: string): string[] {
  const spans = tokenSpans(text);
  const words: string[] = [];
  for (let i = 0; i < spans.starts.length; i++) {
    if (spans.space[i] === 0) words.push(text.slice(spans.starts[i], spans.ends[i]));
  }
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
  const spans = tokenSpans(text);
  const n = spans.starts.length;
  const sentences: string[] = [];
  let sentenceStart = 0;
  let seenEnd = false;
  const emit = (from: number, to: number) => {
    const s = text.slice(spans.starts[from], spans.ends[to - 1]).trim();
    if (s.length > 0) sentences.push(s);
  };
  for (let i = 0; i < n; i++) {
    const token = text.slice(spans.starts[i], spans.ends[i]);
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
