// Loads the shared datatrove reference sets (../shared/reference) for the filter tests; absent files mean skip.
import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { type Doc, makeDoc } from "../../src/doc.js";

export const REFERENCE_DIR = fileURLToPath(new URL("../../../shared/reference/", import.meta.url));
export const REFERENCE_SETS = ["text-dev", "papers"] as const;

export function referenceAvailable(set: string): boolean {
  return (
    existsSync(`${REFERENCE_DIR}${set}/docs.jsonl`) && existsSync(`${REFERENCE_DIR}${set}/datatrove-decisions.jsonl`)
  );
}

function readJsonl<T>(path: string): T[] {
  return readFileSync(path, "utf8")
    .split("\n")
    .filter((line) => line.trim() !== "")
    .map((line) => JSON.parse(line) as T);
}

export function referenceDocs(set: string): Doc[] {
  return readJsonl<{ id: string; text: string; source?: string }>(`${REFERENCE_DIR}${set}/docs.jsonl`).map((d) =>
    makeDoc(d.id, d.text, d.source ?? set),
  );
}

export function referenceDecisions(set: string): Map<string, Record<string, string>> {
  const rows = readJsonl<Record<string, string>>(`${REFERENCE_DIR}${set}/datatrove-decisions.jsonl`);
  return new Map(rows.map((row) => [row.id as string, row]));
}

/** What a text-dev document is, from its id: the non-paper kinds the papers profile must drop. */
export function junkKind(id: string): "man" | "changelog" | "licence" | null {
  if (id.startsWith("man:")) return "man";
  if (id.startsWith("license:") || /\/copyright$/.test(id)) return "licence";
  if (id.startsWith("doc:") && /changelog|news/i.test(id)) return "changelog";
  return null;
}
