// A second family of degradations, made differently from degrade.ts and used ONLY to evaluate the density weights
// (scripts/fit-density.ts never fits on it): a stand-in for the unseen degradations of the hidden set, so
// the reported AUC says whether the features measure coherence or merely recognise our own generators.
// Differences: shuffled sentences come from the whole document into a paragraph-sized window (not permuted within
// the unit); the Markov chain cuts punctuation into separate tokens and re-wraps its output into lines and
// paragraphs like pdftotext (no newline artefact); OCR noise is word-level with another confusion table and
// ligature loss; chrome lines are other site furniture, inserted between lines, not only between paragraphs.
import { seededRandom as rng } from "../../src/seeded-random.js";
import { type MarkovTokens, shuffle } from "./degrade.js";

/** Re-lays text out as pdftotext does: lines of about `width` chars, a blank line every few sentences. */
export function layOut(text: string, random: () => number, width = 78, sentencesPerParagraph = 6): string {
  const words = text.split(/\s+/).filter(Boolean);
  let out = "";
  let line = 0;
  for (const w of words) {
    if (line > 0 && line + w.length + 1 > width) {
      out += "\n";
      line = 0;
    } else if (line > 0) {
      out += " ";
      line++;
    }
    out += w;
    line += w.length;
    if (/[.!?]$/.test(w) && random() < 1 / sentencesPerParagraph) {
      out += "\n\n";
      line = 0;
    }
  }
  return out;
}

/** Sentences split at any . ! ? followed by whitespace (looser than degrade.ts's split). */
function sentencesOf(text: string): string[] {
  return text
    .replace(/\s+/g, " ")
    .split(/(?<=[.!?])\s/)
    .filter((s) => s.length > 0);
}

/** A window of `length` characters filled with sentences drawn at random from anywhere in `document`. */
export function windowShuffle(document: string, length: number, seed: number): string {
  const random = rng(seed);
  const pool = sentencesOf(document);
  const picked: string[] = [];
  let size = 0;
  while (size < length && pool.length > 0) {
    const j = Math.floor(random() * pool.length);
    const s = pool.splice(j, 1)[0] as string;
    picked.push(s);
    size += s.length + 1;
  }
  return layOut(picked.join(" "), random);
}

