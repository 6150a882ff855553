// A document's layout, built page by page: each page is reduced at once to ordered paragraphs of compact line
// summaries (runs are released); cross-page decisions (running headers, paragraphs that flow on to the next
// page, dehyphenation against the document's own vocabulary, title, structure offsets) are made in finish().
import { type ArxivStamp, holdsArxivId, parseMarginStamp } from "../../src/arxiv-id.js";
import { addVocabulary, endsInCutWord, joinsHyphenation } from "./dehyphenate.js";
import {
  headingRole,
  isLetteredHeading,
  isNamedHeading,
  isNumberedHeading,
  runInAbstractLength,
} from "./document-structure.js";
import { englishWords } from "./english-lexicon.js";
import { joinLetterSpacing } from "./letter-spacing.js";
import { FurnitureCounter, furnitureKey, furnitureSlot, isPageNumber } from "./page-furniture.js";
import { pageLines } from "./page-lines.js";
import { type LaidLine, type PageParagraphs, type Paragraph, readingOrder } from "./reading-order.js";
import type { LayoutResult, PageInput, SectionHeading, TextSpan } from "./types.js";

export class DocumentLayout {
  private readonly pages: PageParagraphs[] = [];
  private readonly furniture = new FurnitureCounter();
  private readonly vocabulary = new Set<string>();
  private arxiv: ArxivStamp | null = null;
  /** Review-copy line numbers dropped, counted with the furniture lines. */
  private lineNumbers = 0;

  addPage(page: PageInput): void {
    const geometry = pageLines(page);
    this.lineNumbers += geometry.lineNumbers;
    this.findStamp(geometry.rotated);
    const laid = readingOrder(geometry, page.height);
    const keys: string[] = [];
    for (const para of laid.body.concat(laid.footnotes)) {
      for (const line of para.lines) {
        if (line.edge) keys.push(furnitureKey(line.edge, line.text, line.size));
        addVocabulary(line.text, this.vocabulary);
      }
    }
    this.furniture.addPage(keys);
    this.pages.push(laid);
  }

  /**
   * Reads only the arXiv stamp of a page whose text comes from OCR, from the page's own text layer: the stamp is the
   * paper's arXiv id and version, and OCR reads the rotated stamp as debris.
   */
  addStampSource(textLayer: PageInput): void {
    if (this.arxiv === null) this.findStamp(pageLines(textLayer).rotated);
  }

  private findStamp(rotated: readonly { text: string }[]): void {
    for (const line of rotated) {
      if (this.arxiv !== null) return;
      this.arxiv = parseMarginStamp(line.text);
    }
  }

  finish(): LayoutResult {
    const writer = new TextWriter(this.vocabulary);
    let furnitureLines = this.lineNumbers;
    const repeated = (line: LaidLine) =>
      line.edge !== null && this.furniture.isRepeated(furnitureKey(line.edge, line.text, line.size));
    const slots = new Set<string>();
    for (const page of this.pages) {
      for (const para of page.body.concat(page.footnotes)) {
        for (const line of para.lines) {
          if (line.edge && repeated(line)) slots.add(furnitureSlot(line.edge, line.y, line.size));
        }
      }
    }
    const isFurniture = (line: LaidLine) =>
      line.margin ||
      (line.edge !== null &&
        (isPageNumber(line.text) || repeated(line) || slots.has(furnitureSlot(line.edge, line.y, line.size))));

    let title: string | null = null;
    const sequence: Paragraph[] = [];
    for (let p = 0; p < this.pages.length; p++) {
      const page = this.pages[p];
      if (!page) continue;
      const keep = (para: Paragraph): Paragraph | null => {
        const lines = para.lines.filter((l) => !isFurniture(l));
        furnitureLines += para.lines.length - lines.length;
        return lines.length === 0 ? null : { ...para, lines };
      };
      const body = page.body.map(keep).filter((x): x is Paragraph => x !== null);
      if (p === 0) {
        title = largestText(body, this.vocabulary);
        frontMatterAsText(body);
      }
      sequence.push(...body, ...page.footnotes.map(keep).filter((x): x is Paragraph => x !== null));
    }
    for (const para of withInterruptionsAfter(sequence)) writer.paragraph(para);
    return { ...writer.finish(), title, arxiv: this.arxiv, furnitureLines };
  }
}

