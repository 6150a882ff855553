// The samples of texts a model wrote: paper imitations and continuations of real papers
// (scripts/fixtures/machine-written/).
import { type machineWrittenPapers, type WrittenText, wrappedLikePapers } from "../fixtures/written-texts.js";
import { SCALES } from "./detectors.js";
import { half } from "./families.js";
import type { Kind } from "./kinds.js";
import type { AddSample } from "./samples.js";
import { moreChunks, unitsOf } from "./units.js";

/**
 * Adds the model-written texts of half `h` (`heldOut`: the evaluation half; the other is fitted on); `family` names a
 * paper's family by its id.
 */
export function addModelWritten(
  machine: ReturnType<typeof machineWrittenPapers>,
  family: (id: string) => string,
  h: 0 | 1,
  heldOut: boolean,
  addSample: AddSample,
): void {
  // Paper imitations written by a model, the loop the mission warns about: fitted on the first machine-learning set
  // (all on the fitted half: too few to split), evaluated on the others. Fitting on all three machine-learning sets
  // (24 texts, not 8) left other sciences level or lower (~3 KB -0.02 / 0.00, ~1.2 KB -0.005 / -0.007) and cost
  // Markov ~1.2 KB paragraphs up to 0.02; adding the paragraphs of the 12 whole papers cost the short unseen ones
  // 0.02-0.10 (it learns a writer's style, not a model's). Only paragraph-sized texts are fitted on (longer scales
  // borrow the paragraph detector).
  if (!heldOut)
    for (const d of machine.ml)
      for (const [unit, text] of unitsOf(d.text, 2))
        if (text.length <= (SCALES[0] as number)) addSample("A", "machine", unit, text);
  // Whole papers a model wrote, the longer scale's imitation detector (SEPARATE): a later set, in other fields and
  // from another prompt than the evaluated ones (scripts/fixtures/machine-written/README.md); wrapped like them.
  const addImitation = (d: WrittenText, evaluated: boolean) => {
    const text = wrappedLikePapers(d.text, d.id);
    const units = unitsOf(text, 2);
    [...units, ...moreChunks(text, units)].forEach(([unit, t], u) => {
      if (t.length > (SCALES[0] as number)) addSample("A", "imitation", unit, t, evaluated && u < units.length);
    });
  };
  if (!heldOut) for (const d of machine.longFitted) addImitation(d, false);
  // Real papers a model continued from their introduction's first paragraph on (another prompt than the evaluated
  // continuations): in their paper's half, so a split never fits on the continuation of a paper it holds out, and
  // those of the held-out half are the imitation detector's own held-out texts.
  for (const d of machine.continuedFitted) if (half(family(d.paper ?? d.id)) === h) addImitation(d, heldOut);
  // Evaluated wrapped like the real papers. Written one line per paragraph, whole imitations ranked below real
  // papers at 0.958 / 1.000 (this split / swapped) as written and 0.841 / 1.000 wrapped with stop 26's weights
  // (chunks 0.906 / 0.959 and 0.819 / 0.927): real papers' wrapped lines, stray lines and line joins are features too. Fitting on the
  // imitations and web-like pages wrapped as well cost ~8 KB chunks of other kinds up to 0.03 on the swapped split.
  if (heldOut) {
    const evaluate = (d: WrittenText, kind: Kind) => {
      for (const [unit, text] of unitsOf(wrappedLikePapers(d.text, d.id), 2)) addSample("B", kind, unit, text);
    };
    for (const d of machine.sciences) evaluate(d, "machine");
    // Imitations of machine-learning and computing papers the fit never saw: the fitted fields, new texts.
    for (const d of machine.mlUnseen) evaluate(d, "machine-ml");
    // Whole papers a model wrote (21-26 KB), in every field: as documents, chunks and paragraphs.
    for (const d of machine.long) evaluate(d, "machine-long");
    // Whole papers in registers no fitted or evaluated imitation has (proofs, clinical and engineering reports,
    // reviews, systems and social-science papers), written after the imitation detector was fitted. Fitting on
    // them as well left long-1 to long-4 where they were (documents 0.890 / 1.000, chunks -0.001 / 0.000).
    for (const d of machine.styles) evaluate(d, "machine-styles");
    // Real papers continued by a model from their abstract on (the synthetic loop on the papers' own topics),
    // written after every fit: the continuation alone, without the real opening.
    for (const d of machine.continued) evaluate(d, "machine-continued");
  }
}
