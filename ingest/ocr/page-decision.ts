// Per page: is the text layer usable, or must the page be OCR'd? Decided from measured evidence (text chars by
// class, image coverage from the operator list) so the rule is a pure function that tests pin at its thresholds.
import type { PDFPageProxy } from "pdfjs-dist/legacy/build/pdf.mjs";
import type { TextContent } from "pdfjs-dist/types/src/display/api.js";
import { type CharModel, defaultCharModel } from "../../filters/density/char-model.js";
import { englishWords } from "../layout/english-lexicon.js";
import { imageCoverage, pageImages } from "./page-images.js";

export type OcrMode = "auto" | "always" | "never";

export const PAGE_DECISION_DEFAULTS = {
  /** Fewer visible chars than this over a mostly-image page: an image-only scan (a stamp or page number aside). */
  maxStampChars: 100,
  /** Share of the page box painted by images for a textless page to count as a scan. */
  minImageCoverage: 0.5,
  /** Below this many chars a text layer is too short to judge as garbage. */
  minCharsToJudge: 40,
  /** Unmapped glyphs (U+FFFD, private use, controls, unassigned) above this share: broken font encoding. */
  maxUnmappedShare: 0.2,
  /**
   * Letters and digits (any script) below this share of visible chars, leader dots aside: symbol soup from a font
   * without a usable map. Digits count because results tables are mostly numbers (letters alone fall to 0.3 on real
   * table pages).
   */
  minLetterShare: 0.5,
  /** Fewer words (two letters or more) than this are too few to judge a text layer by the lexicon. */
  minWordsToJudge: 50,
  /**
   * Share of a layer's words the English lexicon knows below which a text layer over a page-sized image is a bad
   * OCR layer (invisible words of letters, which the symbol rules pass): such a layer measured 0.14, a good vendor
   * layer 0.94, English prose 0.88; French and German prose 0.46 and 0.39, so an OCR layer in another language is kept.
   */
  minKnownWordShare: 0.25,
  /** Fewer Latin letters (a-z, A-Z) than this are too few to judge a text layer by how its letters follow each other. */
  minLettersToJudge: 200,
  /**
   * Least share of a layer's letters that are a-z or A-Z for it to be judged by letterBits: the character model
   * reads any other letter as one rare symbol, so Vietnamese (0.73-0.80 of its letters) and Cyrillic would read as
   * garbage; Czech, Hungarian and Polish run 0.86-0.96.
   */
  minLatinShare: 0.9,
  /**
   * Mean bits a letter (a word's end counted as one) under the character model of English word forms above which a
   * layer's letters follow each other as no language's do: a composite font without a usable map whose glyph ids
   * come through as shifted letters (":HVWXG\WKH..." for "We study the", 6.5-7.1 bits in 17 languages' text so
   * shifted). Real text, in 3,000-character pages: English papers at most 4.6, their equations and tables 5.0, man
   * pages in 15 languages written in Latin letters at most 5.5 (Polish; 3.0-4.1 typical).
   */
  maxLetterBits: 6,
  /**
   * A layer whose words the lexicon knows this share of or more is not judged by letterBits (English prose 0.88,
   * French 0.46; letters shifted as glyph ids near 0): measuring every page cost 1.5% of an ingest thread's CPU.
   */
  maxKnownShareForLetters: 0.5,
};
export type PageDecisionOptions = typeof PAGE_DECISION_DEFAULTS;

export type OcrReason =
  | "forced"
  | "image_only"
  | "garbage_unmapped"
  | "garbage_symbols"
  | "garbage_letters"
  | "garbage_words";
export type TextLayerReason = "text_layer" | "ocr_disabled" | "empty_page";
export type PageDecision = { ocr: true; reason: OcrReason } | { ocr: false; reason: TextLayerReason };

/** What the decision looks at; every field is also worth keeping as a per-page stat. */
export interface PageEvidence {
  /** Non-whitespace chars of the text layer. */
  visibleChars: number;
  letters: number;
  digits: number;
  unmapped: number;
  /**
   * Dots (`.`, `…`, `·`, one- and two-dot leaders): an index or table of contents is mostly the leaders between its
   * entries and their pages (`asn1_copy_node . . . . 11`), real text that was read as symbol soup and OCR'd.
   */
  dots: number;
  /** Share of the layer's words the English lexicon knows; null below minWordsToJudge words. */
  knownWordShare: number | null;
  /**
   * Mean bits a letter of the layer's words under the character model (letterBits); null when not judged: too few
   * Latin letters, another script, or words the lexicon mostly knows.
   */
  letterBits: number | null;
  /**
   * 0..1 share of the page box painted by images; null when not measured (text too long for a scan's stamp, and
   * words the lexicon mostly knows).
   */
  imageCoverage: number | null;
}

const LETTER = /\p{L}/u;
const LETTER_RUN = /\p{L}+/gu;
const DIGIT = /\p{N}/u;
const UNASSIGNED = /\p{Cn}/u;

function isUnmapped(code: number, char: string): boolean {
  return (
    code === 0xfffd ||
    (code >= 0xe000 && code <= 0xf8ff) ||
    code >= 0xf0000 ||
    code < 0x20 ||
    (code >= 0x7f && code < 0xa0) ||
    UNASSIGNED.test(char)
  );
}

