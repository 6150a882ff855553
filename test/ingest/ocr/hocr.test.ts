// hOCR as tesseract 5 writes it: lines of every role with their baselines and row heights, words with confidences.
import { describe, expect, it } from "vitest";
import { hocrLines } from "../../../ingest/ocr/hocr.js";

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
