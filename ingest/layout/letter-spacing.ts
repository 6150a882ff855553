// Letter-spaced headings ("A B S T R A C T") that reach us as spaced single letters: rejoin a run of three or
// more single letters when the joined form is a known word. Geometry already handles per-glyph runs
// (line-text.ts); this catches text where the producer itself wrote the spaces.

export const MIN_SPACED_LETTERS = 3;

function isLetter(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}

export function joinLetterSpacing(line: string, words: ReadonlySet<string>, vocabulary: ReadonlySet<string>): string {
  let singles = 0;
  for (let i = 0; i < line.length; i++) {
    const before = i === 0 || line.charCodeAt(i - 1) === 32;
    const after = i + 1 === line.length || line.charCodeAt(i + 1) === 32;
    if (before && after && isLetter(line.charCodeAt(i))) singles++;
  }
  if (singles < MIN_SPACED_LETTERS) return line;

  const tokens = line.split(" ");
  const out: string[] = [];
  let run: string[] = [];
  const flush = () => {
    const joined = run.join("");
    const lower = joined.toLowerCase();
    if (run.length >= MIN_SPACED_LETTERS && (words.has(lower) || vocabulary.has(lower))) out.push(joined);
    else out.push(...run);
    run = [];
  };
  for (const token of tokens) {
    if (token.length === 1 && isLetter(token.charCodeAt(0))) run.push(token);
    else {
      flush();
      out.push(token);
    }
  }
  flush();
  return out.join(" ");
}
