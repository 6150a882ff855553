// The split of the papers into two halves by family (versions of one paper stay together), so that no held-out paper
// is a version of a fitted one.
import { createHash } from "node:crypto";

/** A paper's name in the split: its arXiv number, or its venue and year. */
export function paperKey(id: string): string {
  const m = /(\d{4}\.\d{4,5}|math\d{7})/.exec(id);
  return m ? (m[1] as string) : id.replace(/_.*$/, "");
}

/** Papers that share this much of the smaller one's word 5-grams are one family (other pairs share under 6%). */
const FAMILY_SHARE = 0.2;

/**
 * Each paper's family, which the split never separates: versions of one arXiv paper, its venue copy (which names
 * no arXiv number) and a paper that reuses another's text (the quantized networks paper extends the binarized one)
 * share one, named by the least of their keys, so an arXiv number wins over a venue's name.
 */
export function paperFamilies(docs: readonly { id: string; text: string }[]): Map<string, string> {
  const shingles = docs.map((d) => {
    const words = d.text.toLowerCase().match(/[a-z]+/g) ?? [];
    const set = new Set<string>();
    for (let i = 0; i + 5 <= words.length; i++) set.add(words.slice(i, i + 5).join(" "));
    return set;
  });
  const name = docs.map((d) => paperKey(d.id));
  const root = docs.map((_, i) => i);
  const find = (i: number): number => (root[i] === i ? i : find(root[i] as number));
  docs.forEach((_, i) => {
    for (let j = 0; j < i; j++) {
      const [a, b] = [shingles[i] as Set<string>, shingles[j] as Set<string>];
      const [small, large] = a.size <= b.size ? [a, b] : [b, a];
      let shared = 0;
      for (const g of small) if (large.has(g)) shared++;
      if (small.size === 0 || shared / small.size < FAMILY_SHARE) continue;
      const [ri, rj] = [find(i), find(j)];
      const [keep, drop] = (name[ri] as string) <= (name[rj] as string) ? [ri, rj] : [rj, ri];
      root[drop] = keep;
    }
  });
  return new Map(docs.map((d, i) => [d.id, name[find(i)] as string]));
}

/** The half of the split a family (or any other id) falls in. */
export function half(key: string): 0 | 1 {
  return (createHash("sha256").update(key).digest()[0] as number) & 1 ? 1 : 0;
}
