// hOCR as tesseract 5 writes it: lines of every role with their baselines and row heights, words with confidences.
import { describe, expect, it } from "vitest";
import { hocrLines } from "../../../ingest/ocr/hocr.js";
import { hocrPageInput, MIN_LINE_CONFIDENCE } from "../../../ingest/ocr/hocr-runs.js";
import type { GrayRaster } from "../../../ingest/ocr/page-raster.js";

const HOCR = `  <div class='ocr_page' id='page_1' title='image "unknown"; bbox 0 0 1716 2212; ppageno 0; scan_res 70 70'>
   <div class='ocr_carea' id='block_1_1' title="bbox 260 354 1400 611">
    <p class='ocr_par' id='par_1_1' lang='eng' title="bbox 260 354 1400 611">
     <span class='ocr_header' id='line_1_1' title="bbox 263 354 1400 385; baseline 0.007 -11; x_size 27; x_descenders 6; x_ascenders 7">
      <span class='ocrx_word' id='word_1_1' title='bbox 263 354 343 375; x_wconf 16'>Rock&amp;Roll</span>
      <span class='ocrx_word' id='word_1_2' title='bbox 355 354 547 381; x_wconf 90'>&lt;x&gt;&#39;s</span>
     </span>
    </p>
   </div>
   <div class='ocr_photo' id='block_1_2' title="bbox 100 700 900 1200"></div>
   <div class='ocr_carea' id='block_1_3' title="bbox 260 1300 1400 1400">
    <p class='ocr_par' id='par_1_3' lang='eng' title="bbox 260 1300 1400 1400">
     <span class='ocr_line' id='line_1_3' title="bbox 263 1300 700 1330; x_size 0">
      <span class='ocrx_word' id='word_1_3' title='bbox 263 1300 400 1330; x_wconf 95'>second</span>
     </span>
    </p>
   </div>
  </div>
`;

describe("hocrLines", () => {
  const lines = hocrLines(HOCR);

  it("reads every text line in order, whatever its role, and skips non-text blocks", () => {
    expect(lines.map((l) => l.words.map((w) => w.text))).toEqual([["Rock&Roll", "<x>'s"], ["second"]]);
  });

  it("keeps boxes, baseline, row height and confidence", () => {
    const [first, second] = lines;
    expect(first?.bbox).toEqual({ x0: 263, y0: 354, x1: 1400, y1: 385 });
    expect(first?.baseline).toEqual({ slope: 0.007, offset: -11 });
    expect(first?.rowHeight).toBe(27);
    expect(first?.words[1]).toEqual({ text: "<x>'s", bbox: { x0: 355, y0: 354, x1: 547, y1: 381 }, confidence: 90 });
    // No baseline and a zero row height are absent, not zeros the layout would trust.
    expect(second?.baseline).toBeNull();
    expect(second?.rowHeight).toBeNull();
  });
});

describe("hocrPageInput", () => {
  // Pixels to user space at 1:1, y up, as for a 1000 px tall page at 72 dpi.
  const raster: GrayRaster = {
    width: 1000,
    height: 1000,
    gray: new Uint8Array(0),
    toUser: (x, y) => [x, 1000 - y],
    source: "embedded",
  };
  const word = (x0: number, y0: number, x1: number, y1: number, conf: number, text: string) =>
    `<span class='ocrx_word' title='bbox ${x0} ${y0} ${x1} ${y1}; x_wconf ${conf}'>${text}</span>`;
  const hocr = [
    `<span class='ocr_line' title="bbox 100 100 600 130; baseline 0 -8; x_size 24">`,
    word(100, 100, 160, 122, 92, "log"),
    // A minus sign floats above the baseline: its own box ends 9 px above it.
    word(180, 110, 195, 113, 87, "-"),
    word(210, 100, 300, 122, 90, "QaEa"),
    "</span>",
    `<span class='ocr_line' title="bbox 100 200 600 230; baseline 0 -8; x_size 24">`,
    word(100, 200, 300, 230, 0, "ew"),
    word(320, 200, 400, 230, 13, "*a"),
    "</span>",
  ].join("\n");
  const input = hocrPageInput(hocr, raster, 1, 1000, 1000);

  it("sets every word of a line on the line's baseline, signs that float above it included", () => {
    expect(input.runs.map((r) => r.str)).toEqual(["log ", "- ", "QaEa"]);
    expect(new Set(input.runs.map((r) => r.transform[5]))).toEqual(new Set([1000 - 122]));
  });

  it(`leaves out lines tesseract scores below ${MIN_LINE_CONFIDENCE} on average`, () => {
    expect(input.runs.some((r) => r.str.includes("ew"))).toBe(false);
  });
});

describe("hocrPageInput's type sizes", () => {
  const raster: GrayRaster = {
    width: 2000,
    height: 2000,
    gray: new Uint8Array(0),
    toUser: (x, y) => [x, 2000 - y],
    source: "embedded",
  };
  const line = (bbox: string, xSize: number, words: [number, number, number, number, string][]) =>
    [
      `<span class='ocr_line' title="bbox ${bbox}; baseline 0 0; x_size ${xSize}">`,
      ...words.map(
        ([x0, y0, x1, y1, text]) =>
          `<span class='ocrx_word' title='bbox ${x0} ${y0} ${x1} ${y1}; x_wconf 95'>${text}</span>`,
      ),
      "</span>",
    ].join("\n");
  const sizes = (hocr: string) => {
    const bySize = new Map<string, number>();
    for (const run of hocrPageInput(hocr, raster, 1, 2000, 2000).runs) bySize.set(run.str.trim(), run.height);
    return bySize;
  };

  it("measures a line by what its capitals and ascenders reach, where tesseract's row height misjudges short lines", () => {
    // The 1995 scan's title and an author line, boxes as tesseract gave them: x_size puts the authors (41.7) above
    // the title (40.4), whose capitals stand 35 px against the authors' 30-31.
    const got = sizes(
      [
        line("240 367 765 402", 40.4, [
          [240, 367, 321, 402, "The"],
          [339, 367, 564, 402, "Helmholtz"],
          [581, 367, 765, 402, "Machine"],
        ]),
        line("240 571 552 602", 41.7, [
          [240, 571, 388, 602, "Radford"],
          [404, 572, 451, 601, "M."],
          [467, 571, 552, 602, "Neal"],
        ]),
      ].join("\n"),
    );
    expect(got.get("The")).toBeCloseTo(1.3 * 35, 5);
    expect(got.get("Neal")).toBeCloseTo(1.3 * 31, 5);
  });

  it("keeps within 15% of the row height when one word is not the line's type, and takes it for a one-word line", () => {
    const got = sizes(
      [
        // a vertical stamp's piece on a body line: its box is 100 px tall
        line("100 100 900 200", 24, [
          [100, 178, 200, 200, "body"],
          [220, 178, 320, 200, "text"],
          [800, 100, 830, 200, "[cs.CL]"],
        ]),
        line("100 300 200 318", 24, [[100, 305, 200, 318, "on"]]),
      ].join("\n"),
    );
    expect(got.get("body")).toBeCloseTo(1.15 * 24, 5);
    expect(got.get("on")).toBe(24);
  });
});
