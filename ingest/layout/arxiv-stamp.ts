// The vertical arXiv stamp in the left margin of page 1: "arXiv:1706.03762v5 [cs.CL] 6 Dec 2017".
// Old-style identifiers ("arXiv:math/0406077v1 [math.ST] 4 Jun 2004") are parsed too.
import type { ArxivStamp } from "./types.js";

const STAMP =
  /arXiv:\s*([a-z-]+(?:\.[A-Z]{2})?\/\d{7}|\d{4}\.\d{4,5})(?:v(\d+))?\s*(?:\[([^\]]+)\])?\s*(\d{1,2}\s+[A-Z][a-z]{2}\s+\d{4})?/;

export function parseArxivStamp(text: string): ArxivStamp | null {
  const m = STAMP.exec(text);
  if (!m || m[1] === undefined) return null;
  return {
    id: m[1],
    version: m[2] === undefined ? null : Number(m[2]),
    category: m[3]?.trim() ?? null,
    date: m[4]?.replace(/\s+/g, " ") ?? null,
  };
}
