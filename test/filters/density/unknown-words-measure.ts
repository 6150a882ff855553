// What the unknown-word tests share: real paragraphs to noise, and the counts density takes of a text.
import { unknownWords } from "../../../filters/density/unknown-words.js";
import { loadDefaultModel, perplexity } from "../../../filters/ngram-lm/perplexity.js";
import { tokenize } from "../../../filters/ngram-lm/tokens.js";
import { PAPERS, paragraphUnits, readDocs } from "./shared-text.js";

/** Every fourth ~1.2 KB paragraph-aligned unit of the shared papers. */
export function sampledParagraphs(): string[] {
  const units = [...readDocs(PAPERS).values()].flatMap((text) => paragraphUnits(text, 1200));
  return units.filter((_, i) => i % 4 === 0);
}

/** The unknown-word counts of `text`, the reference LM deciding which words it has seen, as density does. */
export function measureUnknownWords(text: string): ReturnType<typeof unknownWords> {
  const tokens = tokenize(text);
  const found = new Uint8Array(tokens.count);
  perplexity(loadDefaultModel(), tokens, found);
  return unknownWords(text, tokens, found);
}
