// Word lists the density components match by token hash (see filters/ngram-lm/tokens.ts: lowercased FNV-1a).
import { hashWord, type Tokens } from "../ngram-lm/tokens.js";
import { WordFlags, WordHashes } from "./key-set.js";

function hashSet(words: string): WordHashes {
  return WordHashes.of(words.split(/\s+/).filter(Boolean).map(hashWord));
}

/** English function words: never technical vocabulary, never evidence of topic continuity. */
export const FUNCTION_WORDS =
  hashSet(`a about above after again against all also am an and any are as at be because been
  before being below between both but by can could did do does doing down during each few for from further had has have
  having he her here hers him his how i if in into is it its itself just me more most my no nor not now of off on once
  only or other our ours out over own same she should so some such than that the their theirs them then there these
  they this those through to too under until up very was we were what when where which while who whom why will with
  would you your yours one two may might must shall us via per et al use used using thus hence therefore however`);

/**
 * The word-class model's closed-class words, which stay themselves in its text (word-classes.ts): determiners,
 * pronouns, prepositions, conjunctions, auxiliaries, modals and the commonest grammatical adverbs.
 */
export const CLASS_FUNCTION_WORDS = hashSet(
  "the a an of in on at to for with by from as into onto over under between among through during before after " +
    "above below about against without within via per than and or but nor so yet if then else whether because since " +
    "while although though unless until when where which who whom whose what that this these those it its they them " +
    "their we our us he she his her i you your is are was were be been being am has have had having do does did can " +
    "could may might must shall should will would not no also only both each every all any some such more most less " +
    "many much other another same very there here how why thus hence therefore however further",
);

/** Logical connectives (Issue 8: therefore, hence, because, if … then, we show). */
const CONNECTIVES = hashSet(`therefore hence thus because since consequently however although whereas moreover
  furthermore implies implying conversely accordingly nevertheless nonetheless if then unless otherwise namely
  whenever so`);

/** Claim verbs after "we" and definition markers. */
const CLAIM_VERBS = hashSet(`show prove propose find demonstrate define observe obtain introduce present derive
  establish report conclude argue assume note`);
const DEFINITION_WORDS = hashSet(`theorem lemma proof corollary proposition definition denote denotes denoted
  defined hypothesis conjecture equation`);
export const WE = hashWord("we");
export const THAT = hashWord("that");
const CLAIM_BEFORE_THAT = hashSet("shows show suggests suggest indicates indicate implies imply demonstrates confirms");

/** Units right after a number. */
const UNITS = hashSet(`% ms s sec min h hz khz mhz ghz kb mb gb tb k m b bits bytes nm mm cm m km kg g mg μm ev kev
  mev gev v mv ma w kw mw j pa kpa mol l ml db fps flops gflops tflops petaflops x times params parameters epochs
  steps layers tokens images samples examples iterations percent degrees °c hours days weeks gpus tpus cores`);

export const ET = hashWord("et");
export const AL = hashWord("al");
export const AND = hashWord("and");

/** Auxiliaries and modals: a sentence with one has a finite verb. */
const AUXILIARIES = hashSet(`is are was were be been being has have had do does did can could may might will
  would shall should must cannot`);
/** Subjects whose next lower-case word is usually the verb ("we show", "it follows", "which gives"). */
const SUBJECT_PRONOUNS = hashSet("we they it i he she which who this");
/** Sentence openers that refer back to the sentence before. */
const OPENERS = hashSet(`this these that those such it its they their them there here thus hence therefore
  however moreover furthermore consequently similarly finally then also likewise accordingly instead otherwise
  nevertheless nonetheless besides`);

/** Determiners that point back at what was just named ("this method", "these results"). */
const DEMONSTRATIVES = hashSet("this these those such");

const SECOND_PERSON = hashSet("you your yours yourself you're you've you'll");

/** Names of a paper's numbered parts, as in "Figure 3", "Fig. 2", "Eq. (5)", "Appendix A" (see register.ts). */
const CROSS_REFERENCE_NAMES = hashSet(`figure figures fig figs table tables section sections sec eq eqs
  equation equations appendix algorithm theorem lemma corollary proposition definition chapter`);
