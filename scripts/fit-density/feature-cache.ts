import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { DENSITY_FEATURES } from "../../filters/density/features.js";
import { modelFile } from "../../filters/ngram-lm/perplexity.js";

/**
 * Feature vectors by text hash, kept in a file between runs; dropped whole when the code that computes them (the
 * compiled density and LM modules) or the models they read change.
 */
export class FeatureCache {
  private readonly vectors = new Map<string, number[]>();
  private readonly key = featureCodeHash();
  constructor(private readonly path?: string) {
    if (!path || !existsSync(path)) return;
    const saved = JSON.parse(readFileSync(path, "utf8")) as { key: string; vectors: [string, number[]][] };
    if (saved.key === this.key) for (const [hash, x] of saved.vectors) this.vectors.set(hash, x);
  }
  vector(text: string, compute: () => number[]): number[] {
    if (!this.path) return compute();
    const hash = createHash("sha1").update(text).digest("base64");
    let x = this.vectors.get(hash);
    if (!x) {
      x = compute();
      this.vectors.set(hash, x);
    }
    return x;
  }
  save(): void {
    if (this.path) writeFileSync(this.path, JSON.stringify({ key: this.key, vectors: [...this.vectors] }));
  }
}

function featureCodeHash(): string {
  const hash = createHash("sha1").update(DENSITY_FEATURES.join());
  // Relative to this module as compiled, in dist/scripts/fit-density/.
  for (const dir of ["../../filters/density", "../../filters/ngram-lm"]) {
    const path = fileURLToPath(new URL(dir, import.meta.url));
    for (const file of readdirSync(path).sort()) if (file.endsWith(".js")) hash.update(readFileSync(join(path, file)));
  }
  for (const model of ["ngram-lm.bin", "syntax-lm.bin", "char-lm.bin"]) hash.update(readFileSync(modelFile(model)));
  return hash.digest("hex");
}
