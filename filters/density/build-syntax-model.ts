// Rebuilds models/syntax-lm.bin, the word-class model behind syntax fluency, from the same BSD-3-Clause docstring
// prose as the reference LM (see ../ngram-lm/build-default-model.ts): only its word classes are kept, so the model
// holds grammar, not text.
// Usage: node dist/filters/density/build-syntax-model.js [SITE_PACKAGES] [OUT]
import { writeFileSync } from "node:fs";
import { pythonSitePackages, referenceDocs } from "../ngram-lm/build-default-model.js";
import { tokenize } from "../ngram-lm/tokens.js";
import { trainNgramModel } from "../ngram-lm/train.js";
import { classText } from "./word-classes.js";

/** Order 3: as good as 4 or 5 in the fit (shuffled and scrambled paragraphs within 0.01) at half the size. */
export const SYNTAX_MODEL_OPTIONS = { order: 3, maxVocab: 1000, maxEntries: 250_000 } as const;

async function main(): Promise<void> {
  const site = process.argv[2] || pythonSitePackages();
  const out = process.argv[3] ?? "models/syntax-lm.bin";
  const docs = referenceDocs(site).map((d) => classText(d, tokenize(d)));
  const model = await trainNgramModel(() => docs, SYNTAX_MODEL_OPTIONS);
  writeFileSync(out, model);
  process.stdout.write(`${out}: ${model.byteLength} bytes from ${docs.length} docstring files\n`);
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
