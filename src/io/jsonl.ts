// JSON Lines: one record per line. Reading streams line by line so memory stays flat on large files; a `.gz` file
// (datatrove's and Dolma's shards are .jsonl.gz) is gunzipped on the way.
import { createReadStream } from "node:fs";
import { createInterface, type Interface } from "node:readline";
import { createGunzip } from "node:zlib";
import type { Row } from "./columns.js";

/** The lines of a JSON Lines file, gunzipped if its name ends in `.gz`; a read or gzip error ends the iteration with it. */
export function jsonlLines(path: string): Interface {
  const file = createReadStream(path);
  const gunzip = path.toLowerCase().endsWith(".gz") ? createGunzip() : null;
  if (gunzip) file.on("error", (error) => gunzip.destroy(error));
  const lines = createInterface({ input: gunzip ? file.pipe(gunzip) : file, crlfDelay: Number.POSITIVE_INFINITY });
  // Closed before the end (a reader that wanted only the first line): stop reading, so that a later error of the
  // stream, with no reader left to hear it, cannot bring the process down.
  lines.on("close", () => {
    gunzip?.destroy();
    file.destroy();
  });
  return lines;
}

export interface JsonlRecord {
  /** 1-based line number in the file, for error messages and fallback ids. */
  line: number;
  record: Record<string, unknown> | null;
  /** Set when the line is not a JSON object: `not_json` (unparsable) or `not_object` (an array, string, ...). */
  error: "not_json" | "not_object" | null;
  /** The line as read, when it is not a JSON object: kept with the reject, so nothing is lost. */
  raw: string | null;
}

export async function* readJsonlRecords(path: string): AsyncGenerator<JsonlRecord> {
  const lines = jsonlLines(path);
  let line = 0;
  for await (let text of lines) {
    line++;
    // A byte-order mark (editors on Windows write one) is not part of the first record.
    if (line === 1 && text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    if (text.trim() === "") continue;
    try {
      const value: unknown = JSON.parse(text);
      if (value === null || typeof value !== "object" || Array.isArray(value)) {
        yield { line, record: null, error: "not_object", raw: text };
      } else {
        yield { line, record: value as Record<string, unknown>, error: null, raw: null };
      }
    } catch {
      yield { line, record: null, error: "not_json", raw: text };
    }
  }
}

export function encodeJsonl(rows: readonly Row[], columns: readonly string[]): Uint8Array {
  let out = "";
  for (const row of rows) {
    const ordered: Record<string, unknown> = {};
    for (const name of columns) ordered[name] = row[name] ?? null;
    // Parquet holds the carried metadata as JSON text; JSON Lines can hold the object itself (`jq .metadata.url`).
    if (typeof ordered.metadata === "string") ordered.metadata = JSON.parse(ordered.metadata);
    out += `${JSON.stringify(ordered)}\n`;
  }
  return Buffer.from(out, "utf8");
}
