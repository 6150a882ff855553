// Other layouts of the held-out texts (--flatten, --reflow): how much of each figure is layout.

/** One line: no line breaks, blank lines or runs of spaces for a detector to read. */
export function flatten(text: string): string {
  return text.replace(/\s+/g, " ").trim();
}

/** One line per paragraph, as assay writes its extractions and many JSON Lines corpora store text. */
export function reflow(text: string): string {
  return text
    .split(/\n[ \t]*\n\s*/)
    .map((block) => block.replace(/\s+/g, " ").trim())
    .filter(Boolean)
    .join("\n\n");
}
