// Loads the shared reference JSONL docs as Doc streams for the dedup tests.
import { existsSync, readFileSync } from "node:fs";
import { type Doc, makeDoc } from "../../../src/doc.js";

export function readReferenceDocs(path: string): Doc[] {
  if (!existsSync(path)) return [];
  return readFileSync(path, "utf8")
    .split("\n")
    .filter((l) => l.trim())
    .map((l) => {
      const { id, text } = JSON.parse(l) as { id: string; text: string };
      return makeDoc(id, text, path);
    });
}

export async function* streamOf(docs: readonly Doc[]): AsyncIterable<Doc> {
  yield* docs;
}

export function lines(path: string): string[] {
  return readFileSync(path, "utf8")
    .split("\n")
    .filter((l) => l.trim());
}
