// Stacked verbs: two finite verbs in one clause. A writer's clause has one finite verb; a second one comes after a
// clause boundary ("and", "which", "that", "when", "if", a comma ...). Text spliced from two sentences at a shared
// word or two keeps every short window grammatical, so a word-class trigram model passes it, but the splice often
// joins one sentence's subject and verb to another's predicate: "the labels that are elided in the training data
// are not commonly used", "the trick is to reduce the step in the training data has highest probability". Sentence
// chains (markovify's state-2 walks) and word chains of order 2 splice every sentence; shuffled sentences keep each
// one whole, so this sees what sentence order does not.
// Finite verbs are known by closed lists (tensed auxiliaries, modals) and by natural's POS lexicon: a word whose
// commonest tag is a third-person present ("uses", "shows", "raises"), or any verb form right after a subject
// pronoun ("we describe", "which gives"). A verb right after another one or after only adverbs and pronouns ("can
// also be", "does it require", "do not have") is the same verb group, not a second verb; after "to" it is an
// infinitive.
import { CAPITALIZED, hashWord, SYMBOL, type Tokens, WORD } from "../ngram-lm/tokens.js";
import { WordFlags } from "./key-set.js";
import { englishLexiconTables } from "./lexicon-tables.js";

const TENSED = 1;
const MODAL = 2;
const SUBJECT = 4;
/** Words that may sit inside one verb group: "does it require", "can also be", "do not have". */
const GROUP = 8;
const BOUNDARY = 16;
const PRESENT_THIRD = 32;
const VERB = 64;

const LISTS: [string, number][] = [
  ["is are was were am has have had do does did", TENSED],
  ["can could may might will would shall should must cannot", MODAL],
  ["we they i you he she it who which that", SUBJECT],
  [
    "not also then only still further thus often usually always never now just it we they this there first " +
      "typically easily generally",
    GROUP,
  ],
  [
    "and or but which that who whom whose when where whereas while although though because if unless whether since " +
      "as how what why than",
    BOUNDARY,
  ],
];

let words: WordFlags | null = null;

/** The word lists and the lexicon's verbs, as flags by word hash; built once per process. */
function wordFlags(): WordFlags {
  if (words) return words;
  const entries: [number, number][] = LISTS.flatMap(([list, bit]) =>
    list.split(" ").map((w): [number, number] => [hashWord(w), bit]),
  );
  const { presentThirdVerbs, otherVerbs } = englishLexiconTables();
  for (const h of presentThirdVerbs) entries.push([h, PRESENT_THIRD]);
  for (const h of otherVerbs) entries.push([h, VERB]);
  words = new WordFlags(entries);
  return words;
}

const TO = hashWord("to");
const MIN_WORDS = 6;

/** Whether the char code is a symbol that bounds a clause: , ; : ( ) [ */
function boundsClause(c: number): boolean {
  return c === 44 || c === 59 || c === 58 || c === 40 || c === 41 || c === 91;
}

/**
 * Share of finite verbs, after the first of each sentence of MIN_WORDS+ words (another verb group, not the same one),
 * that follow the previous finite verb with no clause boundary between them.
 */
export function stackedVerbs(text: string, tokens: Tokens): number {
  const { hashes, flags, offsets, sentenceStarts, sentences } = tokens;
  const lists = wordFlags();
  let pairs = 0;
  let stacked = 0;
  for (let s = 0; s < sentences; s++) {
    const start = sentenceStarts[s] as number;
    const end = sentenceStarts[s + 1] as number;
    let words = 0;
    for (let i = start; i < end && words < MIN_WORDS; i++) if ((flags[i] as number) & WORD) words++;
    if (words < MIN_WORDS) continue;
    let seenVerb = false;
    let bounded = false;
    // Only group words since the last finite verb: a verb now is the same group.
    let inGroup = true;
    let previous = 0; // flags of the previous word, for "we describe"
    for (let i = start; i < end; i++) {
      const f = flags[i] as number;
      if ((f & WORD) === 0) {
        if (f & SYMBOL && boundsClause(text.charCodeAt(offsets[i] as number))) bounded = true;
        inGroup = false;
        previous = 0;
        continue;
      }
      const h = hashes[i] as number;
      const on = lists.get(h);
      const finite =
        on & (TENSED | MODAL)
          ? i === start || hashes[i - 1] !== TO
          : (f & CAPITALIZED) === 0 && (on & PRESENT_THIRD || (on & VERB && previous & SUBJECT)) !== 0;
      previous = on;
      if (finite) {
        if (seenVerb && !inGroup) {
          pairs++;
          if (!bounded) stacked++;
        }
        if (!seenVerb || !inGroup) bounded = false;
        seenVerb = true;
        inGroup = true;
        continue;
      }
      if (on & BOUNDARY) bounded = true;
      if ((on & GROUP) === 0) inGroup = false;
    }
  }
  return pairs === 0 ? 0 : stacked / pairs;
}
