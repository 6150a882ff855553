// A page of forms nested to draw 2^30 forms with text (3 KB of PDF) held its document for the whole of
// ingest.timeoutSeconds and lost the good pages with it. A page now reads at most MAX_FORMS_PER_PAGE such forms (its
// operator list, MAX_STREAMS_PER_OPERATOR_LIST forms, soft masks and patterns) and is then damaged, the rest of the
// document read as usual. So is a page whose content inflates to hundreds of MB of text (found by fuzzing: 600 MB ran
// a 4 GB heap out after three minutes), past MAX_CHARS_PER_PAGE characters shown or MAX_OPERATORS_PER_PAGE listed, and
// one whose stream inflates past MAX_DECODED_STREAM_BYTES of anything (1.5 GB of spaces held a thread 46 s at 2.8 GB).
import { deflateSync } from "node:zlib";
import { PDFDocument, PDFName, PDFRawStream, type PDFRef, StandardFonts } from "pdf-lib";
import { beforeAll, describe, expect, it } from "vitest";
import type { extractPdf as ExtractPdf, openPdf as OpenPdf } from "../../ingest/pdf.js";
import { loadPdfjsThread } from "../../ingest/pdfjs-thread.js";
import {
  MAX_CHARS_PER_PAGE,
  MAX_DECODED_STREAM_BYTES,
  MAX_OPERATORS_PER_PAGE,
} from "../../ingest/pdfjs-worker-edits.js";

let extractPdf: typeof ExtractPdf;
let openPdf: typeof OpenPdf;
beforeAll(async () => {
  ({ extractPdf, openPdf } = await loadPdfjsThread(() => import("../../ingest/pdf.js")));
});

const PROSE = "We show that the training loss of a wide network falls at a linear rate under gradient descent.";

type Resources = Record<string, unknown>;

/**
 * A two-page PDF: page 1 holds PROSE; page 2 is what `build` returns (its content and resources), given a maker of
 * form XObjects (`extra`: more of their dictionary) and the font's reference.
 */
async function withBombPage(
  build: (
    form: (content: string, resources: Resources, extra?: Resources) => PDFRef,
    font: PDFRef,
    doc: PDFDocument,
  ) => [string, Resources],
): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  const form = (content: string, resources: Resources, extra: Resources = {}): PDFRef =>
    doc.context.register(
      doc.context.stream(content, {
        Type: "XObject",
        Subtype: "Form",
        BBox: [0, 0, 10, 10],
        Resources: resources as never,
        ...extra,
      }),
    );
  const page = (content: string, resources: Resources) => {
    const pdfPage = doc.addPage([612, 792]);
    pdfPage.node.set(PDFName.of("Resources"), doc.context.obj(resources as never));
    pdfPage.node.set(PDFName.of("Contents"), doc.context.register(doc.context.stream(content)));
  };
  page(`BT /F1 10 Tf 72 700 Td (${PROSE}) Tj ET`, { Font: { F1: font.ref } });
  page(...build(form, font.ref, doc));
  return doc.save();
}

/** Page 2 draws a form that draws the next twice, `depth` deep, down to one holding "x". */
function formBomb(depth: number): Promise<Uint8Array> {
  return withBombPage((form, font) => {
    let drawn = form("BT /F1 10 Tf 0 0 Td (x) Tj ET", { Font: { F1: font } });
    for (let level = 0; level < depth; level++) drawn = form("/Fo Do /Fo Do", { XObject: { Fo: drawn } });
    return ["/Fo Do", { XObject: { Fo: drawn } }];
  });
}

/**
 * Page 2, a caption short enough to be looked at for a scan's images, paints through a soft mask whose group sets the
 * next one twice, `depth` deep: the operator list reads 2^depth groups, none of them a form drawn.
 */
function maskBomb(depth: number): Promise<Uint8Array> {
  return withBombPage((form, font, doc) => {
    const group = (content: string, resources: Resources) =>
      form(content, resources, { Group: { S: "Transparency", CS: "DeviceGray" } });
    const masked = (g: PDFRef) =>
      doc.context.register(doc.context.obj({ Type: "ExtGState", SMask: { Type: "Mask", S: "Luminosity", G: g } }));
    let state = masked(group("0 0 10 10 re f", {}));
    for (let level = 0; level < depth; level++)
      state = masked(group("/Gs gs 0 0 1 1 re f /Gs gs 0 0 1 1 re f", { ExtGState: { Gs: state } }));
    return [
      "q /Gs gs 0 0 100 100 re f Q BT /F1 10 Tf 72 700 Td (Figure 2) Tj ET",
      { Font: { F1: font }, ExtGState: { Gs: state } },
    ];
  });
}

