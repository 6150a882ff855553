// Real text for the density tests, read from ../shared (absent: tests skip with a message).
import { existsSync, readFileSync } from "node:fs";

export { paragraphUnits } from "../../../scripts/fit-density/units.js";

const SHARED = new URL("../../../../shared/reference/", import.meta.url);
export const PAPERS = new URL("papers/docs.jsonl", SHARED);
export const TEXT_DEV = new URL("text-dev/docs.jsonl", SHARED);
export const haveShared = existsSync(PAPERS) && existsSync(TEXT_DEV);
if (!haveShared) console.warn("skipping density tests: ../shared/reference/{papers,text-dev}/docs.jsonl not found");

export function readDocs(url: URL): Map<string, string> {
  const out = new Map<string, string>();
  for (const line of readFileSync(url, "utf8").split("\n")) {
    if (!line.trim()) continue;
    const d = JSON.parse(line) as { id: string; text: string };
    out.set(d.id, d.text);
  }
  return out;
}

/** The first paragraph of at least `min` characters that contains `needle`. */
export function paragraphWith(text: string, needle: RegExp, min = 300): string {
  const p = text.split(/\n\s*\n/).find((x) => x.length >= min && needle.test(x));
  if (!p) throw new Error(`no paragraph matching ${needle}`);
  return p;
}
