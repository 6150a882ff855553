// Character error rate of OCR text against a reference: edit distance over reference length, after normalising what
// neither OCR nor pdftotext gets "wrong" (Unicode compatibility forms, quote and dash styles, line-end hyphenation,
// whitespace). Reading order still counts: text read out of order costs edits, as it costs a reader.

export function normalizeForCer(text: string): string {
  return text
    .normalize("NFKC")
    .replace(/[\u2018\u2019\u201a\u2032]/g, "'")
    .replace(/[\u201c\u201d\u201e\u2033]/g, '"')
    .replace(/[\u2010-\u2015\u2212]/g, "-")
    .replace(/-[ \t]*\r?\n[ \t]*(?=\S)/g, "")
    .replace(/\s+/g, " ")
    .trim();
}

/** Levenshtein distance in O(|b|) memory. */
export function editDistance(a: string, b: string): number {
  if (a.length === 0) return b.length;
  let prev = new Int32Array(b.length + 1);
  let cur = new Int32Array(b.length + 1);
  for (let j = 0; j <= b.length; j++) prev[j] = j;
  for (let i = 1; i <= a.length; i++) {
    cur[0] = i;
    const ca = a.charCodeAt(i - 1);
    for (let j = 1; j <= b.length; j++) {
      const substitute = (prev[j - 1] as number) + (ca === b.charCodeAt(j - 1) ? 0 : 1);
      const remove = (prev[j] as number) + 1;
      const insert = (cur[j - 1] as number) + 1;
      cur[j] = Math.min(substitute, remove, insert);
    }
    [prev, cur] = [cur, prev];
  }
  return prev[b.length] as number;
}

export function characterErrorRate(hypothesis: string, reference: string): number {
  const ref = normalizeForCer(reference);
  const hyp = normalizeForCer(hypothesis);
  return ref.length === 0 ? (hyp.length === 0 ? 0 : 1) : editDistance(hyp, ref) / ref.length;
}
