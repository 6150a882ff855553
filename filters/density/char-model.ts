// Character plausibility of a word: an order-4 character model of English and technical word forms (interpolated
// Kneser-Ney over the word types of the reference prose and the English lexicon), asked what its least likely
// character costs in bits. A paper's unknown words are mostly names and coinages spelt like words ("hypercolumn",
// "softmax"); an OCR misreading puts one character where spelling seldom has it ("tbe", "relatlon", "vvith"). The
// mean cost per character told them apart less well: the one slip is diluted by the word's other letters (medians
// 3.2 bits for a paper's one-off unknown words, 3.5-3.6 for misreadings; their least likely character 6.6 and
// 7.6-8.3). The table is dense (28^4 one-byte costs, 0.6 MB): one array read per character, no hashing.
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { modelFile } from "../ngram-lm/perplexity.js";

/** The shipped model (see build-char-model.ts for its source and licence). */
export const CHAR_MODEL_PATH = modelFile("char-lm.bin");

/** Symbols: 0 the word boundary, 1-26 a-z, 27 any other character (digits, accents, apostrophes). */
const SYMBOLS = 28;
const OTHER = 27;
/** Order 4: three characters of context. A dense order-5 table would be 17 MB. */
const ORDER = 4;
const TABLE_SIZE = SYMBOLS ** ORDER;
const CONTEXTS = SYMBOLS ** (ORDER - 1);
/** Costs are stored in sixteenths of a bit, at most 255 (15.9 bits). */
const STEPS_PER_BIT = 16;
const MAGIC = "ACM1";

function symbolOf(code: number): number {
  if (code >= 97 && code <= 122) return code - 96;
  if (code >= 65 && code <= 90) return code - 64;
  return OTHER;
}

let shipped: CharModel | null = null;

/** The shipped model, loaded once per thread, at its first score like the other density models (defaultDensityModels). */
export function defaultCharModel(): CharModel {
  shipped ??= CharModel.load();
  return shipped;
}

export class CharModel {
  readonly digest: string;
  private readonly costs: Uint8Array;

  constructor(bytes: Uint8Array) {
    if (Buffer.from(bytes.subarray(0, 4)).toString("latin1") !== MAGIC || bytes.length !== 4 + TABLE_SIZE)
      throw new Error("not a character model (ACM1)");
    this.costs = bytes.subarray(4);
    this.digest = createHash("sha256").update(bytes).digest("hex");
  }

  static load(path = CHAR_MODEL_PATH): CharModel {
    return new CharModel(readFileSync(path));
  }

  /** The bits of the least likely character of `text[start, end)` as a word, its end included (case ignored). */
  peakBits(text: string, start: number, end: number): number {
    let context = 0; // the last three symbols, base SYMBOLS; boundaries before the word
    let peak = 0;
    for (let i = start; i < end; i++) {
      const index = context * SYMBOLS + symbolOf(text.charCodeAt(i));
      peak = Math.max(peak, this.costs[index] as number);
      context = index % CONTEXTS;
    }
    return Math.max(peak, this.costs[context * SYMBOLS] as number) / STEPS_PER_BIT;
  }

  /** The bits of all characters of `text[start, end)` as a word, its end included (case ignored). */
  wordBits(text: string, start: number, end: number): number {
    let context = 0;
    let sum = 0;
    for (let i = start; i < end; i++) {
      const index = context * SYMBOLS + symbolOf(text.charCodeAt(i));
      sum += this.costs[index] as number;
      context = index % CONTEXTS;
    }
    return (sum + (this.costs[context * SYMBOLS] as number)) / STEPS_PER_BIT;
  }
}

/**
 * The model file for a list of word types (each counted once: how words are spelt, not how often they are used),
 * interpolated Kneser-Ney with one discount per order (Ney's estimate n1 / (n1 + 2 n2)).
 */
export function trainCharModel(words: Iterable<string>): Uint8Array {
  const counts = new Float64Array(TABLE_SIZE);
  for (const word of words) {
    let context = 0;
    for (let i = 0; i <= word.length; i++) {
      const index = context * SYMBOLS + (i < word.length ? symbolOf(word.charCodeAt(i)) : 0);
      counts[index] = (counts[index] as number) + 1;
      context = index % CONTEXTS;
    }
  }
  // Lower orders count the distinct characters seen before an n-gram (continuation counts), not its occurrences.
  const orders: Float64Array[] = [counts];
  for (let n = ORDER - 1; n >= 1; n--) {
    const higher = orders[0] as Float64Array;
    const lower = new Float64Array(SYMBOLS ** n);
    for (let i = 0; i < higher.length; i++)
      if ((higher[i] as number) > 0) lower[i % lower.length] = (lower[i % lower.length] as number) + 1;
    orders.unshift(lower);
  }
  // orders[n - 1] holds the n-gram counts; probabilities are built up from unigrams (add-one).
  const unigrams = orders[0] as Float64Array;
  const total = unigrams.reduce((s, c) => s + c, 0);
  let probs: Float64Array = Float64Array.from(unigrams, (c) => (c + 1) / (total + SYMBOLS));
  for (let n = 2; n <= ORDER; n++) probs = interpolated(orders[n - 1] as Float64Array, probs);
  const out = new Uint8Array(4 + TABLE_SIZE);
  out.set(Buffer.from(MAGIC, "latin1"));
  for (let i = 0; i < TABLE_SIZE; i++)
    out[4 + i] = Math.min(255, Math.round(-Math.log2(probs[i] as number) * STEPS_PER_BIT));
  return out;
}

/** P(c | context) for every n-gram, from its counts and the (n-1)-gram probabilities of the shorter context. */
function interpolated(counts: Float64Array, lower: Float64Array): Float64Array {
  let once = 0;
  let twice = 0;
  for (const c of counts) {
    if (c === 1) once++;
    else if (c === 2) twice++;
  }
  const discount = once + twice > 0 ? once / (once + 2 * twice) : 0.75;
  const probs = new Float64Array(counts.length);
  for (let context = 0; context < counts.length / SYMBOLS; context++) {
    let sum = 0;
    let kinds = 0;
    for (let c = 0; c < SYMBOLS; c++) {
      const n = counts[context * SYMBOLS + c] as number;
      sum += n;
      if (n > 0) kinds++;
    }
    for (let c = 0; c < SYMBOLS; c++) {
      const index = context * SYMBOLS + c;
      const back = lower[index % lower.length] as number;
      probs[index] =
        sum === 0 ? back : (Math.max(0, (counts[index] as number) - discount) + discount * kinds * back) / sum;
    }
  }
  return probs;
}
