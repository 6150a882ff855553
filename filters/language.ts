// Language identification with eld (n-gram detector, offline, medium database): sets doc.meta.lang and
// doc.meta.lang_score and keeps documents in an allowed language. Measured on 1,918 documents of 200+ characters in
// 21 languages (the reference English docs plus translated man pages): 99.7% correct, the only errors being
// Indonesian read as Malay; English vs. not English: no error. The large database was not more accurate and loads
// twice as slowly.
import type { Decision, Filter } from "../src/decision.js";
import { type Detector, mediumDetector } from "./eld-database.js";
import type { TokenizedDoc } from "./tokenized-doc.js";

export const LANGUAGE_DEFAULTS = {
  languages: ["en"] as readonly string[],
  /** Below the lowest score of any English reference document (0.51 of 1,028), so real English is never dropped. */
  minScore: 0.45,
  /**
   * eld reads only the start of its input; windows across the text keep a title page from deciding alone. Five were
   * too few: the Bahdanau paper written out twice had 4 French windows (its translation examples) in 51, but two of
   * the five read and it was dropped as French. Twenty cost ~0.04 CPU s per MB.
   */
  windowChars: 2000,
  maxWindows: 20,
};
export type LanguageOptions = typeof LANGUAGE_DEFAULTS;
/** `language_<code>` for a language outside the allowed list, `language_unknown` when none is detected. */
export type LanguageReason = `language_${string}` | "language_low_score";

let detector: Detector | null = null;

/**
 * Loads eld's medium database (read as JSON: eld-database.ts), once per process, by what detects a language, not by
 * every command that imports the filter stack (a usage error, --help, a run that stops before its filters).
 */
export async function loadLanguageDetector(): Promise<void> {
  detector ??= await mediumDetector();
}

function eld(): Detector {
  if (detector === null) throw new Error("eld is not loaded: await loadLanguageDetector() before detecting a language");
  return detector;
}

export interface LanguageGuess {
  lang: string;
  score: number;
}

/** The language whose eld score, averaged over evenly spread windows of the text, is highest. */
export function detectLanguage(text: string, opts: LanguageOptions = LANGUAGE_DEFAULTS): LanguageGuess {
  const width = opts.windowChars;
  const windows = Math.max(1, Math.min(opts.maxWindows, Math.ceil(text.length / width)));
  const step = windows > 1 ? (text.length - width) / (windows - 1) : 0;
  const sums = new Map<string, number>();
  for (let i = 0; i < windows; i++) {
    const start = Math.round(i * step);
    const scores = eld()
      .detect(text.slice(start, start + width))
      .getScores();
    for (const [lang, score] of Object.entries(scores)) {
      sums.set(lang, (sums.get(lang) ?? 0) + score / windows);
    }
  }
  let best: LanguageGuess = { lang: "", score: 0 };
  for (const [lang, score] of sums) if (score > best.score) best = { lang, score };
  return best;
}

export function language(tdoc: TokenizedDoc, opts: LanguageOptions = LANGUAGE_DEFAULTS): Decision<LanguageReason> {
  const { lang, score } = detectLanguage(tdoc.text, opts);
  tdoc.doc.meta.lang = lang === "" ? null : lang;
  tdoc.doc.meta.lang_score = score;
  const scores = {}; // lang and lang_score are document columns (meta), not score columns
  if (!opts.languages.includes(lang)) return { keep: false, reason: `language_${lang || "unknown"}`, scores };
  if (score < opts.minScore) return { keep: false, reason: "language_low_score", scores };
  return { keep: true, scores };
}

export function languageFilter(opts: LanguageOptions = LANGUAGE_DEFAULTS): Filter<TokenizedDoc, LanguageReason> {
  return { name: "language", prepare: loadLanguageDetector, decide: (tdoc) => language(tdoc, opts) };
}
