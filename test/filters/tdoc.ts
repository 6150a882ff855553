// Builds a TokenizedDoc from text for filter tests.

import { TokenizedDoc } from "../../filters/tokenized-doc.js";
import { makeDoc } from "../../src/doc.js";

export function tdoc(text: string, pages: number | null = null): TokenizedDoc {
  return new TokenizedDoc(makeDoc("test", text, "test", { pages }));
}

/** n distinct-enough plain words (5 letters, no stop words), space-separated. */
export function plainWords(n: number): string[] {
  const vocabulary = ["river", "stone", "water", "light", "cloud", "grass", "plain", "storm", "field", "north"];
  return Array.from({ length: n }, (_, i) => vocabulary[i % vocabulary.length] as string);
}
