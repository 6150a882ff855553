// Order: which way a text runs. Discourse's links are symmetric: a sentence that shares stems with its neighbours
// reads as linked whichever of them comes first, so sentences shuffled within their paragraph, or a paper read
// backwards, keep their links. A writer's order leaves marks that only one direction has:
// - given before new: a stem a sentence introduces sits late in it (new information ends a sentence) and early in
//   the next sentence that picks it up (given information opens one); in any other order the two places are alike.
// - demonstratives look back: "this method", "these results" name what a sentence just before named, seldom what
//   only a sentence after names.
// - paragraphs open afresh: a paragraph's first sentence seldom opens with "This", "However" or "Thus", which refer
//   to a sentence before; a sentence moved to the head of its paragraph often does.
// - numbered things are introduced in order: first mentions of figures, tables, sections and equations with a numeric
//   label rise ("Section 4.10" after "4.9"), and an acronym stands bare only after the parenthesis that defines it.
//   (Not bracketed citations: a bibliography sorted by author puts them in any order. Counted, they lowered this
//   feature against shuffled, displaced and reversed sentences on the papers' ~8 KB windows by 0.02-0.05 AUC alone.)
import { NUMBER, type Tokens, WORD } from "../ngram-lm/tokens.js";
import { stemHash } from "./discourse.js";
import { KeyIds } from "./key-set.js";
import { labelAt } from "./register.js";
import { LIST_CROSS_REFERENCE, LIST_DEMONSTRATIVE, LIST_FUNCTION, LIST_OPENER, tokenLists } from "./words.js";

export interface Order {
  /**
   * Mean over stems a sentence introduces and the next one picks up of (place in the first - place in the next), a
   * place being the word's position as a share of its sentence; both sentences of MIN_WORDS or more, and sentences
   * shorter (headings, table rows) neither introduce a stem nor count as using it.
   */
  givenNew: number;
  /**
   * Of the demonstrative phrases whose noun a sentence within REACH names on one side only, the share where that side
   * is after.
   */
  forwardReferences: number;
  /**
   * Share of paragraphs after a blank line (not the text's first) whose first sentence, of MIN_WORDS or more, opens
   * with a word that may refer back (words.ts OPENERS: "This", "However", "Thus", "It", "There", ...).
   */
  paragraphOpeners: number;
  /** First mentions of numbered things below an earlier one, and acronyms used before defined, per such event. */
  orderBreaks: number;
}

/** Kinds of numbered things (their first two letters, as order() keys them) a document follows across chunks. */
const FIGURE = 102 * 256 + 105; // "fi"
const TABLE = 116 * 256 + 97; // "ta"
/** Sentences shorter than this (headings, table rows) have no given and new ends, nor open a paragraph. */
const MIN_WORDS = 5;
/** Content words are at least this long: shorter ones are mostly symbols and abbreviations. */
const MIN_STEM_LENGTH = 4;
/** A stem is introduced by a sentence when none of this many sentences before it used the stem. */
const INTRODUCED_AFTER = 3;
/** Pseudo-counts of a neutral 0 in every share and mean, so a text of few events says little. */
const SHRINK = 4;
/** Sentences either side in which a demonstrative's noun is looked for. */
const REACH = 3;
/** Words after a demonstrative in which its noun is looked for ("this new method"). */
const NOUN_REACH = 2;
/** An acronym's definition: "(CNN)", "(CNNs)". */
const ACRONYM_DEFINITION = /\(([A-Z][A-Z0-9]{1,7})s?\)/g;
/** Roman numerals in parentheses ("phase (II)") define nothing. */
const ROMAN = /^[IVXLCDM]+$/;

/** First mentions of numbered things, by kind: a break when one is below the highest of its kind so far. */
class FirstMentions {
  events = 0;
  breaks = 0;
  private readonly highest = new Map<number, number[]>();
  private readonly seen = new Set<string>();

  /** `label` as written ("3", "4.10"): its parts are compared in turn, so 4.10 comes after 4.9. */
  add(kind: number, label: string): void {
    const key = `${kind}:${label}`;
    if (this.seen.has(key)) return;
    this.seen.add(key);
    const parts = label.split(".").map((part) => Number.parseInt(part, 10));
    const top = this.highest.get(kind);
    if (top !== undefined) {
      this.events++;
      if (below(parts, top)) {
        this.breaks++;
        return;
      }
    }
    this.highest.set(kind, parts);
  }
}

/** Whether label parts `a` come before `b` (4.2 before 4.10 before 5). */
function below(a: readonly number[], b: readonly number[]): boolean {
  for (let k = 0; k < Math.min(a.length, b.length); k++) if (a[k] !== b[k]) return (a[k] as number) < (b[k] as number);
  return a.length < b.length;
}

