// What a heading means for the document's structure: abstract, references, acknowledgements, appendix.

export type HeadingRole = "abstract" | "references" | "acknowledgements" | "appendix" | null;

const NUMBERING = /^(\d{1,2}(\.\d{1,2})*\.?|[A-Z](\.\d{1,2})*\.?|[IVX]{1,5}\.)\s+/;
const NUMBERED_HEADING = /^(\d{1,2}(\.\d{1,2})*\.?|[A-Z](\.\d{1,2})+\.?|[IVX]{1,5}\.|[A-H]\.?)\s+[A-Z]/;
const NAMED_HEADING =
  /^(abstract|introduction|related work|background|conclusions?|discussion|references|bibliography|acknowledge?ments?|appendix|appendices|supplementary material)$/i;

/** "3 Method", "2.1 Setup", "IV. RESULTS", "B.2 Proofs". */
export function isNumberedHeading(text: string): boolean {
  return NUMBERED_HEADING.test(text);
}

/** A heading known by its words alone: "Abstract", "5. Conclusions", "REFERENCES". */
export function isNamedHeading(text: string): boolean {
  return NAMED_HEADING.test(text.replace(NUMBERING, "").trim());
}

/** The heading's words without its numbering, lower-cased. */
export function headingName(text: string): string {
  return text.replace(NUMBERING, "").trim().toLowerCase();
}

export function headingRole(text: string): HeadingRole {
  const name = headingName(text);
  if (name === "abstract") return "abstract";
  if (name === "references" || name === "bibliography" || name === "literature cited" || name === "works cited") {
    return "references";
  }
  if (name.startsWith("acknowledg")) return "acknowledgements";
  if (
    name.startsWith("appendix") ||
    name.startsWith("appendices") ||
    name.startsWith("supplementary material") ||
    name.startsWith("supplemental material")
  ) {
    return "appendix";
  }
  return null;
}

/** A paragraph opening with a run-in "Abstract" ("Abstract—We ...", "Abstract. We ...", "ABSTRACT: ..."). */
export function runInAbstractLength(text: string): number {
  if (text.length < 9 || text.slice(0, 8).toLowerCase() !== "abstract") return 0;
  let i = 8;
  const c = text[i];
  if (c !== " " && c !== "." && c !== ":" && c !== "\u2014" && c !== "\u2013" && c !== "-") return 0;
  while (i < text.length && " .:\u2014\u2013-".includes(text[i] ?? "")) i++;
  return i;
}

/** Appendix sections after the references are often lettered: "A Proofs", "B.1 Setup". */
export function isLetteredHeading(text: string): boolean {
  return /^[A-H](\.\d{1,2})*\.?\s+[A-Z]/.test(text);
}
