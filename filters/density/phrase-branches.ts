// Phrases taken up again with something new after them. A section of a paper stays on one subject, so it comes back
// to its own four-word phrases and goes on differently ("the attention weights of the encoder", later "the attention
// weights are normalised"); a word-Markov chain of order 3-4 over a whole paper walks contexts from every part of it,
// so its window comes back to fewer of its phrases, and where it does (a frequent context) it mostly re-walks the run
// it copied before (repeated-phrases.ts counts those copies). Shuffled sentences keep every branch of the original.
import { NUMBER, type Tokens, WORD } from "../ngram-lm/tokens.js";
import { addKey, KeyIds, keySet } from "./key-set.js";

/** Context length in words: a phrase, not an idiom's two words nor a copied clause. */
const CONTEXT_WORDS = 4;
const SPAN = CONTEXT_WORDS + 1;
/**
 * A phrase counts as taken up again only this many words after its last use: a phrase looped in place ("the model
 * is the model is the model is trained") leaves it right after itself, which is no new word about the subject. Counted
 * from any earlier use, unseen phrase loops had more branches than real text (real above them at 0.25 AUC on ~8 KB
 * units; 0.57 with this gap), and the Markov-loop detector that weighs branches rated them higher.
 */
const MIN_GAP = 12;

/**
 * Share of word and number tokens that follow a 4-token phrase last used at least MIN_GAP tokens before, where the
 * phrase was never before followed by this token: a branch, where the text re-enters a phrase and says something new.
 */
export function phraseBranches(tokens: Tokens): number {
  const { flags, hashes } = tokens;
  const window = new Uint32Array(SPAN);
  const contexts = new KeyIds(tokens.count);
  const lastUse = new Int32Array(tokens.count);
  const continued = keySet(tokens.count);
  let words = 0;
  let branches = 0;
  for (let i = 0; i < tokens.count; i++) {
    if (((flags[i] as number) & (WORD | NUMBER)) === 0) continue;
    window[words % SPAN] = hashes[i] as number;
    words++;
    if (words < SPAN) continue;
    let h = 0x811c9dc5;
    for (let k = words - SPAN; k < words - 1; k++) h = Math.imul(h ^ (window[k % SPAN] as number), 0x01000193);
    const context = contexts.size;
    const id = contexts.idOf((h ^ (h >>> 16)) >>> 0);
    const gap = id === context ? 0 : words - (lastUse[id] as number);
    lastUse[id] = words;
    h = Math.imul(h ^ (window[(words - 1) % SPAN] as number), 0x01000193);
    if (addKey(continued, (h ^ (h >>> 16)) >>> 0 || 1) && gap >= MIN_GAP) branches++;
  }
  return words === 0 ? 0 : branches / words;
}
