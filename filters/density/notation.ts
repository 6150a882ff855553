// Notation as referents. A proof's sentences are about H(t), λ0, W and x_i as much as about matrices and bounds:
// "where H(t) is an n × n matrix", "With this H(t) matrix, we can write ...", "H(t) is a time-dependent symmetric
// matrix." Discourse's stems (content words of 4+ letters, discourse.ts) never see these symbols, so a real proof's
// sentences read as unlinked, as shuffled prose does. A notation token is a symbol a text defines and names again:
// one or two letters that are not a function word ("n", "W", "xi"), a token of up to three letters holding a Greek
// letter ("λ0", "δ"), or letters with an index ("w1", "R0", "L2"). Case matters: "W" and "w" are different symbols.
// discourse.ts reads it for linked sentences and unlinked openers, and in longer texts for stranded stems.
import { LETTER_DIGIT } from "../ngram-lm/tokens.js";

/** A token of one or two letters as a number: its lower-cased char codes. */
function pairCode(text: string, offset: number, length: number): number {
  const first = text.charCodeAt(offset) | 32;
  return length === 1 ? first : first * 65536 + (text.charCodeAt(offset + 1) | 32);
}
/** Pieces of abbreviations and numerals that read as one- or two-letter tokens ("e.g.", "vs.", "cf.", "ii"). */
const NOT_SYMBOLS = new Set(
  ["e", "g", "vs", "cf", "st", "nd", "rd", "th", "et", "al", "eg", "ie", "ii", "iv", "vi"].map((w) =>
    pairCode(w, 0, w.length),
  ),
);
/** Longest letter-digit token read as an indexed symbol; "ResNet50" and "fp16x" are names. */
const INDEXED_MAX = 4;
const GREEK_FIRST = 0x370;
const GREEK_LAST = 0x3ff;

/**
 * A case-sensitive hash of the token at `offset` when it is notation (see the top of this file), salted apart from
 * discourse's stem hashes; 0 when it is not. The caller leaves out function words ("a", "I", "is").
 */
export function notationKey(text: string, offset: number, length: number, flags: number): number {
  const indexed = (flags & LETTER_DIGIT) !== 0 && length <= INDEXED_MAX;
  if (length > 3 && !indexed) return 0;
  let greek = false;
  for (let i = offset; i < offset + length; i++) {
    const c = text.charCodeAt(i);
    if (c >= GREEK_FIRST && c <= GREEK_LAST) greek = true;
  }
  if (!greek && !indexed && (length > 2 || NOT_SYMBOLS.has(pairCode(text, offset, length)))) return 0;
  let h = 0x2545f491;
  for (let i = offset; i < offset + length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return ((h ^ (h >>> 15)) | 1) >>> 0;
}
