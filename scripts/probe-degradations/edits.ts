// Red-team degradations of a real paper, made differently from filters/density/degrade.ts and degrade-unseen.ts (the
// fit's own): damage an outside evaluator would plausibly make, each a one-liner to describe. The order kinds keep
// every sentence and its local topic (paragraphs shuffled, sentences shuffled within their paragraph, the order
// reversed, half the sentences dropped); the word kinds break sentences in place; the document kinds add or cut whole
// passages. A paragraph keeps its blank-line break; its line wraps are joined, which real text survives (the
// "reflowed" control of scripts/probe-degradations.ts).
import { shuffle } from "../../filters/density/degrade.js";
import { seededRandom as rng } from "../../src/seeded-random.js";

/** A sentence ends at . ! ? (a closing bracket or quote allowed), not after these abbreviations, and has 3+ words. */
const ABBREVIATION = /(?:e\.g|i\.e|et al|Fig|Eq|etc|vs|cf|resp|Sec|Tab)\.$/;

/** Sentences of `text`, its whitespace collapsed: another split than degrade.ts's (no capital needed after). */
export function sentencesOf(text: string): string[] {
  const out: string[] = [];
  let current: string[] = [];
  for (const token of text.split(/\s+/).filter(Boolean)) {
    current.push(token);
    const sentence = current.join(" ");
    if (/[.!?]["')\]]?$/.test(token) && !ABBREVIATION.test(sentence) && current.length >= 3) {
      out.push(sentence);
      current = [];
    }
  }
  if (current.length > 0) out.push(current.join(" "));
  return out;
}

export function paragraphsOf(text: string): string[] {
  return text.split(/\n\s*\n/).filter((p) => p.trim().length > 0);
}

/** Sentences laid out as an evaluator writes generated text: paragraphs of 4-9 sentences, one line each. */
export function layOutSentences(sentences: string[], random: () => number): string {
  const out: string[] = [];
  for (let i = 0; i < sentences.length; ) {
    const n = 4 + Math.floor(random() * 6);
    out.push(sentences.slice(i, i + n).join(" "));
    i += n;
  }
  return out.join("\n\n");
}

/** Each sentence of each paragraph replaced by `edit` (paragraphs stay apart; an empty result drops the sentence). */
export function editSentences(text: string, edit: (sentence: string) => string): string {
  return paragraphsOf(text)
    .map((p) => sentencesOf(p).map(edit).filter(Boolean).join(" "))
    .filter(Boolean)
    .join("\n\n");
}

const words = (sentence: string) => sentence.split(" ").filter(Boolean);

/** Function words: what telegraphic text drops and what a content word is not. */
export const FUNCTION_WORDS = new Set(
  (
    "a an the of in on for to with by from at as and or but is are was were be been being this that these those it " +
    "its we our they their which who whom whose can may will would should could not no than then there here such " +
    "also into over under between through each all any both more most other some very only"
  ).split(" "),
);

export const shuffleParagraphs = (text: string, seed: number) => shuffle(paragraphsOf(text), rng(seed)).join("\n\n");

export function shuffleWithinParagraphs(text: string, seed: number): string {
  const random = rng(seed);
  return paragraphsOf(text)
    .map((p) => shuffle(sentencesOf(p), random).join(" "))
    .join("\n\n");
}

export const reverseSentences = (text: string, seed: number) => layOutSentences(sentencesOf(text).reverse(), rng(seed));

export function dropSentences(text: string, share: number, seed: number): string {
  const random = rng(seed);
  return editSentences(text, (s) => (random() < share ? "" : s));
}

export function dropWords(text: string, share: number, seed: number): string {
  const random = rng(seed);
  return editSentences(text, (s) =>
    words(s)
      .filter(() => random() >= share)
      .join(" "),
  );
}

export const telegraphic = (text: string) =>
  editSentences(text, (s) =>
    words(s)
      .filter((w) => !FUNCTION_WORDS.has(w.toLowerCase()))
      .join(" "),
  );

/** A `share` of adjacent word pairs of each sentence swapped (pairs do not overlap). */
export function swapAdjacentWords(text: string, share: number, seed: number): string {
  const random = rng(seed);
  return editSentences(text, (s) => {
    const w = words(s);
    for (let i = 0; i + 1 < w.length; i++)
      if (random() < share) {
        [w[i], w[i + 1]] = [w[i + 1] as string, w[i] as string];
        i++;
      }
    return w.join(" ");
  });
}

export const reverseWords = (text: string) => editSentences(text, (s) => words(s).reverse().join(" "));

/** Each sentence cut to 40-70% of its words and closed with a full stop. */
export function truncateSentences(text: string, seed: number): string {
  const random = rng(seed);
  return editSentences(text, (s) => {
    const w = words(s);
    const keep = Math.max(2, Math.round(w.length * (0.4 + 0.3 * random())));
    return `${w
      .slice(0, keep)
      .join(" ")
      .replace(/[,;:]$/, "")}.`;
  });
}

/** Each sentence's first half joined to the second half of a random sentence of the paper. */
export function spliceSentences(text: string, seed: number): string {
  const random = rng(seed);
  const all = sentencesOf(text);
  const halves = all.map((s) => {
    const a = words(s);
    const b = words(all[Math.floor(random() * all.length)] as string);
    return [...a.slice(0, Math.ceil(a.length / 2)), ...b.slice(Math.ceil(b.length / 2))].join(" ");
  });
  return layOutSentences(halves, random);
}

/** Speech-recogniser-like: lower case, punctuation gone, paragraphs kept. */
export const unpunctuated = (text: string) =>
  paragraphsOf(text)
    .map((p) =>
      p
        .toLowerCase()
        .replace(/[^\w\s'-]/g, " ")
        .replace(/\s+/g, " ")
        .trim(),
    )
    .join("\n\n");

/** A `share` of the lower-case content words replaced by content words drawn from `pool` (other papers'). */
export function swapContentWords(text: string, pool: readonly string[], share: number, seed: number): string {
  const random = rng(seed);
  return text.replace(/\b[a-z][a-z-]{3,}\b/g, (w) =>
    !FUNCTION_WORDS.has(w) && random() < share ? (pool[Math.floor(random() * pool.length)] as string) : w,
  );
}

export function randomiseDigits(text: string, seed: number): string {
  const random = rng(seed);
  return text.replace(/\d/g, () => String(Math.floor(random() * 10)));
}

/** The paper's opening (~1.5 KB of whole paragraphs, the abstract) inserted `times` more, between paragraphs. */
export function repeatOpening(text: string, times: number, seed: number): string {
  const random = rng(seed);
  const paragraphs = paragraphsOf(text);
  let opening = "";
  for (const p of paragraphs) {
    opening += `${p}\n\n`;
    if (opening.length > 1500) break;
  }
  for (let k = 0; k < times; k++) paragraphs.splice(Math.floor(random() * paragraphs.length), 0, opening.trim());
  return paragraphs.join("\n\n");
}

/** The references section alone, when the paper has over 3,000 characters of it. */
export function referencesSection(text: string): string | null {
  const m = /\n\s*(?:References|REFERENCES|Bibliography)\s*\n/.exec(text);
  if (!m) return null;
  const references = text.slice(m.index);
  return references.length > 3000 ? references : null;
}

/** The paper as LaTeX source: \section, ~\cite, inline $x$, % comments, a display equation now and then, 80 columns. */
export function asLatexSource(text: string, seed: number): string {
  const random = rng(seed);
  const out = ["\\documentclass[10pt,twocolumn]{article}", "\\usepackage{amsmath,graphicx}", "\\begin{document}"];
  for (const p of paragraphsOf(text)) {
    const flat = p.replace(/\s+/g, " ").trim();
    if (flat.length < 60 && !flat.endsWith(".")) {
      out.push(`\\section{${flat.replace(/^\d+(\.\d+)*\s*/, "")}}`);
      continue;
    }
    let body = flat
      .replace(
        /\[(\d+(?:,\s*\d+)*)\]/g,
        (_, n: string) => `~\\cite{${n.replace(/(\d+)/g, "ref$1").replace(/\s/g, "")}}`,
      )
      .replace(/\b(\d+(?:\.\d+)?)%/g, "$$$1\\%$$")
      .replace(/\b([a-zA-Z])\b(?=[ ,.])/g, (m) => (random() < 0.5 ? `$${m}$` : m))
      .replace(/Figure (\d+)/g, "Figure~\\ref{fig:$1}");
    if (random() < 0.15) body = `% TODO: rewrite this paragraph\n${body}`;
    if (random() < 0.1)
      body +=
        "\n\\begin{equation}\n  \\mathcal{L}(\\theta) = \\sum_{i=1}^{N} \\log p_\\theta(x_i \\mid z_i)\n\\end{equation}";
    out.push(body.replace(/(.{1,80})(\s|$)/g, "$1\n").trim());
  }
  out.push("\\bibliography{refs}", "\\end{document}");
  return out.join("\n\n");
}

const PREPOSITIONS = ["of", "in", "on", "for", "to", "with", "by", "at", "from"];
/**
 * Word-by-word translation: articles dropped, half the prepositions confused, an adjective-like word put after the
 * noun it precedes, and an "is"/"has" moved to the end of the sentence (verb-final) 60% of the time.
 */
export function glossLike(text: string, seed: number): string {
  const random = rng(seed);
  return editSentences(text, (s) => {
    const w = words(s).filter((x) => !/^(?:the|a|an)$/i.test(x));
    for (let i = 0; i < w.length; i++) {
      if (PREPOSITIONS.includes(w[i] as string) && random() < 0.5)
        w[i] = PREPOSITIONS[Math.floor(random() * PREPOSITIONS.length)] as string;
      const next = w[i + 1];
      if (
        /^[a-z]+(?:al|ive|ous|ent|ic|ar)$/.test(w[i] as string) &&
        next &&
        /^[a-z]+$/.test(next) &&
        !FUNCTION_WORDS.has(next)
      ) {
        [w[i], w[i + 1]] = [next, w[i] as string];
        i++;
      }
    }
    const verb = w.findIndex((x, k) => k > 1 && /^(?:is|are|was|were|has|have)$/.test(x));
    if (verb > 0 && random() < 0.6) w.push(...w.splice(verb, 1));
    return w.join(" ").replace(/([^.!?])$/, "$1.");
  });
}

/** German for the commonest English words: a sentence half-translated word by word, as code-switched text reads. */
const GERMAN: Record<string, string> = {
  the: "die",
  a: "ein",
  an: "ein",
  of: "von",
  and: "und",
  is: "ist",
  are: "sind",
  we: "wir",
  to: "zu",
  for: "für",
  with: "mit",
  that: "dass",
  this: "diese",
  on: "auf",
  by: "durch",
  not: "nicht",
  be: "sein",
  can: "kann",
  our: "unsere",
  which: "welche",
  from: "aus",
  as: "als",
  it: "es",
  model: "Modell",
  models: "Modelle",
  results: "Ergebnisse",
  data: "Daten",
  network: "Netzwerk",
  networks: "Netzwerke",
  method: "Methode",
  show: "zeigen",
  use: "verwenden",
  used: "verwendet",
  also: "auch",
  but: "aber",
  or: "oder",
  than: "als",
  more: "mehr",
  each: "jede",
  all: "alle",
  when: "wenn",
};

export function halfGerman(text: string, share: number, seed: number): string {
  const random = rng(seed);
  const germanise = (s: string) =>
    words(s)
      .map((w) => {
        const m = /^([A-Za-z]+)(.*)$/.exec(w);
        const g = m && GERMAN[(m[1] as string).toLowerCase()];
        if (!m || !g) return w;
        return (/^[A-Z]/.test(m[1] as string) ? g[0]?.toUpperCase() + g.slice(1) : g) + m[2];
      })
      .join(" ");
  return editSentences(text, (s) => (random() < share ? germanise(s) : s));
}
