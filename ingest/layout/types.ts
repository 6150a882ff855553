// The seam between PDF parsing (pdf.js text layer or OCR words) and reading-order layout.
import type { ArxivStamp } from "../../src/arxiv-id.js";

/** One positioned run of text on a page, in PDF user space (origin bottom-left, y up). */
export interface TextRun {
  str: string;
  /** pdf.js transform [a, b, c, d, e, f]: e,f is the baseline origin; a,b,c,d give scale and rotation. */
  transform: readonly number[];
  width: number;
  height: number;
  fontName: string;
  hasEOL: boolean;
  /** OCR word confidence 0..100; absent for text-layer runs. */
  confidence?: number;
}

export interface FontStyle {
  fontFamily: string;
  /** The font's PostScript name (`ABCDEF+CMTT10`), passed on by an ingest edit of pdf.js; absent for OCR. */
  assayFontName?: string;
  ascent: number;
  descent: number;
  vertical: boolean;
}

export interface PageInput {
  /** 1-based page number. */
  pageNumber: number;
  /** Page box size in PDF units (points). */
  width: number;
  height: number;
  runs: TextRun[];
  styles: Record<string, FontStyle>;
  /** An OCR'd page's clockwise skew in degrees, its scan turned straight before reading; absent when not turned. */
  deskewDegrees?: number;
}

/** A section heading kept in the text on its own line; `offset` is its char offset in LayoutResult.text. */
export interface SectionHeading {
  title: string;
  offset: number;
}

/** Half-open char range [start, end) in LayoutResult.text. */
export interface TextSpan {
  start: number;
  end: number;
}

export interface LayoutResult {
  /** Reading-order text of the whole document; paragraphs separated by blank lines. */
  text: string;
  title: string | null;
  arxiv: ArxivStamp | null;
  /** The abstract's body (without its "Abstract" heading), when one was found. */
  abstract: TextSpan | null;
  headings: SectionHeading[];
  /** Offsets of back matter headings, so a config switch can cut them: text.slice(0, referencesOffset). */
  referencesOffset: number | null;
  acknowledgementsOffset: number | null;
  appendixOffset: number | null;
  /** Lines removed as running headers/footers, page numbers and repeated banners. */
  furnitureLines: number;
}
