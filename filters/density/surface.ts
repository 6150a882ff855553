// Positive density components: how much information and how many facts, relations and claims per sentence.
import { deflateRawSync } from "node:zlib";
import { NUMBER, SYMBOL, type Tokens, WORD } from "../ngram-lm/tokens.js";
import {
  AL,
  CLAIM_BEFORE_THAT,
  CLAIM_VERBS,
  CONNECTIVES,
  DEFINITION_WORDS,
  ET,
  FUNCTION_WORDS,
  THAT,
  UNITS,
  WE,
} from "./words.js";

/** Information per token: deflate-compressed bits per token (level 1: fast, and ranks texts like level 9). */
export function bitsPerToken(text: string, tokens: Tokens): number {
  if (tokens.count === 0) return 0;
  return (deflateRawSync(Buffer.from(text, "utf8"), { level: 1 }).length * 8) / tokens.count;
}

const OPEN_BRACKET = "[".charCodeAt(0);
/** Math symbols that mark an equation or formula. */
const MATH = new Set([..."=<>≤≥≠≈∝∑∏∫∂∇±×÷∈∉⊂⊆∀∃→←⇒⇔↦∞√^|‖"].map((c) => c.charCodeAt(0)));

export interface FactMarkers {
  numbers: number;
  units: number;
  citations: number;
  equations: number;
  connectives: number;
  claims: number;
  technical: number;
}

/** Counts per sentence (technical: share of word tokens), one pass over the tokens. */
export function factMarkers(text: string, tokens: Tokens): FactMarkers {
  const { hashes, flags, lengths, offsets, count } = tokens;
  let numbers = 0;
  let units = 0;
  let citations = 0;
  let equations = 0;
  let connectives = 0;
  let claims = 0;
  let technical = 0;
  let words = 0;
  for (let i = 0; i < count; i++) {
    const f = flags[i] as number;
    const h = hashes[i] as number;
    if (f & NUMBER) {
      numbers++;
      if (i + 1 < count && UNITS.has(hashes[i + 1] as number)) units++;
    } else if (f & WORD) {
      words++;
      const c0 = text.charCodeAt(offsets[i] as number);
      if (c0 >= 0x391 && c0 <= 0x3c9)
        equations++; // Greek letters are variables
      else if ((lengths[i] as number) >= 6 && !FUNCTION_WORDS.has(h) && c0 >= 97 && c0 <= 122) technical++;
      if (CONNECTIVES.has(h)) connectives++;
      if (h === WE && i + 1 < count && CLAIM_VERBS.has(hashes[i + 1] as number)) claims++;
      else if (DEFINITION_WORDS.has(h)) claims++;
      else if (h === THAT && i > 0 && CLAIM_BEFORE_THAT.has(hashes[i - 1] as number)) claims++;
      else if (h === AL && i > 0 && hashes[i - 1] === ET) citations++;
    } else if (f & SYMBOL) {
      const c = text.charCodeAt(offsets[i] as number);
      if (MATH.has(c)) equations++;
      else if (c === OPEN_BRACKET && i + 1 < count && (flags[i + 1] as number) & NUMBER) citations++;
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
  };
}
