// Phrase continuation (coherence.ts) against the formula as it was before its keys were mixed in its own loop: the
// change was for speed only, so every document's value must stay what it was.
import { describe, expect, it } from "vitest";
import { coherence } from "../../../filters/density/coherence.js";
import { addKey, keySet } from "../../../filters/density/key-set.js";
import { tokenize } from "../../../filters/ngram-lm/tokens.js";
import { haveShared, PAPERS, readDocs, TEXT_DEV } from "./shared-text.js";

function mix(h: number, w: number): number {
  h = Math.imul(h ^ w, 0x01000193) + 0x9e3779b9;
  h ^= h >>> 15;
  h = Math.imul(h, 0x2c1b3c6d);
  return (h ^ (h >>> 13)) >>> 0 || 1;
}

/** Repeated 4-grams per repeated 3-gram, as computed before. */
function earlierContinuation(hashes: Uint32Array, count: number): number {
  const seen3 = keySet(count);
  const seen4 = keySet(count);
  let r3 = 0;
  let r4 = 0;
  for (let i = 3; i < count; i++) {
    const k3 = mix(mix(mix(hashes[i - 2] as number, hashes[i - 1] as number), hashes[i] as number), 3);
    if (!addKey(seen3, k3)) {
      r3++;
      if (!addKey(seen4, mix(mix(k3, hashes[i - 3] as number), 4))) r4++;
    } else addKey(seen4, mix(mix(k3, hashes[i - 3] as number), 4));
  }
  return r3 === 0 ? 0 : r4 / r3;
}

describe.skipIf(!haveShared)("phrase continuation", () => {
  it("is what the earlier formula gave on every paper and text-dev document", () => {
    let repeating = 0;
    for (const docs of [readDocs(PAPERS), readDocs(TEXT_DEV)])
      for (const [id, text] of docs) {
        const tokens = tokenize(text);
        const expected = earlierContinuation(tokens.hashes, tokens.count);
        if (expected > 0) repeating++;
        expect(coherence(text, tokens).continuation, id).toBe(expected);
      }
    // The comparison means something only if many documents repeat phrases.
    expect(repeating).toBeGreaterThan(500);
  });
});
