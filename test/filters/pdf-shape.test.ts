// The PDF-shape filters of the papers profile: OCR quality, running prose, scholarly apparatus.
import { describe, expect, it } from "vitest";
import { ocrQuality } from "../../filters/ocr-quality.js";
import { proseShape } from "../../filters/prose-shape.js";
import { SCHOLARLY_DEFAULTS, scholarly, scholarlyMarkers } from "../../filters/scholarly.js";
import { plainWords, tdoc } from "./tdoc.js";

const verdict = (d: { keep: boolean; reason?: string }) => (d.keep ? "pass" : d.reason);

describe("ocr_quality", () => {
  it("passes text without an OCR score, drops a score under 0.5", () => {
    const doc = tdoc("text");
    expect(verdict(ocrQuality(doc))).toBe("pass");
    doc.doc.scores.ocr_quality = 0.5;
    expect(verdict(ocrQuality(doc))).toBe("pass");
    doc.doc.scores.ocr_quality = 0.49;
    expect(verdict(ocrQuality(doc))).toBe("ocr_low_quality");
  });
  it("says why in its detail: the score against the minimum, and the part that cost the most points", () => {
    const detail = (scores: Record<string, number>) => {
      const doc = tdoc("text");
      Object.assign(doc.doc.scores, scores);
      const decision = ocrQuality(doc);
      return decision.keep ? null : decision.detail;
    };
    // A record read with the score alone: no part to name; cut, not rounded, to three decimals.
    expect(detail({ ocr_quality: 0.4999 })).toBe("ocr_quality 0.499, under the minimum of 0.5");
    // Parts as [confidence, known words, garbage]: known words are the lowest here, but confidence weighs 0.5 to
    // their 0.3, so it cost 0.3 points and they 0.195; then every token garbage costs all of its weight, 0.2, more
    // than confidence 0.65 (0.175) or known words 0.5 (0.15).
    const parts = ([confidence, known, garbage]: number[]) => ({
      ocr_mean_confidence: confidence as number,
      ocr_dictionary_share: known as number,
      ocr_garbage_share: garbage as number,
    });
    expect(detail({ ocr_quality: 0.465, ...parts([0.4, 0.35, 0.2]) })).toBe(
      "ocr_quality 0.465, under the minimum of 0.5; most lost on word confidence (ocr_mean_confidence 0.4)",
    );
    expect(detail({ ocr_quality: 0.475, ...parts([0.65, 0.5, 1]) })).toBe(
      "ocr_quality 0.475, under the minimum of 0.5; most lost on garbage tokens (ocr_garbage_share 1)",
    );
  });
});

describe("prose_shape", () => {
  const prose = Array.from({ length: 20 }, () => plainWords(12).join(" ")).join("\n"); // 20 lines × 71 chars
  it("sparse_pages under 1,000 characters per page when the page count is known", () => {
    expect(prose.length).toBe(20 * 71 + 19);
    expect(verdict(proseShape(tdoc(prose, 1)))).toBe("pass");
    expect(verdict(proseShape(tdoc(prose, 2)))).toBe("sparse_pages");
    expect(verdict(proseShape(tdoc(prose)))).toBe("pass");
  });
  it("not_running_prose when under 35% of characters are in lines of 8+ words", () => {
    const bullets = Array.from({ length: 30 }, (_, i) => `• item ${i} here`).join("\n");
    expect(verdict(proseShape(tdoc(bullets)))).toBe("not_running_prose");
    expect(proseShape(tdoc(`${prose}\n${bullets}`)).scores.prose_char_share).toBeGreaterThan(0.35);
  });
});

describe("scholarly", () => {
  it("counts each kind of marker, numbered citations and section references only up to 3", () => {
    expect(scholarlyMarkers("See Figure 2 and Table 1, as Smith et al. showed (Jones, 2019).")).toBe(4);
    expect(scholarlyMarkers("[1] [2] [3] [4] [5] Section 1 Section 2 Section 3 Section 4")).toBe(6);
    expect(scholarlyMarkers("Abstract\nWe study things.\nReferences\n")).toBe(2);
  });
  it("not_scholarly under 5 markers", () => {
    expect(SCHOLARLY_DEFAULTS.minMarkers).toBe(5);
    const four = "Figure 1, Figure 2, Table 3 and Eq. 4 show it.";
    expect(verdict(scholarly(tdoc(four)))).toBe("not_scholarly");
    expect(verdict(scholarly(tdoc(`${four} As Lee et al. found.`)))).toBe("pass");
  });
});
