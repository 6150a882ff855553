// JSON Lines: one record per line. Reading streams line by line so memory stays flat on large files.
import { createReadStream } from "node:fs";
import { createInterface } from "node:readline";
import type { Row } from "./columns.js";

export interface JsonlRecord {
  /** 1-based line number in the file, for error messages and fallback ids. */
  line: number;
  record: Record<string, unknown> | null;
  /** Set when the line is not a JSON object. */
  error: string | null;
}

export async function* readJsonlRecords(path: string): AsyncGenerator<JsonlRecord> {
  const lines = createInterface({
    input: createReadStream(path, { encoding: "utf8" }),
    crlfDelay: Number.POSITIVE_INFINITY,
  });
  let line = 0;
  for await (const text of lines) {
    line++;
    if (text.trim() === "") continue;
    try {
      const value: unknown = JSON.parse(text);
      if (value === null || typeof value !== "object" || Array.isArray(value)) {
        yield { line, record: null, error: "not a JSON object" };
      } else {
        yield { line, record: value as Record<string, unknown>, error: null };
      }
    } catch (error) {
      yield { line, record: null, error: `invalid JSON: ${(error as Error).message}` };
    }
  }
}

export function encodeJsonl(rows: readonly Row[], columns: readonly string[]): Uint8Array {
  let out = "";
  for (const row of rows) {
    const ordered: Record<string, unknown> = {};
    for (const name of columns) ordered[name] = row[name] ?? null;
    out += `${JSON.stringify(ordered)}\n`;
  }
  return Buffer.from(out, "utf8");
}
