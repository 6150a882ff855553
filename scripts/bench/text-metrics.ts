// Extraction quality against exact ground truth: character error rate, word F1, reading order, furniture leakage.
import { editDistance } from "../../src/edit-distance.js";

export function words(text: string): string[] {
  return text.split(/\s+/).filter((w) => w.length > 0);
}

/** Levenshtein distance / truth length, on whitespace-normalised text (layout of blank lines does not count). */
export function characterErrorRate(predicted: string, truth: string): number {
  const a = words(predicted).join(" ");
  const b = words(truth).join(" ");
  if (b.length === 0) return a.length === 0 ? 0 : 1;
  return editDistance(a, b) / b.length;
}

/** Bag-of-words F1: order-free, so it measures what was extracted, not where. */
export function wordF1(predicted: string, truth: string): number {
  const counts = new Map<string, number>();
  const truthWords = words(truth);
  for (const w of truthWords) counts.set(w, (counts.get(w) ?? 0) + 1);
  const predictedWords = words(predicted);
  let matched = 0;
  for (const w of predictedWords) {
    const n = counts.get(w) ?? 0;
    if (n > 0) {
      matched++;
      counts.set(w, n - 1);
    }
  }
  if (matched === 0) return 0;
  const precision = matched / predictedWords.length;
  const recall = matched / truthWords.length;
  return (2 * precision * recall) / (precision + recall);
}

/** Longest common subsequence of words / truth words: 1 when every truth word comes out in truth order. */
export function readingOrderScore(predicted: string, truth: string): number {
  const a = words(predicted);
  const b = words(truth);
  if (b.length === 0) return 1;
  let prev = new Uint32Array(b.length + 1);
  let cur = new Uint32Array(b.length + 1);
  for (const wa of a) {
    for (let j = 1; j <= b.length; j++) {
      cur[j] = wa === b[j - 1] ? (prev[j - 1] ?? 0) + 1 : Math.max(prev[j] ?? 0, cur[j - 1] ?? 0);
    }
    [prev, cur] = [cur, prev];
  }
  return (prev[b.length] ?? 0) / b.length;
}

/**
 * Share of drawn furniture instances (headers, banners, page numbers) found in the output: text furniture by
 * substring count, bare page numbers as lines of their own.
 */
export function furnitureLeakage(predicted: string, furniture: readonly string[]): number {
  if (furniture.length === 0) return 0;
  const expected = new Map<string, number>();
  for (const f of furniture) expected.set(f, (expected.get(f) ?? 0) + 1);
  const lines = predicted.split("\n").map((l) => l.trim());
  let leaked = 0;
  for (const [item, instances] of expected) {
    let found = 0;
    if (/^\d+$/.test(item)) {
      for (const line of lines) if (line === item) found++;
    } else {
      for (let i = predicted.indexOf(item); i >= 0; i = predicted.indexOf(item, i + item.length)) found++;
    }
    leaked += Math.min(found, instances);
  }
  return leaked / furniture.length;
}
