// The number literals of a JSON object's own fields, as written. JSON.parse gives `2.0` and `2` as one number, yet
// how a dump wrote a field is what tells a measurement (a score) from a count, a year or an id.

const QUOTE = 0x22;
const BACKSLASH = 0x5c;

/**
 * Each top-level field of `json` (the text of one JSON object, known to parse) whose value is a number, with the
 * number's literal. Nested objects and arrays are passed over whole; a name given twice keeps its last value, as
 * JSON.parse does.
 */
export function topLevelNumberLiterals(json: string): Map<string, string> {
  const literals = new Map<string, string>();
  let at = skipSpace(json, 0);
  if (json[at] !== "{") return literals;
  at = skipSpace(json, at + 1);
  while (json.charCodeAt(at) === QUOTE) {
    const nameEnd = stringEnd(json, at);
    const name = JSON.parse(json.slice(at, nameEnd)) as string;
    // Past the colon.
    const valueStart = skipSpace(json, skipSpace(json, nameEnd) + 1);
    const valueEnd = valueEndAt(json, valueStart);
    if (/[-\d]/.test(json[valueStart] ?? "")) literals.set(name, json.slice(valueStart, valueEnd));
    else literals.delete(name);
    at = skipSpace(json, valueEnd);
    if (json[at] !== ",") break;
    at = skipSpace(json, at + 1);
  }
  return literals;
}

/** JSON's whitespace: space, tab, line feed, carriage return. */
function skipSpace(json: string, at: number): number {
  while (at < json.length && " \t\n\r".includes(json[at] as string)) at++;
  return at;
}

/** The end of the string whose opening quote is at `at`: a loop, as a regex would backtrack over a long text. */
function stringEnd(json: string, at: number): number {
  for (let i = at + 1; i < json.length; i++) {
    const c = json.charCodeAt(i);
    if (c === BACKSLASH) i++;
    else if (c === QUOTE) return i + 1;
  }
  return json.length;
}

function valueEndAt(json: string, at: number): number {
  const first = json[at];
  if (first === '"') return stringEnd(json, at);
  if (first === "{" || first === "[") {
    let depth = 0;
    for (let i = at; i < json.length; i++) {
      const c = json[i];
      if (c === '"') i = stringEnd(json, i) - 1;
      else if (c === "{" || c === "[") depth++;
      else if ((c === "}" || c === "]") && --depth === 0) return i + 1;
    }
    return json.length;
  }
  // A number, true, false or null: up to the next separator.
  let i = at;
  while (i < json.length && !",}] \t\n\r".includes(json[i] as string)) i++;
  return i;
}
