// Rebuilds models/char-lm.bin, the character model behind density_implausible_words, from word types whose licence
// allows redistribution: the words of the same BSD-3-Clause docstring prose as the reference LM (see
// ../ngram-lm/build-default-model.ts) and of the English lexicon `natural` ships under its MIT licence (its data
// README: from pos-js, LGPL-3.0, Eric Brill's tagger lexicon). Each distinct lower-cased run of letters counts once,
// so the model holds what a letter costs after three others, no text.
// Usage: node dist/filters/density/build-char-model.js [SITE_PACKAGES] [OUT]
// (the shipped model was built from the reference LM's package versions and natural 6.12.0: 19,915 word types from
// the prose, 65,900 from the lexicon, 76,432 in all; run again from those, the file is byte-identical.)
import { writeFileSync } from "node:fs";
import { englishWords } from "../../ingest/layout/english-lexicon.js";
import { pythonSitePackages, referenceDocs } from "../ngram-lm/build-default-model.js";
import { trainCharModel } from "./char-model.js";

/** The distinct lower-cased letter runs of the texts. */
export function wordTypes(texts: Iterable<string>): Set<string> {
  const types = new Set<string>();
  for (const text of texts) for (const m of text.toLowerCase().matchAll(/\p{L}+/gu)) types.add(m[0]);
  return types;
}

function main(): void {
  const site = process.argv[2] || pythonSitePackages();
  const out = process.argv[3] ?? "models/char-lm.bin";
  const types = wordTypes([...referenceDocs(site), ...englishWords()]);
  const model = trainCharModel([...types].sort());
  writeFileSync(out, model);
  process.stdout.write(`${out}: ${model.byteLength} bytes from ${types.size} word types\n`);
}

if (import.meta.url === `file://${process.argv[1]}`) main();
