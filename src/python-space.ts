// Python's str.isspace() set: what `str.split()` splits on, `\s` in Python's re matches and str.strip() strips. JS `\s`
// differs on \x1c-\x1f and \x85 (Python's), and \ufeff (JS's). Token counts and datatrove's normalisation follow
// Python, which the users' tools and the reference results are written in.

/** The set as a regular-expression character class body. */
export const PYTHON_SPACE_CLASS =
  "\\t\\n\\v\\f\\r \\x1c-\\x1f\\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000";

const PYTHON_SPACE = new RegExp(`[${PYTHON_SPACE_CLASS}]`);
const SPACE_CODES = new Uint8Array(0x3001);
for (let code = 0; code < SPACE_CODES.length; code++)
  if (PYTHON_SPACE.test(String.fromCharCode(code))) SPACE_CODES[code] = 1;

export function isPythonSpace(code: number): boolean {
  return code < SPACE_CODES.length && SPACE_CODES[code] === 1;
}

/**
 * Whitespace-separated tokens, as Python's `len(text.split())` counts them: a row's `n_words` and the unit of the
 * tiers' token totals (stats.json's `tier_tokens`, `--keep-tokens`), so the one is the sum of the other.
 */
export function countTokens(text: string): number {
  let n = 0;
  let inWord = false;
  for (let i = 0; i < text.length; i++) {
    const space = isPythonSpace(text.charCodeAt(i));
    if (!space && !inWord) n++;
    inWord = !space;
  }
  return n;
}
