// Sentences cast in one mould: template generators (SCIgen and its kin, prompt templates filled with a paper's terms)
// and text stuffed to game a filter ("Therefore, we show that ...") open sentence after sentence with the same words,
// each sentence whole and on topic, so neither coherence nor grammar finds them. Writers vary how they open: in 85% of
// real ~1.2 KB paragraphs no two prose sentences open with the same three words.
import { NUMBER, type Tokens, WORD } from "../ngram-lm/tokens.js";

/** Words of a sentence's opening frame. Two were too common in real prose ("We use", "The model"). */
const FRAME_WORDS = 3;
/**
 * A sentence this short is a heading, a label or a table row, whose openers repeat by layout. Table rows and most
 * reference entries are left out too, not being prose (prose-sentences.ts): "In Proceedings of", "URL https arxiv"
 * and "0 0 0" were most of the frames real papers repeat. Entries set in lower case ("In Advances in neural
 * information processing systems, pages ...") are prose by that test, and count.
 */
const MIN_WORDS = 6;
/** Added to the sentence count: pulls the share of a text of few sentences towards 0. */
const SHRINK = 2;

/**
 * Share of prose sentences of MIN_WORDS words or more whose first three words open another such sentence of the
 * text too, over their count plus SHRINK. Words and numbers are counted, every number the same word ("Table 2 shows"
 * opens as "Table 3 shows" does); punctuation and other symbols are skipped. `prose` marks the prose sentences
 * (proseSentences).
 */
export function repeatedFrames(tokens: Tokens, prose: Uint8Array): number {
  const { flags, hashes, sentenceStarts, sentences } = tokens;
  const frames: number[] = [];
  for (let s = 0; s < sentences; s++) {
    if (!prose[s]) continue;
    const end = sentenceStarts[s + 1] as number;
    let frame = 0x2545f491;
    let words = 0;
    for (let i = sentenceStarts[s] as number; i < end; i++) {
      if (!((flags[i] as number) & (WORD | NUMBER))) continue;
      if (words < FRAME_WORDS) frame = Math.imul(frame ^ (hashes[i] as number), 0x01000193) >>> 0;
      if (++words >= MIN_WORDS) break;
    }
    if (words >= MIN_WORDS) frames.push(frame);
  }
  const counts = new Map<number, number>();
  for (const f of frames) counts.set(f, (counts.get(f) ?? 0) + 1);
  let repeated = 0;
  for (const f of frames) if ((counts.get(f) as number) > 1) repeated++;
  return repeated / (frames.length + SHRINK);
}