/**
 * Captions and footnotes that a column or page turn set inside a sentence ("tasks have also / Figure 1. Training
 * error ... / greatly benefited") moved after the paragraph they cut: a text paragraph left open (its last line full,
 * or its sentence unfinished) takes the text paragraph after the captions and footnotes when that one goes on with its
 * sentence (in lower case, and starting its column without indent or finishing a word cut at the line end). A
 * capital is left where it is: figure debris before a "Theorem 1." set without indent would take it in.
 */
function withInterruptionsAfter(paragraphs: readonly Paragraph[]): Paragraph[] {
  const out = [...paragraphs];
  for (let i = 0; i < out.length; i++) {
    const cut = out[i] as Paragraph;
    const lastLine = cut.lines[cut.lines.length - 1]?.text ?? "";
    // A lone line is no paragraph a turn cut: a running head OCR left, a figure's label
    if (cut.kind !== "text" || cut.lines.length < 2) continue;
    if (!(cut.endsFull || !endsSentence(lastLine) || endsInCutWord(lastLine))) continue;
    let next = i + 1;
    while (out[next]?.kind === "caption" || out[next]?.kind === "footnote") next++;
    const rest = out[next];
    if (next === i + 1 || rest?.kind !== "text") continue;
    const first = rest.lines[0]?.text ?? "";
    const lower = first.charCodeAt(0) >= 97 && first.charCodeAt(0) <= 122;
    if (lower && (rest.continues || endsInCutWord(lastLine))) out.splice(i + 1, 0, ...out.splice(next, 1));
  }
  return out;
}

/**
 * On page 1, large text before the first numbered or named heading is the title and author block, not a
 * section heading.
 */
function frontMatterAsText(body: Paragraph[]): void {
  for (const para of body) {
    if (para.kind !== "heading") continue;
    const text = para.lines.map((l) => l.text).join(" ");
    if (isNamedHeading(text) || isNumberedHeading(text)) return;
    para.kind = "text";
  }
}

/** Longer than any paper's title: a paragraph this long in the largest type is an abstract an OCR'd page sized alike. */
const MAX_TITLE_CHARS = 300;
/**
 * Lines within this share of the title's size are set in its type. A text layer gives a title's lines one size; OCR
 * measures each line apart, and a title's two lines came out 3-5% apart on the scanned set ("BERT: ... Transformers
 * for" 27.8, "Language Understanding" 27.0), where the half point once asked of them cut the title short.
 */
const TITLE_SIZE_TOLERANCE = 0.06;
/** A title goes on in a paragraph of its type whose first line is at most this far below its last (in sizes). */
const TITLE_LINE_GAP_EM = 1.6;

/**
 * The title: the largest text on page 1 with its same-size neighbour lines, if that is title-like; else the next
 * largest. A line holds a word of three letters or more and no arXiv id (an OCR'd arXiv stamp's "[cs.CL]" or
 * "arXiv:1810.04805v1" is the largest text on some scans), and the title is no longer than MAX_TITLE_CHARS.
 */
function largestText(body: Paragraph[], vocabulary: ReadonlySet<string>): string | null {
  // A stable sort: of lines in one size, the first on the page comes first.
  const candidates = body
    .flatMap((para, at) => para.lines.filter((line) => isTitleLike(line.text)).map((line) => ({ at, size: line.size })))
    .sort((a, b) => b.size - a.size);
  for (const { at, size } of candidates) {
    const title = linesOfSize(titleLines(body, at, size), size, vocabulary);
    if (title.length > 0 && title.length <= MAX_TITLE_CHARS) return title;
  }
  return null;
}

/**
 * The lines of paragraph `at` with those of the paragraphs in the title's type that follow on right above or below
 * it: a badge beside a title ("Check for updates") can cut the title's block in two.
 */