/** Page 2 draws a form whose content is `content` deflated (`level`), its font F1. */
function inflatingFormPage(content: Buffer, level: number): Promise<Uint8Array> {
  return withBombPage((_form, font, doc) => {
    const deflated = deflateSync(content, { level });
    const dict = doc.context.obj({
      Type: "XObject",
      Subtype: "Form",
      BBox: [0, 0, 10, 10],
      Resources: { Font: { F1: font } },
      Filter: "FlateDecode",
      Length: deflated.length,
    });
    return ["/Fo Do", { XObject: { Fo: doc.context.register(PDFRawStream.of(dict, deflated)) } }];
  });
}

/** Page 2's form shows "x" and then inflates to `bytes` of spaces: nothing to show, nothing to list. */
function spaceBomb(bytes: number): Promise<Uint8Array> {
  return inflatingFormPage(
    Buffer.concat([Buffer.from("BT /F1 10 Tf 1 1 Td (x) Tj ET\n"), Buffer.alloc(bytes, 0x20)]),
    1,
  );
}

/**
 * Page 2's form inflates to `units` text objects of 24 letters each (51 bytes): a few hundred KB of PDF that is tens
 * of MB of text to show and of operators to list.
 */
function textBomb(units: number): Promise<Uint8Array> {
  return inflatingFormPage(Buffer.from("BT /F1 1 Tf 1 1 Td (aaaaaaaaaaaaaaaaaaaaaaaa) Tj ET\n".repeat(units)), 9);
}

const OPTIONS = { maxPages: 5, copyProtected: "extract", ocr: "never", dropSections: [] } as const;

describe("a page whose content inflates to tens of MB of text", () => {
  // 1,000,000 text objects: 24 million characters, 5 million operators, from ~120 KB of PDF. A copy for each
  // reading: pdf.js takes the bytes it is given.
  const made = textBomb(1_000_000);
  const bomb = async () => (await made).slice();

  it("is read as damaged, and the document's other pages are kept", async () => {
    const result = await extractPdf(await bomb(), OPTIONS);
    if (!result.ok) throw new Error(`${result.reason}: ${result.detail}`);
    expect(result.value.text).toContain(PROSE);
    expect(result.value.damagedPages).toEqual([2]);
  }, 60_000);

  // Each pass over the page stops at its own limit, so neither holds the document for minutes at gigabytes.
  it("shows at most MAX_CHARS_PER_PAGE of its characters, and lists at most MAX_OPERATORS_PER_PAGE operators", async () => {
    const pdf = await openPdf(await bomb());
    try {
      const page = await pdf.getPage(2);
      const shown = (await page.getTextContent()).items.reduce(
        (n, item) => n + ("str" in item ? item.str.length : 0),
        0,
      );
      expect(shown).toBeLessThanOrEqual(MAX_CHARS_PER_PAGE);
      expect(shown).toBeGreaterThan(MAX_CHARS_PER_PAGE / 2);
      const listed = (await page.getOperatorList()).fnArray.length;
      // Operators read, not entries listed: pdf.js lists a few of its own beside them (the form's begin and end).
      expect(listed).toBeLessThan(1.01 * MAX_OPERATORS_PER_PAGE);
      expect(listed).toBeGreaterThan(MAX_OPERATORS_PER_PAGE / 2);
    } finally {
      await pdf.destroy();
    }
  }, 60_000);
});

describe("a page that draws forms without end", () => {
  // Forms holding text meet the text content's limit; soft masks, on a page looked at for a scan's images, the
  // operator list's.
  it.each([
    ["forms", formBomb],
    ["soft masks", maskBomb],
  ])(
    "is read as damaged, and the document's other pages are kept (nested %s)",
    async (_, bomb) => {
      const result = await extractPdf(await bomb(30), OPTIONS);
      if (!result.ok) throw new Error(`${result.reason}: ${result.detail}`);
      expect(result.value.text).toContain(PROSE);
      expect(result.value.damagedPages).toEqual([2]);
    },
    60_000,
  );
});

describe("a page whose stream inflates past MAX_DECODED_STREAM_BYTES", () => {
  it("is read as damaged, and the document's other pages are kept", async () => {
    // 1 MB past the limit: ~250 KB of PDF.
    const result = await extractPdf(await spaceBomb(MAX_DECODED_STREAM_BYTES + 2 ** 20), OPTIONS);
    if (!result.ok) throw new Error(`${result.reason}: ${result.detail}`);
    expect(result.value.text).toContain(PROSE);
    expect(result.value.damagedPages).toEqual([2]);
  }, 120_000);
});