/** The names above that take a period when abbreviated ("Fig. 3"); after any other, a period ends the sentence. */
export const ABBREVIATED_NAMES = hashSet("fig figs sec eq eqs");
const FIRST_PERSON_PLURAL = hashSet("we our ours us ourselves");
const FIRST_PERSON_SINGULAR = hashSet("i my me mine myself");
export const I = hashWord("i");
/** Verbs of reported speech: journalism quotes people, papers cite them. */
const SPEECH_VERBS = hashSet("said says told");
const ACCORDING = hashWord("according");
export const TO = hashWord("to");

/**
 * Articles, prepositions, conjunctions and possessives that need a word after them (dangling-ends.ts). Left out: "a"
 * (a variable or a panel, "Figure 3a."), "on" ("and so on."), "to", "in", "at", "is", "are" (phrasal and elliptic
 * ends).
 */
const NEEDS_A_NEXT_WORD = hashSet("the an of for with by from and or but its their our than into whose via");

/**
 * Which of the lists above a word is on, as bits: a text's tokens are looked up once (tokenLists), not once per list
 * and component.
 */
export const LIST_FUNCTION = 1;
export const LIST_CONNECTIVE = 2;
export const LIST_SECOND_PERSON = 4;
export const LIST_DEFINITION = 8;
export const LIST_FIRST_PERSON_PLURAL = 16;
export const LIST_FIRST_PERSON_SINGULAR = 32;
export const LIST_SPEECH_VERB = 64;
export const LIST_ACCORDING = 128;
export const LIST_CROSS_REFERENCE = 256;
export const LIST_DEMONSTRATIVE = 512;
export const LIST_OPENER = 1024;
export const LIST_AUXILIARY = 1 << 11;
export const LIST_SUBJECT_PRONOUN = 1 << 12;
export const LIST_CLAIM_VERB = 1 << 13;
export const LIST_CLAIM_BEFORE_THAT = 1 << 14;
export const LIST_UNIT = 1 << 15;
export const LIST_NEEDS_A_NEXT_WORD = 1 << 16;
export const LIST_CLASS_FUNCTION = 1 << 17;
const WORD_LISTS = new WordFlags(
  (
    [
      [FUNCTION_WORDS, LIST_FUNCTION],
      [CONNECTIVES, LIST_CONNECTIVE],
      [SECOND_PERSON, LIST_SECOND_PERSON],
      [DEFINITION_WORDS, LIST_DEFINITION],
      [FIRST_PERSON_PLURAL, LIST_FIRST_PERSON_PLURAL],
      [FIRST_PERSON_SINGULAR, LIST_FIRST_PERSON_SINGULAR],
      [SPEECH_VERBS, LIST_SPEECH_VERB],
      [[ACCORDING], LIST_ACCORDING],
      [CROSS_REFERENCE_NAMES, LIST_CROSS_REFERENCE],
      [DEMONSTRATIVES, LIST_DEMONSTRATIVE],
      [OPENERS, LIST_OPENER],
      [AUXILIARIES, LIST_AUXILIARY],
      [SUBJECT_PRONOUNS, LIST_SUBJECT_PRONOUN],
      [CLAIM_VERBS, LIST_CLAIM_VERB],
      [CLAIM_BEFORE_THAT, LIST_CLAIM_BEFORE_THAT],
      [UNITS, LIST_UNIT],
      [NEEDS_A_NEXT_WORD, LIST_NEEDS_A_NEXT_WORD],
      [CLASS_FUNCTION_WORDS, LIST_CLASS_FUNCTION],
    ] as const
  ).flatMap(([words, bit]) => [...words].map((h): [number, number] => [h, bit])),
);

/**
 * WORD_LISTS of each token (by its hash, whatever its kind): made once per text and handed to the components, each of
 * which looked up each word in its own lists (about ten lookups per word in all).
 */
export function tokenLists(tokens: Tokens): Uint32Array {
  const lists = new Uint32Array(tokens.count);
  for (let i = 0; i < tokens.count; i++) lists[i] = WORD_LISTS.get(tokens.hashes[i] as number);
  return lists;
}
