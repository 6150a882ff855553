// Held-out evaluation: pairwise AUC of real papers against each kind, per unit, and the table printed.
import { type DensityWeights, densityLogit, documentLogits } from "../../filters/density/density.js";
import { DENSITY_FEATURES } from "../../filters/density/features.js";
import { pairwiseAuc } from "../../filters/density/logistic.js";
import { type Family, type Kind, NEGATIVE_KINDS, UNSEEN_KINDS } from "./kinds.js";
import type { Sample } from "./samples.js";
import { UNITS, type Unit } from "./units.js";

export interface HeldOutAuc {
  /** AUC by "family:kind", then by unit. */
  auc: Record<string, Record<string, number>>;
  /** The best single feature on ~1.2 KB paragraphs and its AUC, by "family:kind". */
  bestSingle: Record<string, string>;
}

/** Density as assay scores the sample's text: a document by its chunks. */
function heldOutDensity(weights: DensityWeights, s: Sample): number {
  return s.chunks
    ? Math.min(...documentLogits(weights, s.chunks, s.document).values())
    : densityLogit(weights, s.x, s.chars);
}

/** The AUC of the detectors `fit` on the held-out samples `test`. */
export function heldOutAuc(fit: DensityWeights, test: Sample[]): HeldOutAuc {
  const select = (f: Family, kind: Kind, unit: Unit) =>
    test.filter((s) => s.family === f && s.kind === kind && s.unit === unit);
  const auc: Record<string, Record<string, number>> = {};
  const bestSingle: Record<string, string> = {};
  for (const [f, kinds] of [
    ["A", NEGATIVE_KINDS],
    ["B", UNSEEN_KINDS],
  ] as const) {
    for (const kind of kinds) {
      const row: Record<string, number> = {};
      for (const unit of Object.keys(UNITS) as Unit[]) {
        const pos = select("A", "real", unit).map((s) => heldOutDensity(fit, s));
        const neg = select(f, kind, unit).map((s) => heldOutDensity(fit, s));
        if (neg.length > 0) row[unit] = Number(pairwiseAuc(pos, neg).toFixed(4));
      }
      // The paragraph-scale imitations of family A are all fitted on: nothing of theirs is held out.
      if (Object.keys(row).length === 0) continue;
      auc[`${f}:${kind}`] = row;
      // Best single feature (either sign) on ~1.2 KB paragraphs, to show what the combination adds.
      const pos = select("A", "real", "short");
      const neg = select(f, kind, "short");
      if (neg.length === 0) continue;
      let best = 0;
      let name = "";
      DENSITY_FEATURES.forEach((feature, j) => {
        const a = pairwiseAuc(
          pos.map((s) => s.x[j] as number),
          neg.map((s) => s.x[j] as number),
        );
        if (Math.max(a, 1 - a) > best) {
          best = Math.max(a, 1 - a);
          name = feature;
        }
      });
      bestSingle[`${f}:${kind}`] = `${name} ${best.toFixed(3)}`;
    }
  }
  return { auc, bestSingle };
}

/** The AUC as a Markdown table, a row per kind and a column per unit. */
export function aucTable({ auc, bestSingle }: HeldOutAuc): string {
  const table = [`| family:kind | ${Object.keys(UNITS).join(" | ")} | best single feature (short) |`];
  for (const [k, row] of Object.entries(auc))
    table.push(
      `| ${k} | ${Object.keys(UNITS)
        .map((u) => row[u]?.toFixed(3) ?? "-")
        .join(" | ")} | ${bestSingle[k] ?? "-"} |`,
    );
  return `${table.join("\n")}\n`;
}