/** Demonstrative phrases' nouns: whether a sentence within REACH before, and one within REACH after, names them. */
class Phrases {
  private readonly sentence: number[] = [];
  private readonly before: boolean[] = [];
  private readonly after: boolean[] = [];
  /** Per stem, the latest phrase still waiting for a later sentence to name its noun, and the one before it. */
  private readonly waiting: Int32Array;
  private readonly waitingBefore: number[] = [];

  constructor(stems: number) {
    this.waiting = new Int32Array(stems).fill(-1);
  }

  add(id: number, sentence: number, lastBefore: number): void {
    // Its own noun names the stem in this sentence, after the phrases before.
    this.named(id, sentence);
    const p = this.sentence.length;
    this.sentence.push(sentence);
    this.before.push(lastBefore >= 0 && sentence - lastBefore <= REACH);
    this.after.push(false);
    this.waitingBefore.push(this.waiting[id] as number);
    this.waiting[id] = p;
  }

  /** Stem `id` named in `sentence`: the phrases waiting for it in sentences before are answered. */
  named(id: number, sentence: number): void {
    let p = this.waiting[id] as number;
    if (p < 0 || (this.sentence[p] as number) >= sentence) return;
    while (p >= 0) {
      if (sentence - (this.sentence[p] as number) <= REACH) this.after[p] = true;
      p = this.waitingBefore[p] as number;
    }
    this.waiting[id] = -1;
  }

  /** The phrases whose noun is named nearby on one side only: before (back) or after (forward). */
  sides(): { back: number; forward: number } {
    let back = 0;
    let forward = 0;
    for (let p = 0; p < this.sentence.length; p++) {
      if (this.before[p] && !this.after[p]) back++;
      else if (this.after[p] && !this.before[p]) forward++;
    }
    return { back, forward };
  }
}

/** What the order shares are made of, summed over a text or over a document's chunks. */
interface OrderCounts {
  /** Sum of (place in the introducing sentence - place in the next) over the stems introduced and picked up. */
  shift: number;
  introduced: number;
  back: number;
  forward: number;
  paragraphs: number;
  paragraphOpeners: number;
}

function orderOf(counts: OrderCounts, mentions: FirstMentions, acronyms = { events: 0, breaks: 0 }): Order {
  return {
    givenNew: counts.shift / (counts.introduced + SHRINK),
    forwardReferences: counts.forward / (counts.back + counts.forward + SHRINK),
    paragraphOpeners: counts.paragraphOpeners / (counts.paragraphs + SHRINK),
    orderBreaks: (mentions.breaks + acronyms.breaks) / (mentions.events + acronyms.events + SHRINK),
  };
}

/**
 * The order of a whole document, gathered from its chunks as order() reads them in turn. Its order breaks are those
 * of figures and tables alone, followed from chunk to chunk: a figure first named in a later chunk below one named in
 * an earlier chunk is a break, as it is when paragraphs are shuffled or a paper runs backwards. Across a whole paper
 * the other kinds mislead: sections and equations are often named ahead ("see Section 5"), and a title or abstract
 * names an acronym before the introduction defines it. (Events across a chunk's edge, a stem introduced at the end of
 * one chunk and picked up at the start of the next, are left out.)
 */
export class DocumentOrder {
  private readonly counts: OrderCounts = {
    shift: 0,
    introduced: 0,
    back: 0,
    forward: 0,
    paragraphs: 0,
    paragraphOpeners: 0,
  };
  private readonly mentions = new FirstMentions();

  /** A numbered thing named by a chunk; only figures and tables count. */
  mention(kind: number, label: string): void {
    if (kind === FIGURE || kind === TABLE) this.mentions.add(kind, label);
  }

  add(counts: OrderCounts): void {
    for (const key of Object.keys(counts) as (keyof OrderCounts)[]) this.counts[key] += counts[key];
  }

  /** The order of the chunks added so far. */
  get order(): Order {
    return orderOf(this.counts, this.mentions);
  }
}

/**
 * `document`, if given, gathers this text's counts as one chunk of a document's; `lists`: tokenLists(tokens), when the
 * caller has it.
 */
