// Discourse: coherence that holds inside one paragraph, where document-level statistics have too few sentences.
// - adjacency lift: a writer's next sentence picks up the stems of the previous one more than those of sentences
//   3-6 back; sentences shuffled (within the paragraph or from the whole paper) or strung by a Markov chain share
//   stems with a neighbour no more than with any other sentence of the same text, so the lift falls to ~0.
// - unlinked openers: "This", "These results", "However", "Thus" refer back; in real prose the sentence before
//   usually names what they refer to (a shared stem), after shuffling it usually does not.
// - back references: how many sentences open with such a word at all. Papers chain their sentences explicitly
//   ("This shows ...", "However, ...", "Thus ..."); whole papers a model wrote open fewer that way.
// - verbless sentences: prose sentences have a finite verb; lists, headings, menus and salad often have none.
// - linked sentences and stem reuse: a window of real prose stays on one topic, so most sentences pick up a stem of
//   one of the two before and the window reuses its stems; sentences drawn from across a paper share fewer.
// - stranded stems: a writer's sentence names what the sentences around it name, before or after; a sentence brought
//   in from elsewhere (another paper's, or this paper's from another section) carries stems that no sentence within
//   a few either side uses. Unlike stem reuse it is local on both sides, so the stems such a sentence shares with
//   distant parts of the text, or with generic scientific prose, do not hide it.
// Stems are the first 6 letters of lower-cased content words (so "network"/"networks", "train"/"training" match).
// Notation (notation.ts: "H", "λ0", "w1") links a sentence to those before as a shared stem does, for linked
// sentences and unlinked openers: a proof's sentences pick up its symbols. In longer texts a sentence's symbols can
// also be stranded, as its stems can. Stem reuse and adjacency lift leave notation out: model-written text names its
// symbols again as evenly as its words, and stem reuse is what tells it from papers best.
import { CAPITALIZED, type Tokens, WORD } from "../ngram-lm/tokens.js";
import { KeyIds } from "./key-set.js";
import { notationKey } from "./notation.js";
import { LIST_AUXILIARY, LIST_FUNCTION, LIST_OPENER, LIST_SUBJECT_PRONOUN, tokenLists } from "./words.js";

export interface Discourse {
  /** log((adjacent-sentence stem hits + 1) / (hits expected from sentences 3-6 back + 1)). */
  adjacencyLift: number;
  /** Share of sentences opening with a back-referring word while sharing no stem or notation with the one before. */
  unlinkedOpeners: number;
  /** Share of sentences (after the first) opening with a back-referring word. */
  backReferences: number;
  /** Share of sentences of 6+ words without an auxiliary, an -ed form or a verb after a subject pronoun. */
  verbless: number;
  /** Share of sentences (after the first two) sharing a stem or a notation token with one of the two before. */
  linked: number;
  /** Share of sentence-stem slots whose stem an earlier sentence already used: one topic, reused words. */
  stemReuse: number;
  /**
   * Mean over sentences of 3+ stems (and symbols, with `symbolsStrand`) of the share of them that no such sentence
   * within STRANDED_REACH uses.
   */
  strandedStems: number;
}

const STEM = 6;
const FAR_MIN = 3;
const FAR_MAX = 6;
/** Sentences either side within which a stem counts as shared; 3-6 measured alike, 4 the best against shuffling. */
const STRANDED_REACH = 4;
/** Sentences with fewer stems (headings, table rows) say too little to be stranded. */
const STRANDED_MIN_STEMS = 3;
/** Bits 3..6 of a sentence-history mask: the stem occurred 3-6 sentences back. */
const FAR_BITS = ((1 << (FAR_MAX + 1)) - 1) & ~((1 << FAR_MIN) - 1);