/** Counts the text layer's chars by class: one pass, ASCII decided without a regex. */
export function textEvidence(
  strings: Iterable<string>,
): Pick<PageEvidence, "visibleChars" | "letters" | "digits" | "unmapped" | "dots"> {
  let visibleChars = 0;
  let letters = 0;
  let digits = 0;
  let unmapped = 0;
  let dots = 0;
  for (const str of strings) {
    for (const char of str) {
      const code = char.codePointAt(0) ?? 0;
      if (code === 0x20 || code === 0x09 || code === 0x0a || code === 0x0d || code === 0xa0) continue;
      visibleChars++;
      if (code < 0x80) {
        if ((code >= 0x41 && code <= 0x5a) || (code >= 0x61 && code <= 0x7a)) letters++;
        else if (code >= 0x30 && code <= 0x39) digits++;
        else if (code === 0x2e) dots++;
        else if (code < 0x20 || code === 0x7f) unmapped++;
      } else if (code === 0x2026 || code === 0xb7 || code === 0x2024 || code === 0x2025) dots++;
      else if (isUnmapped(code, char)) unmapped++;
      else if (LETTER.test(char)) letters++;
      else if (DIGIT.test(char)) digits++;
    }
  }
  return { visibleChars, letters, digits, unmapped, dots };
}

const EDGE_PUNCTUATION = /^[("'[{]+|[)"'\]}.,;:!?]+$/g;
const WORD = /^\p{L}+(?:[-']\p{L}+)*$/u;

/** Share of the words (two letters or more) the English lexicon knows; null when fewer than `minWords`. */
export function knownWordShare(strings: Iterable<string>, minWords: number): number | null {
  const lexicon = englishWords();
  let words = 0;
  let known = 0;
  // Items are joined with a space: a word split over two items then counts as two unknown pieces or none,
  // never as words glued into a false unknown one.
  for (const token of Array.from(strings).join(" ").split(/\s+/)) {
    const bare = token.replace(EDGE_PUNCTUATION, "");
    if (bare.length < 2 || !WORD.test(bare)) continue;
    words++;
    if (lexicon.has(bare.toLowerCase())) known++;
  }
  return words < minWords ? null : known / words;
}

/**
 * Mean bits a letter of the layer's words (runs of letters, each ended once) under the English character model;
 * null below `minLetters` Latin letters or where fewer than `minLatinShare` of the letters are Latin (the model
 * knows no other script).
 */
export function letterBits(
  strings: Iterable<string>,
  opts: Pick<PageDecisionOptions, "minLettersToJudge" | "minLatinShare">,
  chars: CharModel = defaultCharModel(),
): number | null {
  let bits = 0;
  let letters = 0;
  let latin = 0;
  let words = 0;
  for (const str of strings) {
    for (const run of str.matchAll(LETTER_RUN)) {
      const word = run[0];
      for (let i = 0; i < word.length; i++) {
        const c = word.charCodeAt(i) | 32;
        if (c >= 97 && c <= 122) latin++;
      }
      letters += word.length;
      words++;
      bits += chars.wordBits(word, 0, word.length);
    }
  }
  if (latin < opts.minLettersToJudge || latin < opts.minLatinShare * letters) return null;
  return bits / (letters + words);
}

/**
 * Gathers the evidence for one page from pdf.js (its text content is passed in: ingest has already read it).
 * The operator list is walked only when the text is short enough for the page to be a scan.
 */
export async function pageEvidence(
  page: PDFPageProxy,
  content: TextContent,
  opts: PageDecisionOptions = PAGE_DECISION_DEFAULTS,
): Promise<PageEvidence> {
  const strings = content.items.map((item) => ("str" in item ? item.str : ""));
  const text = textEvidence(strings);
  const known = knownWordShare(strings, opts.minWordsToJudge);
  const bits = known !== null && known >= opts.maxKnownShareForLetters ? null : letterBits(strings, opts);
  const suspect = text.visibleChars < opts.maxStampChars || (known !== null && known < opts.minKnownWordShare);
  const coverage = suspect ? imageCoverage(await pageImages(page), page.view) : null;
  return { ...text, knownWordShare: known, letterBits: bits, imageCoverage: coverage };
}

export function decidePageOcr(
  evidence: PageEvidence,
  mode: OcrMode,
  opts: PageDecisionOptions = PAGE_DECISION_DEFAULTS,
): PageDecision {
  if (mode === "always") return { ocr: true, reason: "forced" };
  const { visibleChars, letters, digits, unmapped, dots } = evidence;
  // Leader dots are no evidence either way: an index page of short entries has more of them than letters.
  const judged = visibleChars - dots;
  let wanted: OcrReason | null = null;
  const coverage = evidence.imageCoverage ?? 0;
  if (visibleChars < opts.maxStampChars && coverage >= opts.minImageCoverage) wanted = "image_only";
  else if (visibleChars >= opts.minCharsToJudge && unmapped / visibleChars > opts.maxUnmappedShare) {
    wanted = "garbage_unmapped";
  } else if (judged >= opts.minCharsToJudge && (letters + digits) / judged < opts.minLetterShare) {
    wanted = "garbage_symbols";
  } else if (evidence.letterBits !== null && evidence.letterBits > opts.maxLetterBits) {
    // Any page, born-digital too: unlike the lexicon, the measure holds for every language in Latin letters.
    wanted = "garbage_letters";
  } else if (
    evidence.knownWordShare !== null &&
    evidence.knownWordShare < opts.minKnownWordShare &&
    coverage >= opts.minImageCoverage
  ) {
    // Only over a scan: a born-digital page's words come from its fonts, whatever the lexicon makes of them.
    wanted = "garbage_words";
  }
  if (wanted === null) return { ocr: false, reason: visibleChars === 0 ? "empty_page" : "text_layer" };
  if (mode === "never") return { ocr: false, reason: "ocr_disabled" };
  return { ocr: true, reason: wanted };
}
