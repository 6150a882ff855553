// A document's repeats: the share of its text said twice. The paper written out twice, an abstract put back between
// every section, pages a scanner fed twice: each chunk of such a document reads as a paper, and a document's chunk
// detectors are their chunks' means (density.ts documentLogits), so no chunk shows what only the whole does. Counted
// over 12-word runs of prose (repeated-phrases.ts's rule: no number, a function word): on the 52 reference papers the
// share is at most 0.034 (the pointer-generator paper, whose worked examples quote its summaries), with the paper
// twice ~0.5; runs with numbers are table rows and layer lists (ResNet's "3x3 conv, 256" repeats 0.058 of its runs).
import { NUMBER, type Tokens, WORD } from "../ngram-lm/tokens.js";
import { GrowingKeySet } from "./key-set.js";
import { isProsePhrase } from "./repeated-phrases.js";

/** Run length: long enough that a writer's own stock phrases ("as a function of the number of") seldom fill it. */
export const REPEAT_WORDS = 12;
/** Multiplier of the rolling hash over a run's word hashes (odd, so no word's bits are lost). */
const ROLL = 0x01000193;
/** ROLL ** REPEAT_WORDS mod 2^32: the weight of the word leaving the run. */
const ROLL_OUT = (() => {
  let p = 1;
  for (let i = 0; i < REPEAT_WORDS; i++) p = Math.imul(p, ROLL);
  return p;
})();

/**
 * Runs whose key has any of these bits are left out: a run said twice has one key, so both copies are kept or both
 * left out, and the share over the runs kept (1 in 8) is the share over all. The table of a document's runs was
 * 5% of scoring time with every run in it.
 */
const SAMPLED = 7;

/**
 * Gathers a document's 12-word runs from its chunks in turn (a run does not cross a chunk's edge). `share` is the
 * share of runs that are prose and were seen before in the document: the second copy of a repeated passage counts,
 * the first does not.
 */
export class DocumentRepeats {
  private readonly seen = new GrowingKeySet();
  private readonly run = new Uint32Array(REPEAT_WORDS);
  private runs = 0;
  private repeats = 0;

  add(tokens: Tokens): void {
    const { flags, hashes, count } = tokens;
    const run = this.run.fill(0);
    let words = 0;
    let slot = 0;
    let h = 0;
    for (let i = 0; i < count; i++) {
      if (((flags[i] as number) & (WORD | NUMBER)) === 0) continue;
      const word = hashes[i] as number;
      // A run's first words leave 0s behind them: nothing to take out.
      h = (Math.imul(h, ROLL) + word - Math.imul(run[slot] as number, ROLL_OUT)) | 0;
      run[slot] = word;
      slot = slot === REPEAT_WORDS - 1 ? 0 : slot + 1;
      if (++words < REPEAT_WORDS) continue;
      // The rolling sum's low bits depend only on its words' low bits: mixed before it keys a table.
      let key = Math.imul(h ^ (h >>> 15), 0x2c1b3c6d);
      key = (key ^ (key >>> 12)) >>> 0;
      if ((key & SAMPLED) !== 0) continue;
      this.runs++;
      if (!this.seen.add(key || 1) && isProsePhrase(run)) this.repeats++;
    }
  }

  /** Share of the runs gathered so far that repeat an earlier prose run (0 for a document of no run kept). */
  get share(): number {
    return this.runs === 0 ? 0 : this.repeats / this.runs;
  }
}