function titleLines(body: Paragraph[], at: number, size: number): LaidLine[] {
  const title = [body[at] as Paragraph];
  const others = body.filter((para, i) => i !== at && para.lines.every((line) => ofSize(line, size)));
  /** How far (in sizes) the lower paragraph's first line sits below the upper one's last. */
  const gap = (upper: Paragraph, lower: Paragraph) =>
    ((upper.lines.at(-1) as LaidLine).y - (lower.lines[0] as LaidLine).y) / size;
  const next = (distance: (para: Paragraph) => number) =>
    others.find((para) => !title.includes(para) && distance(para) > 0 && distance(para) <= TITLE_LINE_GAP_EM);
  const above = (para: Paragraph) => gap(para, title[0] as Paragraph);
  const below = (para: Paragraph) => gap(title.at(-1) as Paragraph, para);
  for (let para = next(above); para; para = next(above)) title.unshift(para);
  for (let para = next(below); para; para = next(below)) title.push(para);
  return title.flatMap((para) => para.lines);
}

function ofSize(line: LaidLine, size: number): boolean {
  return Math.abs(line.size - size) <= Math.max(0.5, TITLE_SIZE_TOLERANCE * size);
}

function isTitleLike(text: string): boolean {
  return countLetters(text) >= 4 && /\p{L}{3}/u.test(text) && !holdsArxivId(text);
}

/** The lines in type of `size` (or larger), joined across line ends and hyphenation. */
function linesOfSize(lines: readonly LaidLine[], size: number, vocabulary: ReadonlySet<string>): string {
  let title = "";
  for (const line of lines) {
    if (line.size < size && !ofSize(line, size)) continue;
    const broken = endsInCutWord(title);
    if (broken && joinsHyphenation(title, line.text, vocabulary, englishWords()))
      title = title.slice(0, -1) + line.text;
    else title += title.length === 0 || broken ? line.text : ` ${line.text}`;
  }
  return title.trim();
}

function countLetters(text: string): number {
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i) | 32;
    if (c >= 97 && c <= 122) n++;
  }
  return n;
}

export const MAX_ABSTRACT_PARAGRAPHS = 4;

function endsSentence(text: string): boolean {
  const last = text[text.length - 1];
  return last === "." || last === "?" || last === "!" || last === ":";
}

/** Writes paragraphs as text (blank line between paragraphs) and records structure offsets. */
class TextWriter {
  private text = "";
  private current = "";
  private currentStart = 0;
  private last: Paragraph | null = null;
  private readonly headings: SectionHeading[] = [];
  private abstract: TextSpan | null = null;
  private abstractOpen = false;
  private abstractParagraphs = 0;
  private references: number | null = null;
  private acknowledgements: number | null = null;
  private appendix: number | null = null;
  private readonly lexicon = englishWords();
  /** End of a paragraph cut after "appro-" by a page turn, with captions or footnotes in between; else -1. */
  private brokenAt = -1;
  private headingsAtBreak = 0;

  constructor(private readonly vocabulary: ReadonlySet<string>) {}

  paragraph(para: Paragraph): void {
    if (para.kind === "code") {
      this.code(para);
      return;
    }
    const last = this.last;
    const firstLine = para.lines[0]?.text ?? "";
    const lower = firstLine.charCodeAt(0) >= 97 && firstLine.charCodeAt(0) <= 122;
    // A column or page that starts without indent continues the paragraph that filled the previous one (or, in
    // ragged-right text, that stopped without ending its sentence).
    const lastLine = last?.lines[last.lines.length - 1]?.text ?? "";
    const open = last?.kind === "text" && (last.endsFull || !endsSentence(lastLine));
    // "pos-" then "terior Q." a line lower: a word cut at a line end never ends a paragraph, whatever the gap.
    const cutWord = last?.kind === "text" && lower && endsInCutWord(lastLine);
    const flowsOn = para.kind === "text" && ((para.continues && open) || cutWord);
    if (!flowsOn) this.flush();
    let lines = para.lines.map((l) => l.text);
    if (!flowsOn && para.kind === "text" && para.continues && lower) lines = this.mendBrokenWord(lines);
    for (const line of lines) this.appendLine(joinLetterSpacing(line, this.lexicon, this.vocabulary));
    this.last = para;
    if (para.kind === "heading") {
      this.flush();
      this.onHeading(this.headings[this.headings.length - 1]?.title ?? "");
    }
  }