function popcount(v: number): number {
  v -= (v >>> 1) & 0x55555555;
  v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
  return (Math.imul((v + (v >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24) as number;
}

/** Lower-cased hash of a word's first STEM letters. */
export function stemHash(text: string, offset: number, length: number): number {
  let h = 0x811c9dc5;
  const end = offset + Math.min(length, STEM);
  for (let i = offset; i < end; i++) h = Math.imul(h ^ (text.charCodeAt(i) | 32), 0x01000193);
  return (h ^ (h >>> 15)) >>> 0;
}

/**
 * `symbolsStrand`: notation counts in stranded stems too. Fitted on both splits, for the longer texts' detectors only
 * (~8 KB chunk means +0.001 on both splits and seeds 8 and 9); at every length, ~3 KB model-written paragraphs fell
 * 0.012-0.022 on the swapped split (docs/density.md, "Notation as links"). `lists`: tokenLists(tokens), when the caller
 * has it.
 */
export function discourse(text: string, tokens: Tokens, symbolsStrand = false, lists = tokenLists(tokens)): Discourse {
  const { flags, lengths, offsets, sentenceStarts, sentences } = tokens;
  const idOf = new KeyIds(tokens.count);
  let last = new Int32Array(256).fill(-1); // latest sentence of each stem
  let mask = new Uint32Array(256); // bit k: the stem occurred k sentences before `last`
  let adjacent = 0;
  let far = 0;
  let farSlots = 0;
  let adjacentSlots = 0;
  let unlinked = 0;
  let backReferences = 0;
  let longSentences = 0;
  let verbless = 0;
  let linked = 0;
  let linkSlots = 0;
  let slots = 0;
  let distinct = 0;
  let strandSlots = 0;
  // Each sentence-stem slot's stem id and sentence (a slot per word at most), for stranded stems.
  const slotStem = new Int32Array(tokens.count);
  const slotSentence = new Int32Array(tokens.count);
  for (let s = 0; s < sentences; s++) {
    const start = sentenceStarts[s] as number;
    const end = sentenceStarts[s + 1] as number;
    let sharesPrevious = false;
    let sharesNear = false;
    let words = 0;
    let finite = false;
    for (let i = start; i < end; i++) {
      const f = flags[i] as number;
      if ((f & WORD) === 0) continue;
      words++;
      const len = lengths[i] as number;
      if (!finite) {
        const off = offsets[i] as number;
        const pastTense =
          len >= 4 &&
          (f & CAPITALIZED) === 0 &&
          text.charCodeAt(off + len - 2) === 101 &&
          text.charCodeAt(off + len - 1) === 100;
        finite =
          ((lists[i] as number) & LIST_AUXILIARY) !== 0 ||
          pastTense ||
          (i > start && (f & CAPITALIZED) === 0 && ((lists[i - 1] as number) & LIST_SUBJECT_PRONOUN) !== 0);
      }
      if ((lists[i] as number) & LIST_FUNCTION) continue;
      // A notation token links its sentence to the sentences before (linked, unlinked openers) but is no stem.
      let stem = notationKey(text, offsets[i] as number, len, f);
      const notation = stem !== 0;
      if (!notation) {
        if (len < 4 || (f & CAPITALIZED && i === start)) continue;
        stem = stemHash(text, offsets[i] as number, len);
      }
      const id = idOf.idOf(stem);
      if (id === last.length) {
        const l = new Int32Array(id * 2).fill(-1);
        l.set(last);
        last = l;
        const m = new Uint32Array(id * 2);
        m.set(mask);
        mask = m;
      }
      const prev = last[id] as number;
      if (prev === s) continue; // counted once per sentence
      const gap = s - prev;
      const history = prev < 0 || gap >= 32 ? 0 : ((mask[id] as number) << gap) >>> 0;
      mask[id] = history | 1;
      last[id] = s;
      if (history & 6) sharesNear = true;
      if (history & 2) sharesPrevious = true;
      if (!notation || symbolsStrand) {
        slotStem[strandSlots] = id;
        slotSentence[strandSlots] = s;
        strandSlots++;
      }
      if (notation) continue; // no stem: left out of stem reuse and adjacency lift
      if (prev < 0) distinct++;
      slots++;
      if (s >= 1) {
        adjacentSlots++;
        if (history & 2) adjacent++;
        const available = Math.min(FAR_MAX, s) - FAR_MIN + 1;
        if (available > 0) {
          farSlots += available;
          far += popcount(history & FAR_BITS);
        }
      }
    }
    if (s > 0 && start < end && (lists[start] as number) & LIST_OPENER) {
      backReferences++;
      if (!sharesPrevious) unlinked++;
    }
    if (s >= 2) {
      linkSlots++;
      if (sharesNear) linked++;
    }
    if (words >= 6) {
      longSentences++;
      if (!finite) verbless++;
    }
  }
  // Expected adjacent hits if the previous sentence were as related as the far ones.
  const expected = farSlots === 0 ? adjacent : (far / farSlots) * adjacentSlots;
  return {
    adjacencyLift: Math.log((adjacent + 1) / (expected + 1)),
    unlinkedOpeners: unlinked / Math.max(1, sentences),
    backReferences: backReferences / Math.max(1, sentences - 1),
    verbless: longSentences === 0 ? 0 : verbless / longSentences,
    linked: linkSlots === 0 ? 0 : linked / linkSlots,
    stemReuse: slots === 0 ? 0 : (slots - distinct) / slots,
    strandedStems: strandedStems(slotStem, slotSentence, strandSlots, idOf.size, sentences),
  };
}

/**
 * The mean over sentences of STRANDED_MIN_STEMS+ stems of the share of their stems that no other such sentence within
 * STRANDED_REACH of them uses. Sentences of fewer stems (headings, table rows, lines of an equation, which pdftotext
 * leaves between a paper's sentences) neither count nor take up the reach: counting them, or the reach in sentences
 * of any length, told interleaved ~8 KB windows from real ones at 0.93 against 0.95-0.96.
 */
function strandedStems(
  slotStem: Int32Array,
  slotSentence: Int32Array,
  slots: number,
  stems: number,
  sentences: number,
): number {
  // Each sentence's place among the sentences of enough stems (-1: too few).
  const place = new Int32Array(sentences);
  for (let k = 0; k < slots; k++) {
    const s = slotSentence[k] as number;
    place[s] = (place[s] as number) + 1;
  }
  let counted = 0;
  for (let s = 0; s < sentences; s++) place[s] = (place[s] as number) >= STRANDED_MIN_STEMS ? counted++ : -1;
  // Forward: whether a sentence within reach before has the stem; backward: after, and the shares summed.
  const shared = new Uint8Array(slots);
  const seen = new Int32Array(stems).fill(-1);
  for (let k = 0; k < slots; k++) {
    const at = place[slotSentence[k] as number] as number;
    if (at < 0) continue;
    const id = slotStem[k] as number;
    if ((seen[id] as number) >= 0 && at - (seen[id] as number) <= STRANDED_REACH) shared[k] = 1;
    seen[id] = at;
  }
  seen.fill(-1);
  let sum = 0;
  let stranded = 0;
  let inSentence = 0;
  for (let k = slots - 1; k >= 0; k--) {
    const at = place[slotSentence[k] as number] as number;
    if (at < 0) continue;
    const id = slotStem[k] as number;
    if (!shared[k] && ((seen[id] as number) < 0 || (seen[id] as number) - at > STRANDED_REACH)) stranded++;
    seen[id] = at;
    inSentence++;
    if (k === 0 || slotSentence[k - 1] !== slotSentence[k]) {
      sum += stranded / inSentence;
      stranded = 0;
      inSentence = 0;
    }
  }
  return counted === 0 ? 0 : sum / counted;
}
