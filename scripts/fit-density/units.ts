// The texts scored, as units cut from a document. Positives: real papers from ../shared/reference/papers, as whole
// documents, ~8 KB chunks, ~3 KB paragraph groups and ~1.2 KB paragraphs (units are paragraph-aligned).
import { roughSentences } from "../../filters/density/degrade.js";

export const UNITS = { doc: 0, chunk: 8000, para: 3000, short: 1200 } as const;
export type Unit = keyof typeof UNITS;

/** Units evaluated per paper and size; the ~8 KB chunks of a paper beyond them are fitted on, up to FITTED_CHUNKS. */
export const EVALUATED_UNITS = 4;
/**
 * The long-text detectors see one document per paper: fitting them on up to 16 chunks per paper instead of 4 lifted
 * held-out AUC over both folds by ~0.009 on documents and on chunks. More paragraphs did not help: 8 or 16 of each
 * size cost held-out paragraphs 0.003-0.01 (the L2 penalty does not grow with the rows).
 */
const FITTED_CHUNKS = 16;

/** Paragraph-aligned units of at least `size` characters (the whole text for size 0); a shorter tail is dropped. */
export function paragraphUnits(text: string, size: number): string[] {
  if (size === 0) return [text];
  const out: string[] = [];
  let cur = "";
  for (const p of text.split(/\n\s*\n/)) {
    cur += `${p}\n\n`;
    if (cur.length >= size) {
      out.push(cur);
      cur = "";
    }
  }
  return out;
}

/**
 * Up to `n` units of each size, spread over the text (every third one, so units of one size do not overlap).
 * Paragraph-sized units must hold 5+ sentences, the brief's "paragraph" (5-25 sentences): table and figure
 * residue without sentences is neither a real paragraph nor something the degradations could make.
 */
export function unitsOf(text: string, n: number): [Unit, string][] {
  return (Object.keys(UNITS) as Unit[]).flatMap((unit) =>
    paragraphUnits(text, UNITS[unit])
      .filter((c) => UNITS[unit] > UNITS.para || roughSentences(c).length >= 5)
      .filter((_, j, all) => all.length < 3 * n || j % 3 === 1)
      .slice(0, n)
      .map((c) => [unit, c] as [Unit, string]),
  );
}

/** The paper's ~8 KB chunks that `units` does not hold, up to FITTED_CHUNKS in all. */
export function moreChunks(text: string, units: [Unit, string][]): [Unit, string][] {
  const taken = new Set(units.filter(([unit]) => unit === "chunk").map(([, c]) => c));
  return paragraphUnits(text, UNITS.chunk)
    .filter((c) => !taken.has(c))
    .slice(0, FITTED_CHUNKS - taken.size)
    .map((c) => ["chunk", c]);
}
