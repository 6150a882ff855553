// The documented keep order, one rule at a time: each case differs from the base only in the rule under test.
import { describe, expect, it } from "vitest";
import { compareForKeep, type KeepRecord } from "../../../filters/dedup/keep-policy.js";

const base: KeepRecord = {
  id: "b",
  arxivId: "1807.03748",
  arxivVersion: 1,
  extraction: "text-layer",
  density: 0.5,
  chars: 1000,
};
const kept = (...records: KeepRecord[]) => [...records].sort(compareForKeep)[0]?.id;

describe("compareForKeep", () => {
  it("prefers the latest arXiv version over everything else", () => {
    const v2 = { ...base, id: "v2", arxivVersion: 2, extraction: "ocr" as const, density: 0.1, chars: 10 };
    expect(kept(base, v2)).toBe("v2");
    expect(kept({ ...base, arxivId: null, arxivVersion: null, id: "proceedings" }, base)).toBe("b");
  });
  it("then the text layer over mixed over OCR", () => {
    expect(kept({ ...base, id: "ocr", extraction: "ocr", density: 0.9 }, base)).toBe("b");
    expect(kept({ ...base, id: "mixed", extraction: "mixed" }, { ...base, id: "ocr", extraction: "ocr" })).toBe(
      "mixed",
    );
  });
  it("then higher density, then the longer text, then the smaller id", () => {
    expect(kept({ ...base, id: "dense", density: 0.6, chars: 10 }, base)).toBe("dense");
    expect(kept({ ...base, id: "unscored", density: null, chars: 5000 }, base)).toBe("b");
    expect(kept({ ...base, id: "long", chars: 1001 }, base)).toBe("long");
    expect(kept({ ...base, id: "c" }, base)).toBe("b");
  });
});