/** Words and single punctuation marks as separate tokens; output re-glued and laid out like pdftotext. */
export function punctuationTokens(seed: number): MarkovTokens {
  return {
    split: (text) => text.match(/[\p{L}\p{N}]+(?:['’-][\p{L}\p{N}]+)*|[^\s\p{L}\p{N}]/gu) ?? [],
    join: (tokens) =>
      layOut(
        tokens
          .join(" ")
          .replace(/ ([.,;:!?)\]])/g, "$1")
          .replace(/([([]) /g, "$1"),
        rng(seed),
      ),
  };
}

/** Look-alike confusions of another OCR engine than degrade.ts's table. */
const LOOKALIKES: [string, string][] = [
  ["cl", "d"],
  ["ri", "n"],
  ["li", "h"],
  ["nn", "m"],
  ["I", "l"],
  ["O", "Q"],
  ["B", "8"],
  ["g", "q"],
  ["y", "v"],
  ["k", "lc"],
  ["e", "é"],
  ["r", "t"],
  ["b", "h"],
  ["S", "$"],
  ["a", "s"],
];
const LIGATURE = /fi|fl|ff/;
const JUNK = "|!¦»«•¢;:";

/** Word-level OCR noise: `rate` of words get a look-alike, a lost ligature, junk, a split, a merge or a drop. */
export function ocrNoiseWords(text: string, rate: number, seed: number): string {
  const random = rng(seed);
  return text.replace(/\S+(\s*)/g, (token, space: string) => {
    if (random() >= rate) return token;
    let w = token.slice(0, token.length - space.length);
    const r = random();
    if (r < 0.35) {
      const hits = LOOKALIKES.filter(([from]) => w.includes(from));
      const pair = hits[Math.floor(random() * hits.length)];
      if (pair) w = w.replace(pair[0], pair[1]);
    } else if (r < 0.5 && LIGATURE.test(w)) w = w.replace(LIGATURE, "");
    else if (r < 0.6) w = w.slice(0, 1) + (JUNK[Math.floor(random() * JUNK.length)] as string) + w.slice(1);
    else if (r < 0.75 && w.length > 3) {
      const cut = 1 + Math.floor(random() * (w.length - 2));
      w = `${w.slice(0, cut)} ${w.slice(cut)}`;
    } else if (r < 0.9)
      return w; // merged with the next word
    else if (w.length > 2) {
      const at = Math.floor(random() * w.length);
      w = w.slice(0, at) + w.slice(at + 1);
    }
    return w + space;
  });
}

/** Site furniture not in degrade.ts's list. */
const CHROME = [
  "Log in | Register | Cart (0)",
  "Accept all cookies   Reject   Manage preferences",
  "Search this site",
  "Posted by admin on March 3, 2021 in Uncategorized",
  "Tags: research, science, news",
  "Leave a comment",
  "« Previous post   Next post »",
  "Free shipping on all orders over $50",
  "Open in app",
  "Print this page",
  "Was this page helpful? Yes No",
  "Follow us on Instagram and YouTube",
  "Last updated: 12 January 2022",
  "View all comments (14)",
  "Download our mobile app today!",
];

/** Chrome lines inserted between lines of the text until about `share` of the characters are chrome. */
export function addWebChrome(text: string, share: number, seed: number): string {
  const random = rng(seed);
  const out: string[] = [];
  let real = 0;
  let chrome = 0;
  for (const line of text.split("\n")) {
    out.push(line);
    real += line.length;
    if (random() < 0.3) {
      while (chrome < (real * share) / (1 - share)) {
        const c = CHROME[Math.floor(random() * CHROME.length)] as string;
        out.push(c);
        chrome += c.length;
      }
    }
  }
  return out.join("\n");
}

/**
 * A scraped page's furniture around the text: a header block of 3-6 chrome lines, a footer block, and sidebar blocks
 * between paragraphs until about `share` of the text is chrome (degrade.ts's blocks come between paragraphs only, of
 * its own lines).
 */
export function addChromeBlocks(text: string, share: number, seed: number): string {
  const random = rng(seed);
  const block = () =>
    Array.from({ length: 3 + Math.floor(random() * 4) }, () => CHROME[Math.floor(random() * CHROME.length)]).join("\n");
  const header = block();
  const footer = block();
  const out = [header];
  let chrome = header.length + footer.length;
  let real = 0;
  for (const paragraph of text.split(/\n\s*\n/)) {
    out.push(paragraph);
    real += paragraph.length;
    if (random() < 0.5 && chrome < (real * share) / (1 - share)) {
      const sidebar = block();
      out.push(sidebar);
      chrome += sidebar.length;
    }
  }
  out.push(footer);
  return out.join("\n\n");
}

/**
 * Garbled sentences, made unlike degrade.ts's scrambleWords: variant 0 cuts every sentence off after 40-75% of its
 * words, 1 shuffles the words of a third of all 4-word windows, 2 inserts a word drawn from the text after one word
 * in eight. Re-laid out like pdftotext.
 */
export function garbleSentences(text: string, variant: 0 | 1 | 2, seed: number): string {
  const random = rng(seed);
  const pool = text.split(/\s+/).filter(Boolean);
  const garbled = sentencesOf(text).map((sentence) => {
    const words = sentence.split(" ");
    if (variant === 0)
      return `${words.slice(0, Math.max(2, Math.round(words.length * (0.4 + 0.35 * random())))).join(" ")}.`;
    if (variant === 1) {
      for (let i = 0; i + 4 <= words.length; i += 4) {
        if (random() >= 1 / 3) continue;
        words.splice(i, 4, ...shuffle(words.slice(i, i + 4), random));
      }
      return words.join(" ");
    }
    return words
      .flatMap((w) => (random() < 1 / 8 ? [w, pool[Math.floor(random() * pool.length)] as string] : [w]))
      .join(" ");
  });
  return layOut(garbled.join(" "), random);
}

/** Phrase loops unlike degrade.ts's repeated sentences: in a `share` of sentences a 3-8 word run comes 2-4 times. */
export function loopPhrases(text: string, share: number, seed: number): string {
  const random = rng(seed);
  const looped = sentencesOf(text).map((sentence) => {
    const words = sentence.split(" ");
    if (words.length < 6 || random() >= share) return sentence;
    const length = Math.min(words.length - 1, 3 + Math.floor(random() * 6));
    const at = Math.floor(random() * (words.length - length));
    const run = words.slice(at, at + length);
    const times = 2 + Math.floor(random() * 3);
    return [
      ...words.slice(0, at),
      ...Array.from({ length: times }, () => run).flat(),
      ...words.slice(at + length),
    ].join(" ");
  });
  return layOut(looped.join(" "), random);
}

/**
 * Documents interleaved, unlike degrade.ts's splice: after every 1-3 sentences of `text` come 1-2 sentences drawn
 * from anywhere in one of `others`, until the result is as long as `text`. Re-laid out like pdftotext.
 */
export function interleaveDocuments(text: string, others: string[], seed: number): string {
  const random = rng(seed);
  const own = sentencesOf(text);
  const pools = others.map(sentencesOf).filter((p) => p.length > 0);
  const out: string[] = [];
  let size = 0;
  for (let i = 0; i < own.length && size < text.length; ) {
    for (let k = 1 + Math.floor(random() * 3); k > 0 && i < own.length; k--, i++) {
      out.push(own[i] as string);
      size += (own[i] as string).length + 1;
    }
    const pool = pools[Math.floor(random() * pools.length)];
    if (!pool) continue;
    for (let k = 1 + Math.floor(random() * 2); k > 0; k--) {
      const s = pool[Math.floor(random() * pool.length)] as string;
      out.push(s);
      size += s.length + 1;
    }
  }
  return layOut(out.join(" "), random);
}

/** Lines out of place, unlike degrade.ts's columns read across: each run of 3-8 lines is read in a random order. */
export function misorderLines(text: string, seed: number): string {
  const random = rng(seed);
  const lines = text.split("\n");
  const out: string[] = [];
  for (let i = 0; i < lines.length; ) {
    const n = 3 + Math.floor(random() * 6);
    out.push(...shuffle(lines.slice(i, i + n), random));
    i += n;
  }
  return out.join("\n");
}

/** Most a generated sentence may quote of its training text, in words and as a share of its words (markovify's). */
const QUOTE_WORDS = 15;
const QUOTE_SHARE = 0.7;
const SENTENCE_TRIES = 10;
/** Training sentences with quotes, brackets or parentheses are left out, as markovify leaves them out. */
const UNQUOTABLE = /(^')|('$)|\s'|'\s|["()[\]]/;

export interface SentenceMarkovOptions {
  /** The text of the generated sentences (default: laid out like pdftotext). */
  join?: (sentences: string[], random: () => number) => string;
  /** Train on sentences with quotes, brackets or parentheses too (markovify leaves them out). */
  bracketed?: boolean;
}

/**
 * Sentence-level Markov text as the markovify library writes it, the commonest way to make such text: a chain of
 * `stateSize` words from a sentence's start to its end over the training sentences, and a sentence that quotes more
 * than min(15, 70% of its words) words in a row of the training text drawn again (10 tries). Unlike the token chains
 * above, every sentence is whole and no long run is copied.
 */
export function sentenceMarkov(
  training: string[],
  stateSize: number,
  options: SentenceMarkovOptions = {},
): (chars: number, seed: number) => string {
  const { join = (sentences, random) => layOut(sentences.join(" "), random), bracketed = false } = options;
  const START = "\u0002";
  const END = "\u0003";
  const next = new Map<string, string[]>();
  const sentences = training
    .flatMap(sentencesOf)
    .filter((s) => bracketed || !UNQUOTABLE.test(s))
    .map((s) => s.split(" "));
  for (const words of sentences) {
    const walk = [...Array.from({ length: stateSize }, () => START), ...words, END];
    for (let i = stateSize; i < walk.length; i++) {
      const key = walk.slice(i - stateSize, i).join(" ");
      const list = next.get(key);
      if (list) list.push(walk[i] as string);
      else next.set(key, [walk[i] as string]);
    }
  }
  // Runs of the training text by length, as hashes of word ids: a corpus of papers is too long to search as a string.
  const ids = new Map<string, number>();
  const idOf = (word: string) => ids.get(word) ?? (ids.set(word, ids.size).get(word) as number);
  const source = sentences.flat().map(idOf);
  const runHash = (words: readonly number[], from: number, span: number) => {
    let h = span;
    for (let i = from; i < from + span; i++) h = Math.imul(h ^ (words[i] as number), 0x01000193) + 0x7f4a7c15;
    return h | 0;
  };
  const runs = new Map<number, Set<number>>();
  const runsOf = (span: number) => {
    let set = runs.get(span);
    if (!set) {
      set = new Set();
      for (let i = 0; i + span <= source.length; i++) set.add(runHash(source, i, span));
      runs.set(span, set);
    }
    return set;
  };
  const quotes = (words: string[]) => {
    const span = Math.min(words.length, Math.min(QUOTE_WORDS, Math.round(QUOTE_SHARE * words.length)) + 1);
    const wordIds = words.map(idOf);
    const known = runsOf(span);
    for (let i = 0; i + span <= wordIds.length; i++) if (known.has(runHash(wordIds, i, span))) return true;
    return false;
  };
  const sentence = (random: () => number): string | null => {
    for (let attempt = 0; attempt < SENTENCE_TRIES; attempt++) {
      const state = Array.from({ length: stateSize }, () => START);
      const words: string[] = [];
      for (;;) {
        const list = next.get(state.join(" "));
        if (!list) break;
        const word = list[Math.floor(random() * list.length)] as string;
        if (word === END) break;
        words.push(word);
        state.shift();
        state.push(word);
      }
      if (words.length > 0 && !quotes(words)) return words.join(" ");
    }
    return null;
  };
  return (chars, seed) => {
    const random = rng(seed);
    const out: string[] = [];
    let size = 0;
    // A chain that cannot make a sentence that is not a quote (a short text) gives up rather than loop.
    for (let failures = 0; size < chars && failures < 100; ) {
      const s = sentence(random);
      if (s === null) {
        failures++;
        continue;
      }
      out.push(s);
      size += s.length + 1;
    }
    return join(out, random);
  };
}
