// Whether a paragraph's sentences follow from one another. Within a paragraph a writer's next sentence shares more of
// its words with the sentence before than with sentences two or more back; sentences shuffled within their paragraph
// keep every paragraph's words, its neighbours and the document's figures in order, and lose only that. The lift
// (adjacent sentences' mean overlap over that of sentences 2+ apart in one paragraph) is 0.94-2.2 on the 52 reference
// papers, 0.79-1.61 (median 1.14) with their sentences shuffled within paragraphs.
import type { Tokens } from "../ngram-lm/tokens.js";
import { contentWords, overlap } from "./word-sets.js";

/** Sentences shorter than this (headings, labels, formula debris) are left out. */
const MIN_SENTENCE_CHARS = 40;
/** Paragraphs of fewer sentences than this are left out: two or three sentences give no far pair to speak of. */
const MIN_SENTENCES = 4;
/** With fewer adjacent pairs than this in all, a document has no lift (NaN). */
const MIN_PAIRS = 10;

/** Gathers the overlaps of a document's sentences within their paragraphs from its chunks in turn. */
export class DocumentSentences {
  private near = 0;
  private nearPairs = 0;
  private far = 0;
  private farPairs = 0;

  /** `lists`: tokenLists(tokens), whose bits name the function words. */
  add(tokens: Tokens, lists: Uint32Array): void {
    const { lengths, offsets, newlinesBefore, sentenceStarts, sentences } = tokens;
    const scratch = new Uint32Array(tokens.count);
    let paragraph: Uint32Array[] = [];
    for (let s = 0; s <= sentences; s++) {
      const from = sentenceStarts[s] as number;
      // A sentence opening after a blank line opens a paragraph.
      if (s === sentences || (s > 0 && (newlinesBefore[from] as number) >= 2)) {
        this.addParagraph(paragraph);
        paragraph = [];
      }
      if (s === sentences) break;
      const to = sentenceStarts[s + 1] as number;
      if (to === from) continue;
      const chars = (offsets[to - 1] as number) + (lengths[to - 1] as number) - (offsets[from] as number);
      if (chars >= MIN_SENTENCE_CHARS) paragraph.push(contentWords(tokens, lists, from, to, scratch));
    }
  }

  private addParagraph(p: Uint32Array[]): void {
    if (p.length < MIN_SENTENCES) return;
    for (let i = 1; i < p.length; i++) this.near += overlap(p[i - 1] as Uint32Array, p[i] as Uint32Array);
    this.nearPairs += p.length - 1;
    for (let i = 0; i < p.length; i++)
      for (let j = i + 2; j < p.length; j++) {
        this.far += overlap(p[i] as Uint32Array, p[j] as Uint32Array);
        this.farPairs++;
      }
  }

  /** Adjacent sentences' mean overlap over that of far ones; NaN under MIN_PAIRS adjacent pairs. */
  get lift(): number {
    if (this.nearPairs < MIN_PAIRS) return Number.NaN;
    return this.near / this.nearPairs / Math.max(this.far / this.farPairs, 1e-9);
  }
}
