// Positive density components: how much information and how many facts, relations and claims per sentence.
import { deflateRawSync } from "node:zlib";
import { CAPITALIZED, isLetterCode, NUMBER, SYMBOL, type Tokens, WORD } from "../ngram-lm/tokens.js";
import { CharSet } from "./char-set.js";
import {
  AL,
  AND,
  ET,
  LIST_CLAIM_BEFORE_THAT,
  LIST_CLAIM_VERB,
  LIST_CONNECTIVE,
  LIST_DEFINITION,
  LIST_FUNCTION,
  LIST_SECOND_PERSON,
  LIST_UNIT,
  THAT,
  tokenLists,
  WE,
} from "./words.js";

/** Information per token: deflate-compressed bits per token (level 1: fast, and ranks texts like level 9). */
export function bitsPerToken(text: string, tokens: Tokens): number {
  if (tokens.count === 0) return 0;
  return (deflateRawSync(Buffer.from(text, "utf8"), { level: 1 }).length * 8) / tokens.count;
}

function isSpace(c: number): boolean {
  return c === 32 || c === 10 || c === 9;
}

function isWordCode(c: number): boolean {
  return isLetterCode(c) || (c >= 48 && c <= 57);
}

/**
 * "mmap(2)", "systemd.unit(5)", "printf(3p)": a manual page and its section, glued, the way manuals cite each other
 * (1,400 per MB of man pages, 3 per MB of papers: "log(4)"). "Eqn.(1)" and "f(x)" are not.
 */
function isSectionReference(text: string, at: number): boolean {
  if (!isWordCode(text.charCodeAt(at - 1)) || !isWordCode(text.charCodeAt(at - 2))) return false;
  const section = text.charCodeAt(at + 1);
  if (section < 49 || section > 56) return false; // "1"-"8"
  let k = at + 2; // then up to three lower-case letters: "3p", "1ssl"
  while (k < at + 5 && text.charCodeAt(k) >= 97 && text.charCodeAt(k) <= 122) k++;
  return (
    text.charCodeAt(k) === CLOSE_PAREN && !isWordCode(text.charCodeAt(k + 1)) && text.charCodeAt(k + 1) !== OPEN_PAREN
  );
}

/** "NamePolicy= and", "Type=,": a configuration key named in prose (no such key in the papers; math is "x=1"). */
function isConfigKey(text: string, at: number): boolean {
  const next = text.charCodeAt(at + 1);
  return (
    isLetterCode(text.charCodeAt(at - 1)) &&
    isLetterCode(text.charCodeAt(at - 2)) &&
    isLetterCode(text.charCodeAt(at - 3)) &&
    // then the end, a space, "," "." ";" or ")"
    (Number.isNaN(next) || isSpace(next) || next === 44 || next === 46 || next === 59 || next === CLOSE_PAREN)
  );
}

/** "-f" or "--force" after the first hyphen: a letter, or a second hyphen and a letter. */
function isOptionStart(text: string, at: number): boolean {
  const c = text.charCodeAt(at);
  return isLetterCode(c) || (c === HYPHEN && isLetterCode(text.charCodeAt(at + 1)));
}

const OPEN_BRACKET = "[".charCodeAt(0);
/** Math symbols that mark an equation or formula. */
const MATH = new CharSet("=<>≤≥≠≈∝∑∏∫∂∇±×÷∈∉⊂⊆∀∃→←⇒⇔↦∞√^|‖");

export interface FactMarkers {
  numbers: number;
  units: number;
  citations: number;
  equations: number;
  connectives: number;
  claims: number;
  technical: number;
  /** "you"/"your" per word: documentation and web text address a reader, papers rarely do. */
  secondPerson: number;
  /**
   * Command-line options ("-f", "--force"), snake_case joints, calls "f()", manual sections "mmap(2)" and
   * configuration keys "Type=" per word: code and manuals.
   */
  codeTokens: number;
}

const HYPHEN = "-".charCodeAt(0);
const UNDERSCORE = "_".charCodeAt(0);
const OPEN_PAREN = "(".charCodeAt(0);
const CLOSE_PAREN = ")".charCodeAt(0);
const EQUALS = "=".charCodeAt(0);
const COMMA = ",".charCodeAt(0);
/** What may come before an author's name inside a citation: "(Andrews 1991", "& Zeileis 2008", "; White 1980". */
const CITATION_OPENERS = new CharSet("(&;");