export function order(text: string, tokens: Tokens, document?: DocumentOrder, lists = tokenLists(tokens)): Order {
  const { flags, lengths, offsets, newlinesBefore, sentenceStarts, sentences } = tokens;
  const ids = new KeyIds(tokens.count);
  // Per stem (at most one per token): the last sentence that named it and the last before that one; its mean place in
  // the last placed sentence that named it, and the placed sentences before.
  const stems = tokens.count + 1;
  const lastNamed = new Int32Array(stems).fill(-1);
  const namedBefore = new Int32Array(stems).fill(-1);
  const placeSum = new Float64Array(stems);
  const placeCount = new Int32Array(stems);
  const lastPlaced = new Int32Array(stems).fill(-1);
  const previousPlace = new Float64Array(stems);
  const previousPlaced = new Int32Array(stems).fill(-1);
  const beforePreviousPlaced = new Int32Array(stems).fill(-1);
  const phrases = new Phrases(stems);
  const mentions = new FirstMentions();
  const placedHere: number[] = [];
  let shift = 0;
  let introduced = 0;
  let paragraphs = 0;
  let paragraphOpeners = 0;
  for (let s = 0; s < sentences; s++) {
    const start = sentenceStarts[s] as number;
    const end = sentenceStarts[s + 1] as number;
    let words = 0;
    for (let i = start; i < end; i++) if ((flags[i] as number) & WORD) words++;
    const placed = words >= MIN_WORDS;
    if (placed && s > 0) {
      if ((newlinesBefore[start] as number) >= 2) {
        paragraphs++;
        if ((lists[start] as number) & LIST_OPENER) paragraphOpeners++;
      }
    }
    placedHere.length = 0;
    let word = -1;
    for (let i = start; i < end; i++) {
      if (((flags[i] as number) & WORD) === 0) continue;
      word++;
      const on = lists[i] as number;
      if (on & LIST_CROSS_REFERENCE) {
        const j = labelAt(text, tokens, i);
        if (j >= 0 && (flags[j] as number) & NUMBER) {
          const at = offsets[i] as number;
          const kind = (text.charCodeAt(at) | 32) * 256 + (text.charCodeAt(at + 1) | 32);
          const label = text.slice(offsets[j] as number, (offsets[j] as number) + (lengths[j] as number));
          mentions.add(kind, label);
          document?.mention(kind, label);
        }
      }
      if (on & LIST_DEMONSTRATIVE) {
        for (let j = i + 1; j <= Math.min(end - 1, i + NOUN_REACH); j++) {
          if (((flags[j] as number) & WORD) === 0) break;
          if ((lists[j] as number) & LIST_FUNCTION || (lengths[j] as number) < MIN_STEM_LENGTH) continue;
          const id = ids.idOf(stemHash(text, offsets[j] as number, lengths[j] as number));
          phrases.add(id, s, lastNamed[id] === s ? (namedBefore[id] as number) : (lastNamed[id] as number));
          break;
        }
      }
      const len = lengths[i] as number;
      if (on & LIST_FUNCTION || len < MIN_STEM_LENGTH) continue;
      const id = ids.idOf(stemHash(text, offsets[i] as number, len));
      if (lastNamed[id] !== s) {
        phrases.named(id, s);
        namedBefore[id] = lastNamed[id] as number;
        lastNamed[id] = s;
      }
      if (!placed) continue;
      if (lastPlaced[id] !== s) {
        if ((lastPlaced[id] as number) >= 0) {
          beforePreviousPlaced[id] = previousPlaced[id] as number;
          previousPlaced[id] = lastPlaced[id] as number;
          previousPlace[id] = (placeSum[id] as number) / (placeCount[id] as number);
        }
        lastPlaced[id] = s;
        placeSum[id] = 0;
        placeCount[id] = 0;
        placedHere.push(id);
      }
      placeSum[id] = (placeSum[id] as number) + (word + 0.5) / words;
      placeCount[id] = (placeCount[id] as number) + 1;
    }
    for (const id of placedHere) {
      const before = beforePreviousPlaced[id] as number;
      if (s === 0 || previousPlaced[id] !== s - 1 || (before >= 0 && before >= s - 1 - INTRODUCED_AFTER)) continue;
      shift += (previousPlace[id] as number) - (placeSum[id] as number) / (placeCount[id] as number);
      introduced++;
    }
  }
  const counts = { shift, introduced, ...phrases.sides(), paragraphs, paragraphOpeners };
  document?.add(counts);
  return orderOf(counts, mentions, acronymBreaks(text));
}

/** Each acronym's first definition is an event, a break when the acronym stood bare before it. */
function acronymBreaks(text: string): { events: number; breaks: number } {
  let events = 0;
  let breaks = 0;
  const defined = new Set<string>();
  for (const m of text.matchAll(ACRONYM_DEFINITION)) {
    const acronym = m[1] as string;
    if (defined.has(acronym) || ROMAN.test(acronym)) continue;
    defined.add(acronym);
    events++;
    if (usedBare(text, acronym, m.index as number)) breaks++;
  }
  return { events, breaks };
}

/** Whether `acronym` stands as a word before `end` (its plural too: "CNNs"), not in a defining parenthesis. */
function usedBare(text: string, acronym: string, end: number): boolean {
  for (let at = text.indexOf(acronym); at >= 0 && at < end; at = text.indexOf(acronym, at + 1)) {
    if (at > 0 && (isWordCode(text.charCodeAt(at - 1)) || text.charCodeAt(at - 1) === 40)) continue;
    let after = at + acronym.length;
    if (text.charCodeAt(after) === 115) after++; // a plural "s"
    if (isWordCode(text.charCodeAt(after))) continue;
    return true;
  }
  return false;
}

function isWordCode(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}
