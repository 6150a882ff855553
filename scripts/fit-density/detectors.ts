// The fitted length scales and the detectors of each, by name, with the kinds of text each is fitted against.
import type { DetectorKind } from "../../filters/density/density.js";
import { type Kind, NEGATIVE_KINDS } from "./kinds.js";

/**
 * Upper text lengths of the fitted detector scales: paragraphs (~1-5 KB), then anything longer (documents over
 * DOCUMENT_CHARS are scored by their chunks: documentLogits).
 */
export const SCALES = [5000, null] as const;

/** Detectors by name (each a score column, DETECTOR_KINDS) and the kinds of text each is fitted against. */
export type Detectors = Partial<Record<DetectorKind, readonly Kind[]>>;

/**
 * What each detector tells real papers from, per length scale. In paragraphs, shuffled, displaced and Markov text fail
 * the same way (no coherence beyond a few words) and too few sentences tell them apart: one detector fitted on all four
 * is less noisy on real paragraphs than four (any detector's false alarm drags a real text down, density being their
 * minimum). Longer texts have the evidence for one detector per kind. Order 3-4 chains ("markov3") are left to the
 * longer texts: within 1-5 KB they are mostly verbatim sentences (the paragraph detector found them at 0.60-0.69 AUC),
 * and fitting on them cost shuffled paragraphs 0.02-0.04. Displaced sentences, order broken in places only, taught that
 * detector to weigh partial breaks: shuffled ~1.2 KB paragraphs +0.014-0.025 over two seeds and both splits, model
 * imitations -0.001-0.005. Scrambled words keep their own detector: folded into the OCR one (both are local damage) it
 * cost OCR paragraphs 0.04. Repeated sentences have a paragraph detector on the repetition features alone
 * (PARAGRAPH_REPETITION) with its ceiling lifted (CEILING_LIFT): repeated and unseen looped ~1.2 KB paragraphs
 * 0.85-0.95 -> 0.95-0.99, Markov loops 0.67 -> 0.73-0.80, at ~0.01 to most other ~1.2 KB cells (documentation 0.943 ->
 * 0.928 on one split); folded into "incoherent" it cost 0.03. Columns read across have a paragraph detector of their
 * own since line joins (syntax.ts) measure grammar at line breaks: it lifted columns paragraphs from 0.62-0.65 to
 * 0.81-0.91 AUC and unseen lines out of place from 0.62-0.68 to 0.77-0.85, at 0.005-0.025 to other kinds' 1.2 KB
 * paragraphs (before line joins it only cost). Restricted to the grammar features it was no better. Letter-spaced lines
 * and lost ligatures share the OCR detector in paragraphs (all are damage inside words); a detector of their own cost
 * 1.2 KB paragraphs 0.01-0.03. Web-like pages and papers a model imitated have paragraph detectors of their own: they
 * are other texts, not damage done to a paper, and lean on the register and on style (see SITE_IGNORES and
 * MACHINE_IGNORES). Sentence-level chains ("sentences") are left to the longer texts' Markov-2 detector: in the
 * paragraph detector they lifted markovify paragraphs 0.04-0.07 but cost the other incoherent kinds' ~3 KB and ~1.2 KB
 * cells up to 0.06. Text cast in a few moulds ("templated") has a paragraph detector of its own on the repetition
 * features and repeated sentence frames (TEMPLATED_ONLY): folded into the repeated-sentences detector, repeated ~1.2 KB
 * paragraphs fell 0.987 -> 0.934 and phrase loops 0.968 -> 0.848 (swapped split).
 */
const PARAGRAPH_DETECTORS: Detectors = {
  incoherent: ["shuffled", "displaced", "markov1", "markov2"],
  scrambled: ["scrambled"],
  columns: ["columns"],
  repeated: ["repeated"],
  templated: ["templated"],
  boilerplate: ["boilerplate"],
  ocr: ["ocr", "spaced", "ligatures"],
  textdev: ["textdev"],
  web: ["web"],
  machine: ["machine"],
};

/** Kinds without a long-text detector of their own: borrowed or shared with another kind (below). */
const NO_LONG_DETECTOR = new Set<Kind>(["machine", "displaced", "sentences"]);

/**
 * Longer texts have one detector per kind, but for the paragraph detector of model-written papers, which they borrow
 * (matchedToScale), and whole papers a model wrote ("imitation"), fitted on their ~8 KB chunks and whole texts.
 * Displaced sentences share the shuffled detector: they are the same damage in part, and a detector of their own
 * flagged real chunks (mean ~8 KB AUC -0.007 / -0.005 on the two splits, with shares of 0.2-0.5). Templated text has
 * a long-text detector of its own on the paragraph one's features (TEMPLATED_FEATURES), at half strength
 * (LONG_STRETCH): at full strength it rated real whole papers below model-written ones (documents of papers a model
 * continued 0.943 -> 0.816, imitations 0.983 -> 0.868 on this split). Folded into the repeated-sentences detector
 * (stop 51) it cost model-written documents 0.006-0.018.
 */
const SEPARATE = {
  ...Object.fromEntries(NEGATIVE_KINDS.filter((k) => !NO_LONG_DETECTOR.has(k)).map((k) => [k, [k]])),
  shuffled: ["shuffled", "displaced"],
  markov2: ["markov2", "sentences"],
} as Detectors;

/** The detectors of each scale, in the order of SCALES. */
export const DETECTORS: Detectors[] = [PARAGRAPH_DETECTORS, SEPARATE];