/** A number of four digits from 1900 to 2099. */
function isYear(text: string, tokens: Tokens, i: number): boolean {
  const at = tokens.offsets[i] as number;
  const c0 = text.charCodeAt(at);
  const c1 = text.charCodeAt(at + 1);
  return tokens.lengths[i] === 4 && ((c0 === 49 && c1 === 57) || (c0 === 50 && c1 === 48));
}

/**
 * A year cited after an author's name, as fields that cite by author and year do (statistics, economics, the life
 * sciences): "Zeileis (2004)", "(Andrews 1991)", "(Kleiber and Zeileis, 2008)". Counting only bracketed numbers and
 * "et al." (counted at "al"), statistics papers as assay extracts them read a tenth of the machine-learning papers'
 * citations, as few as documentation has. A capitalised word then a year that opens a sentence ("In 2004") is none.
 */
function isCitedYear(text: string, tokens: Tokens, i: number): boolean {
  if (!isYear(text, tokens, i)) return false;
  const { flags, offsets, hashes } = tokens;
  const symbolAt = (j: number) => ((flags[j] as number) & SYMBOL ? text.charCodeAt(offsets[j] as number) : -1);
  let name = i - 1;
  if (symbolAt(name) === OPEN_PAREN) return name > 0 && ((flags[name - 1] as number) & CAPITALIZED) !== 0;
  if (symbolAt(name) === COMMA) name--;
  if (name < 1 || ((flags[name] as number) & CAPITALIZED) === 0) return false;
  return hashes[name - 1] === AND || CITATION_OPENERS.has(symbolAt(name - 1));
}

/**
 * Counts per sentence (technical: share of word tokens), one pass over the tokens. `lists`: tokenLists(tokens), when
 * the caller has it.
 */
export function factMarkers(text: string, tokens: Tokens, lists = tokenLists(tokens)): FactMarkers {
  const { hashes, flags, lengths, offsets, count } = tokens;
  let numbers = 0;
  let units = 0;
  let citations = 0;
  let equations = 0;
  let connectives = 0;
  let claims = 0;
  let technical = 0;
  let secondPerson = 0;
  let code = 0;
  let words = 0;
  for (let i = 0; i < count; i++) {
    const f = flags[i] as number;
    const h = hashes[i] as number;
    if (f & NUMBER) {
      numbers++;
      if (i + 1 < count && (lists[i + 1] as number) & LIST_UNIT) units++;
      else if (isCitedYear(text, tokens, i)) citations++;
    } else if (f & WORD) {
      words++;
      const c0 = text.charCodeAt(offsets[i] as number);
      const on = lists[i] as number;
      if (c0 >= 0x391 && c0 <= 0x3c9)
        equations++; // Greek letters are variables
      else if ((lengths[i] as number) >= 6 && (on & LIST_FUNCTION) === 0 && c0 >= 97 && c0 <= 122) technical++;
      if (on & LIST_CONNECTIVE) connectives++;
      if (on & LIST_SECOND_PERSON) secondPerson++;
      if (h === WE && i + 1 < count && (lists[i + 1] as number) & LIST_CLAIM_VERB) claims++;
      else if (on & LIST_DEFINITION) claims++;
      else if (h === THAT && i > 0 && (lists[i - 1] as number) & LIST_CLAIM_BEFORE_THAT) claims++;
      else if (h === AL && i > 0 && hashes[i - 1] === ET) citations++;
    } else if (f & SYMBOL) {
      const c = text.charCodeAt(offsets[i] as number);
      const at = offsets[i] as number;
      if (c === EQUALS && isConfigKey(text, at)) code++;
      else if (MATH.has(c)) equations++;
      else if (c === OPEN_BRACKET && i + 1 < count && (flags[i + 1] as number) & NUMBER) citations++;
      else if (c === HYPHEN && (at === 0 || isSpace(text.charCodeAt(at - 1))) && isOptionStart(text, at + 1)) code++;
      else if (c === UNDERSCORE && isWordCode(text.charCodeAt(at - 1)) && isWordCode(text.charCodeAt(at + 1))) code++;
      else if (c === OPEN_PAREN && text.charCodeAt(at + 1) === CLOSE_PAREN && isWordCode(text.charCodeAt(at - 1)))
        code++;
      else if (c === OPEN_PAREN && isSectionReference(text, at)) code++;
    }
  }
  const s = Math.max(1, tokens.sentences);
  return {
    numbers: numbers / s,
    units: units / s,
    citations: citations / s,
    equations: equations / s,
    connectives: connectives / s,
    claims: claims / s,
    technical: words === 0 ? 0 : technical / words,
    secondPerson: words === 0 ? 0 : secondPerson / words,
    codeTokens: words === 0 ? 0 : code / words,
  };
}
