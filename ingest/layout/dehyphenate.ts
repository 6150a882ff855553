// End-of-line hyphenation: "repre-" + "sentation" joins, "state-of-the-" + "art" and "non-" + "linear" keep
// their hyphen. Evidence, strongest first: how the document itself writes the word elsewhere (its vocabulary),
// then the English lexicon, then whether both halves are words on their own (a compound) or not (a split word).

/** Lower-case letters, digits and inner hyphens: a token of the document's vocabulary. */
function isWordChar(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c >= 0xc0;
}

/**
 * Add each word of a line to the vocabulary (lower-cased; hyphenated compounds kept whole). Each part before an
 * inner hyphen is added too, with its hyphen ("pre-" from "pre-trained"): the prefixes this author hyphenates.
 */
export function addVocabulary(line: string, vocabulary: Set<string>): void {
  let start = -1;
  let part = -1;
  for (let i = 0; i <= line.length; i++) {
    const c = i < line.length ? line.charCodeAt(i) : 32;
    const inner = c === 45 && start >= 0 && i + 1 < line.length && isWordChar(line.charCodeAt(i + 1));
    if (inner) {
      vocabulary.add(line.slice(part, i + 1).toLowerCase());
      part = i + 1;
    } else if (isWordChar(c)) {
      if (start < 0) start = part = i;
    } else if (start >= 0) {
      if (i - start > 2) vocabulary.add(line.slice(start, i).toLowerCase());
      start = -1;
    }
  }
}

/** A line ending in a letter and a hyphen: a word (or compound) broken at the line end. */
export function endsInCutWord(line: string): boolean {
  const before = line.charCodeAt(line.length - 2);
  return line.endsWith("-") && (((before | 32) >= 97 && (before | 32) <= 122) || before >= 0xc0);
}

/** The word (with inner hyphens) ending at `end` (exclusive) in text. */
function wordBefore(text: string, end: number): string {
  let i = end;
  while (i > 0) {
    const c = text.charCodeAt(i - 1);
    if (isWordChar(c) || (c === 45 && i - 1 > 0 && isWordChar(text.charCodeAt(i - 2)))) i--;
    else break;
  }
  return text.slice(i, end);
}

function wordAfter(text: string): string {
  let i = 0;
  while (i < text.length && isWordChar(text.charCodeAt(i))) i++;
  return text.slice(0, i);
}

/**
 * The Brill lexicon tags numbers by rule, so it lists no number words; "two-" + "layer" and "three-" +
 * "dimensional" are compounds.
 */
const NUMBER_WORDS = new Set(
  "one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen nineteen twenty thirty forty fifty sixty seventy eighty ninety hundred thousand million billion".split(
    " ",
  ),
);

/**
 * Word endings the lexicon lists as entries of their own ("ing", "tion") but that, after a line-end hyphen, are the
 * tail of a split word: "finess-" + "ing" joins even though neither "finess" nor "finessing" is listed.
 */
const SUFFIXES = new Set(["ing", "ed", "er", "est", "ment", "ity", "ist", "able"]);

function known(word: string, words: ReadonlySet<string>): boolean {
  if (words.has(word) || NUMBER_WORDS.has(word)) return true;
  if (word.endsWith("s") && words.has(word.slice(0, -1))) return true;
  return false;
}

/**
 * Should a line ending in "left-" followed by a line starting with `next` be joined without the hyphen?
 * `lineEnd` is the text of the first line including its final hyphen.
 */
export function joinsHyphenation(
  lineEnd: string,
  next: string,
  vocabulary: ReadonlySet<string>,
  lexicon: ReadonlySet<string>,
): boolean {
  const left = wordBefore(lineEnd, lineEnd.length - 1);
  const right = wordAfter(next);
  if (left.length === 0 || right.length === 0) return false;
  const c = right.charCodeAt(0);
  const leftLast = left.charCodeAt(left.length - 1);
  // "Rao-" + "Blackwell": a capital after a lower-case half is a name and keeps its hyphen; all-caps text
  // ("RE-" + "THINKING") is judged like lower case.
  if (c >= 65 && c <= 90 && !(leftLast >= 65 && leftLast <= 90)) return false;
  const compound = `${left}-${right}`.toLowerCase();
  const joined = `${left}${right}`.toLowerCase();
  if (vocabulary.has(joined)) return true;
  if (vocabulary.has(compound)) return false;
  if (known(compound, lexicon)) return false;
  if (known(joined, lexicon)) return true;
  const lastPart = left.slice(left.lastIndexOf("-") + 1).toLowerCase();
  // "pre-" + "training" where the document writes "pre-trained": the author hyphenates this prefix.
  if (vocabulary.has(`${lastPart}-`)) return false;
  // "CNN-BIG-" + "LSTM": an acronym after the break is a name part, not the tail of a split word.
  if (isAllCaps(right) && right.length > 1) return false;
  const tail = right.toLowerCase();
  const bothWords = lastPart.length > 1 && known(lastPart, lexicon) && !SUFFIXES.has(tail) && known(tail, lexicon);
  return !bothWords;
}

function isAllCaps(word: string): boolean {
  return word === word.toUpperCase() && word !== word.toLowerCase();
}
