// A scored text: its family, kind and unit, and its feature vector.
import type { DocumentSignals } from "../../filters/density/document-reading.js";
import type { Family, Kind } from "./kinds.js";
import type { Unit } from "./units.js";

export interface Sample {
  family: Family;
  kind: Kind;
  unit: Unit;
  chars: number;
  x: number[];
  /** Scored in the held-out AUC (false: a chunk only fitted on). */
  evaluated: boolean;
  /** A held-out document's chunks, which score it as assay does (documentLogits). */
  chunks?: { x: number[]; chars: number }[];
  /** A document's order and repeats over its chunks (documentSignals), for texts over DOCUMENT_CHARS. */
  document?: DocumentSignals;
  /** Made from a paper of another field (--more-papers): fitted as the others are, evaluated in a table of its own. */
  otherField?: true;
}

/** Whether a sample is longer than `from` and at most `upToChars` (null: any length) characters. */
export function within(s: Sample, from: number, upToChars: number | null): boolean {
  return s.chars > from && (upToChars === null || s.chars <= upToChars);
}

/** Adds a text of one half to its samples (`evaluated` false: a text only fitted on). */
export type AddSample = (family: Family, kind: Kind, unit: Unit, laidOut: string, evaluated?: boolean) => void;
