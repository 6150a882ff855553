// Whether a document's paragraphs follow from one another. Neighbouring paragraphs of a paper share more of their
// words than paragraphs farther apart do (a section's paragraphs talk of its subject), while each paragraph read alone
// is coherent whatever its neighbours: paragraphs shuffled leave every chunk's sentences linked and every figure's
// first mention where it was within its paragraph. The lift (adjacent paragraphs' mean overlap over that of paragraphs
// 5-35 apart) is 1.23-3.0 on the 52 reference papers, ~1.0 with their paragraphs shuffled (0.78-1.35).
import type { Tokens } from "../ngram-lm/tokens.js";
import { contentWords, overlap } from "./word-sets.js";

/** Paragraphs shorter than this (headings, captions, table rows, page furniture) are left out. */
export const MIN_PARAGRAPH_CHARS = 300;
/** With fewer paragraphs than this, a document has no lift (NaN). */
export const MIN_PARAGRAPHS = 8;
/** The far pairs: paragraphs this many apart and more, up to FAR_TO, every FAR_STEP (bounded work for long texts). */
const FAR_FROM = 5;
const FAR_TO = 35;
const FAR_STEP = 3;

/** Gathers a document's paragraphs' content words from its chunks in turn (chunks hold whole paragraphs). */
export class DocumentParagraphs {
  private readonly words: Uint32Array[] = [];

  /** `lists`: tokenLists(tokens), whose bits name the function words. */
  add(tokens: Tokens, lists: Uint32Array): void {
    const { lengths, offsets, newlinesBefore, count } = tokens;
    const scratch = new Uint32Array(count);
    let start = 0;
    for (let i = 1; i <= count; i++) {
      if (i < count && (newlinesBefore[i] as number) < 2) continue;
      const chars = (offsets[i - 1] as number) + (lengths[i - 1] as number) - (offsets[start] as number);
      if (chars >= MIN_PARAGRAPH_CHARS) this.words.push(contentWords(tokens, lists, start, i, scratch));
      start = i;
    }
  }

  /** Adjacent paragraphs' mean overlap over that of far ones; NaN under MIN_PARAGRAPHS paragraphs. */
  get lift(): number {
    const p = this.words;
    if (p.length < MIN_PARAGRAPHS) return Number.NaN;
    let near = 0;
    for (let i = 1; i < p.length; i++) near += overlap(p[i - 1] as Uint32Array, p[i] as Uint32Array);
    let far = 0;
    let pairs = 0;
    for (let i = 0; i < p.length; i++)
      for (let j = i + FAR_FROM; j < p.length && j <= i + FAR_TO; j += FAR_STEP) {
        far += overlap(p[i] as Uint32Array, p[j] as Uint32Array);
        pairs++;
      }
    return near / (p.length - 1) / Math.max(far / pairs, 1e-9);
  }
}
