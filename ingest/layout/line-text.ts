// A line from a row's runs (or one column's share of them): its text, with spaces where the gaps say there are
// words, scripts put back after their word, and its size and baseline those of its text rather than of its scripts.

import { composeAccents } from "./accents.js";
import type { Column, Line, Piece } from "./page-lines.js";
import { SCRIPT_SIZE_RATIO } from "./rows.js";
import { SPACE_GAP_EM, TABLE_GAP_EM } from "./run-gaps.js";
import { withTypewriterText } from "./typewriter-lines.js";

/** A line of prose text, with its code text too when the row is set in a typewriter font. */
export function makeLine(row: Piece[], column: Column): Line {
  return withTypewriterText(row, proseLine(row, column));
}

function proseLine(row: Piece[], column: Column): Line {
  // Letter-spaced fonts come as one run per glyph with a steady gap; words are then gaps wider than that. Counted in
  // characters, not runs: a line of inline mathematics is mostly one-glyph runs too ("where", "x", "∈", "R", "d",
  // "is the input,"), and taking its math spacing for letter spacing glued its words ("wherex∈Rdis the input").
  let spaceGap = -1;
  let singleChars = 0;
  let chars = 0;
  for (const p of row) {
    chars += p.str.length;
    if (p.str.length === 1) singleChars++;
  }
  const gaps: number[] = [];
  if (row.length >= 4 && singleChars >= 0.6 * chars) {
    for (let i = 1; i < row.length; i++) gaps.push((row[i]?.x0 ?? 0) - (row[i - 1]?.x1 ?? 0));
    gaps.sort((p, q) => p - q);
    spaceGap = (gaps[gaps.length >> 1] ?? 0) + SPACE_GAP_EM * (row[0]?.size ?? 10);
  }

  let text = "";
  let size = 0;
  let longest = 0;
  let wideGaps = 0;
  let prev: Piece | null = null;
  for (const p of row) {
    // The line's size is that of its longest piece: a big operator or a script must not change it.
    if (p.str.length > longest) {
      longest = p.str.length;
      size = p.size;
    }
    if (prev) {
      const gap = p.x0 - prev.x1;
      const em = Math.min(p.size, prev.size);
      if (gap > TABLE_GAP_EM * em) wideGaps++;
      const threshold = spaceGap >= 0 ? Math.max(spaceGap, SPACE_GAP_EM * em) : SPACE_GAP_EM * em;
      const hasSpace = text.endsWith(" ") || p.str.startsWith(" ");
      if (gap > threshold && !hasSpace) text += " ";
    }
    if (prev && p.x1 <= prev.x1 && p.size < SCRIPT_SIZE_RATIO * prev.size && prev.x1 > prev.x0) {
      // A script drawn after the run it sits in (the run was merged from many words): put it after the word
      // at its x, estimated from its share of the run's width.
      const share = (p.x0 - prev.x0) / (prev.x1 - prev.x0);
      const runStart = text.length - prev.str.length;
      const estimate = runStart + Math.round(share * prev.str.length);
      let after = estimate;
      while (after < text.length && text[after] !== " ") after++;
      let before = Math.min(estimate, text.length);
      while (before > runStart && text[before - 1] !== " ") before--;
      // Nearest word end: the space after this word, or the one before it (minus the space itself).
      const at = before > runStart && estimate - (before - 1) < after - estimate ? before - 1 : after;
      text = text.slice(0, at) + p.str + text.slice(at);
      continue;
    }
    text += p.str;
    prev = p;
  }
  const first = row[0];
  const last = row[row.length - 1];
  // Baseline of the largest piece: scripts must not move the line.
  let y = first?.y ?? 0;
  for (const p of row) if (p.size === size) y = p.y;
  return {
    text: collapseSpaces(composeAccents(text)),
    x0: first?.x0 ?? 0,
    x1: last?.x1 ?? 0,
    y,
    size,
    column,
    wideGaps,
    edge: null,
    margin: false,
    charWidth: 0,
    codeText: "",
    link: false,
  };
}

export function collapseSpaces(text: string): string {
  let out = "";
  let space = true;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i] ?? "";
    if (ch === " ") {
      if (!space) out += " ";
      space = true;
    } else {
      out += ch;
      space = false;
    }
  }
  return out.endsWith(" ") ? out.slice(0, -1) : out;
}