  /** Code is a paragraph of its own, its lines as set: no joining, no dehyphenation, no letter-spacing repair. */
  private code(para: Paragraph): void {
    this.flush();
    this.appendLine(para.lines.map((line) => line.text).join("\n"));
    this.last = para;
    this.flush();
  }

  /**
   * A word hyphenated across a page turn, with a float caption or footnotes between its halves, is completed
   * where it started; the rest of the paragraph goes on after the interruption.
   */
  private mendBrokenWord(lines: string[]): string[] {
    const at = this.brokenAt;
    this.brokenAt = -1;
    const first = lines[0];
    if (at < 0 || first === undefined || this.headings.length !== this.headingsAtBreak) return lines;
    let end = 0;
    while (end < first.length && first[end] !== " ") end++;
    const word = first.slice(0, end);
    const lineEnd = this.text.slice(Math.max(0, at - 80), at);
    const joined = joinsHyphenation(lineEnd, word, this.vocabulary, this.lexicon);
    this.text = this.text.slice(0, joined ? at - 1 : at) + word + this.text.slice(at);
    const shift = word.length - (joined ? 1 : 0);
    if (this.abstract && this.abstract.end >= at) this.abstract.end += shift;
    const rest = first.slice(end + 1);
    return rest.length > 0 ? [rest, ...lines.slice(1)] : lines.slice(1);
  }

  private appendLine(line: string): void {
    const cur = this.current;
    if (cur.length === 0) {
      this.currentStart = this.text.length + (this.text.length > 0 ? 2 : 0);
      this.current = line;
      return;
    }
    if (endsInCutWord(cur)) {
      this.current = joinsHyphenation(cur, line, this.vocabulary, this.lexicon) ? cur.slice(0, -1) + line : cur + line;
    } else {
      this.current = `${cur} ${line}`;
    }
  }

  private flush(): void {
    if (this.current.length === 0) return;
    const start = this.currentStart;
    if (this.last?.kind === "heading" && this.headings[this.headings.length - 1]?.offset !== start) {
      this.headings.push({ title: this.current, offset: start });
    } else if (this.abstract === null && this.headings.length <= 1) {
      const runIn = runInAbstractLength(this.current);
      if (runIn > 0) {
        this.abstract = { start: start + runIn, end: start + this.current.length };
        this.abstractOpen = true;
      }
    }
    this.text += (this.text.length > 0 ? "\n\n" : "") + this.current;
    if (this.last?.kind === "text") {
      const cut = this.last.endsFull && endsInCutWord(this.current);
      this.brokenAt = cut ? this.text.length : -1;
      this.headingsAtBreak = this.headings.length;
    }
    this.current = "";
    if (this.abstractOpen && this.abstract && this.last?.kind === "text") {
      this.abstract.end = this.text.length;
      // An abstract is a few paragraphs; without a following heading, stop there rather than run on.
      if (++this.abstractParagraphs >= MAX_ABSTRACT_PARAGRAPHS) this.abstractOpen = false;
    }
  }

  private onHeading(title: string): void {
    const offset = this.headings[this.headings.length - 1]?.offset ?? this.text.length;
    if (this.abstractOpen) this.abstractOpen = false;
    const role = headingRole(title);
    if (role === "abstract" && this.abstract === null) {
      const start = this.text.length + 2;
      this.abstract = { start, end: start };
      this.abstractOpen = true;
    } else if (role === "references" && this.references === null) {
      this.references = offset;
    } else if (role === "acknowledgements" && this.acknowledgements === null) {
      this.acknowledgements = offset;
    } else if (
      this.appendix === null &&
      (role === "appendix" || (this.references !== null && isLetteredHeading(title)))
    ) {
      this.appendix = offset;
    }
  }

  finish(): Omit<LayoutResult, "title" | "arxiv" | "furnitureLines"> {
    this.flush();
    const abstract = this.abstract && this.abstract.end > this.abstract.start ? this.abstract : null;
    return {
      text: this.text,
      abstract,
      headings: this.headings,
      referencesOffset: this.references,
      acknowledgementsOffset: this.acknowledgements,
      appendixOffset: this.appendix,
    };
  }
}
