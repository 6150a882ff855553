// A document plus the views every heuristic filter reads, each computed once, on first use, and shared.
import type { Doc } from "../src/doc.js";
import { countWords, isPySpace, splitSentences, wordTokenize } from "./tokenizer.js";

/** Python's str.splitlines(): \n, \r, \r\n, \v, \f, \x1c-\x1e, \x85, \u2028, \u2029; no empty last line. */
export function splitLines(text: string): string[] {
  const lines: string[] = [];
  let start = 0;
  const n = text.length;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c > 0x0d && c < 0x1c) continue;
    if (c < 0x0a || (c > 0x1e && c !== 0x85 && c !== 0x2028 && c !== 0x2029)) continue;
    lines.push(text.slice(start, i));
    if (c === 0x0d && text.charCodeAt(i + 1) === 0x0a) i++;
    start = i + 1;
  }
  if (start < n) lines.push(text.slice(start));
  return lines;
}

/** Python's str.split() with no argument: runs of whitespace separate, none are kept. */
export function pySplit(s: string): string[] {
  const parts: string[] = [];
  let start = -1;
  for (let i = 0; i <= s.length; i++) {
    const space = i === s.length || isPySpace(s.charCodeAt(i));
    if (space && start >= 0) {
      parts.push(s.slice(start, i));
      start = -1;
    } else if (!space && start < 0) {
      start = i;
    }
  }
  return parts;
}

/** Length in code points, as Python's len() counts it (a surrogate pair is one character). */
export function pyLen(s: string): number {
  let n = s.length;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xdc00 && c <= 0xdfff && i > 0) {
      const p = s.charCodeAt(i - 1);
      if (p >= 0xd800 && p <= 0xdbff) n--;
    }
  }
  return n;
}

/** True when the string holds a surrogate pair, i.e. when pyLen can differ from .length. */
export function hasAstral(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff) return true;
  }
  return false;
}

export class TokenizedDoc {
  private cachedWords: string[] | undefined;
  private cachedLines: string[] | undefined;
  private cachedWordCount: number | undefined;
  private cachedSentences: string[] | undefined;
  private cachedLength: number | undefined;
  private cachedAstral: boolean | undefined;

  constructor(readonly doc: Doc) {}

  get text(): string {
    return this.doc.text;
  }

  /** spaCy word tokens (see tokenizer.ts), the unit of Gopher's, FineWeb's and MinHash's counts. */
  get words(): string[] {
    this.cachedWords ??= wordTokenize(this.doc.text);
    return this.cachedWords;
  }

  /** Number of words, without building them unless some filter already did. */
  get wordCount(): number {
    this.cachedWordCount ??= this.cachedWords?.length ?? countWords(this.doc.text);
    return this.cachedWordCount;
  }

  /** Sentences of the whole text as spaCy's sentencizer splits them (stripped, empty ones dropped). */
  get sentences(): string[] {
    this.cachedSentences ??= splitSentences(this.doc.text);
    return this.cachedSentences;
  }

  /** Lines as Python's str.splitlines() yields them. */
  get lines(): string[] {
    this.cachedLines ??= splitLines(this.doc.text);
    return this.cachedLines;
  }

  /** Whether the text holds characters outside the BMP (then lengths must be counted in code points). */
  get astral(): boolean {
    this.cachedAstral ??= hasAstral(this.doc.text);
    return this.cachedAstral;
  }

  /** Text length in code points. */
  get length(): number {
    this.cachedLength ??= this.astral ? pyLen(this.doc.text) : this.doc.text.length;
    return this.cachedLength;
  }

  /** Code-point length of a piece of this document's text. */
  lengthOf(s: string): number {
    return this.astral ? pyLen(s) : s.length;
  }
}
