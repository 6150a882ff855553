import { describe, expect, it } from "vitest";
import type { TextRun } from "../../../ingest/layout/types.js";
import { ocrQuality, ocrQualityScores, OCR_QUALITY_WEIGHTS as W } from "../../../ingest/ocr/ocr-quality.js";

const run = (str: string, confidence: number | undefined): TextRun => ({
  str,
  transform: [10, 0, 0, 10, 0, 0],
  width: 10,
  height: 10,
  fontName: "ocr",
  hasEOL: false,
  confidence,
});

describe("ocrQuality", () => {
  it("scores clean prose by its confidence, known words and absence of garbage", () => {
    const q = ocrQuality(["The ", "network ", "learns ", "(fast)."].map((s) => run(s, 90)));
    expect(q).toMatchObject({ words: 4, dictionaryShare: 1, garbageShare: 0 });
    expect(q.meanConfidence).toBeCloseTo(0.9);
    expect(q.score).toBeCloseTo(W.confidence * 0.9 + W.dictionary + W.clean);
  });

  it("counts symbol soup and unknown words against the page, weighting confidence by word length", () => {
    const q = ocrQuality([run("network", 100), run("xqzvbt", 50), run("‘»«", 10), run("a§b", 10), run("2017,", 80)]);
    expect(q.words).toBe(5);
    expect(q.garbageShare).toBeCloseTo(2 / 5);
    expect(q.dictionaryShare).toBeCloseTo(1 / 2);
    expect(q.meanConfidence).toBeCloseTo((7 * 100 + 6 * 50 + 3 * 10 + 3 * 10 + 5 * 80) / 24 / 100);
  });

  it("ignores text-layer runs and gives an empty page zero", () => {
    expect(ocrQuality([run("network", undefined)])).toMatchObject({ words: 0, score: 0 });
    expect(Object.keys(ocrQualityScores(ocrQuality([])))).toEqual([
      "ocr_quality",
      "ocr_mean_confidence",
      "ocr_dictionary_share",
      "ocr_garbage_share",
    ]);
  });
});
