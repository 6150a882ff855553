// The fields of an input record that no column holds (a web dump's `url` and `date`, Dolma's `added`, datatrove's
// nested `metadata`), carried through every stage as the text of one JSON object: the `metadata` column. Without it,
// cleaning a dump would cut each document off from where it came from and under what terms.
import { wellFormed } from "./well-formed.js";

/**
 * The carried fields of a record, or null when there are none. `isColumn` names the fields a column already holds
 * (the document's columns and its scores); bytes have no JSON form and are not carried. A nested `metadata`
 * object, or its JSON text (assay's own output, a stringified export), is flattened into the result, and a top-level
 * field of the same name wins, as datatrove's readers do.
 */
export function carriedMetadata(record: Record<string, unknown>, isColumn: (name: string) => boolean): string | null {
  const nested = nestedObject(record.metadata);
  // Without a prototype: a field named __proto__ (JSON.parse makes it an own field) is a field, not the object's parent
  const carried: Record<string, unknown> = Object.assign(Object.create(null), nested);
  for (const [name, value] of Object.entries(record)) {
    if (value === null || value === undefined) continue;
    if (name === "metadata" ? nested !== null : isColumn(name)) continue;
    if (ArrayBuffer.isView(value)) continue;
    carried[name] = value;
  }
  let text: string;
  try {
    text = JSON.stringify(carried, toJsonValue);
  } catch {
    // Nesting too deep for the stack (JSON.parse takes what JSON.stringify cannot give back): that field is left
    // out and the others carried; one such field took the record's url and every other field with it.
    const writable: Record<string, unknown> = Object.create(null);
    for (const [name, value] of Object.entries(carried)) if (jsonText(value) !== null) writable[name] = value;
    text = JSON.stringify(writable, toJsonValue);
  }
  return text === "{}" ? null : text;
}

/**
 * A JSON object, its text, or a Parquet struct (Arrow's struct rows turn into plain objects through toJSON); null for
 * anything else. Also how the `metadata` column's text is read back as its fields.
 */
export function nestedObject(value: unknown): Record<string, unknown> | null {
  let parsed = value;
  if (typeof value === "string") {
    try {
      parsed = JSON.parse(value);
    } catch {
      return null;
    }
  } else if (
    value !== null &&
    typeof value === "object" &&
    typeof (value as { toJSON?: unknown }).toJSON === "function"
  ) {
    parsed = (value as { toJSON(): unknown }).toJSON();
  }
  const plain = parsed !== null && typeof parsed === "object" && Object.getPrototypeOf(parsed) === Object.prototype;
  return plain ? (parsed as Record<string, unknown>) : null;
}

/** A value's JSON text as carried, or null when it is nested too deep to write. */
function jsonText(value: unknown): string | null {
  try {
    return JSON.stringify(value, toJsonValue);
  } catch {
    return null;
  }
}

/** Parquet's 64-bit integers arrive as bigint, which JSON cannot hold: a number where exact, else its digits. */
function toJsonValue(_key: string, value: unknown): unknown {
  if (typeof value === "bigint") {
    return value >= BigInt(Number.MIN_SAFE_INTEGER) && value <= BigInt(Number.MAX_SAFE_INTEGER)
      ? Number(value)
      : value.toString();
  }
  if (typeof value === "string") return wellFormed(value);
  return ArrayBuffer.isView(value) ? undefined : value;
}
