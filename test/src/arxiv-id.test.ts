import { describe, expect, it } from "vitest";
import {
  canonicalArxivId,
  findStampInText,
  parseMarginStamp,
  splitArxivId,
  withoutStamps,
} from "../../src/arxiv-id.js";

describe("arXiv ids", () => {
  it("are canonical: no prefix, no version, no old stamps' subject class, lower case", () => {
    expect(canonicalArxivId("1706.03762v5")).toBe("1706.03762");
    expect(canonicalArxivId(" arXiv:2101.00001 ")).toBe("2101.00001");
    expect(canonicalArxivId("math.GT/0309136v2")).toBe("math/0309136");
    expect(canonicalArxivId("hep-th/9901001")).toBe("hep-th/9901001");
    expect(splitArxivId("arXiv:1706.03762v5")).toEqual({ id: "1706.03762", version: 5 });
    expect(splitArxivId("2101.00001")).toEqual({ id: "2101.00001", version: null });
  });

  it("come out of the margin stamp canonical, with version, category and date when printed", () => {
    expect(parseMarginStamp("arXiv:1706.03762v5 [cs.CL] 6 Dec 2017")).toEqual({
      id: "1706.03762",
      version: 5,
      category: "cs.CL",
      date: "6 Dec 2017",
    });
    expect(parseMarginStamp("arXiv:math.GT/0309136v2  [math.GT]  8 Sep 2003")).toEqual({
      id: "math/0309136",
      version: 2,
      category: "math.GT",
      date: "8 Sep 2003",
    });
    expect(parseMarginStamp("arXiv:hep-th/9901001")?.id).toBe("hep-th/9901001");
    expect(parseMarginStamp("Preprint submitted to Elsevier")).toBeNull();
    // an id's first four digits are a year and a month: month 00 or over 12 is a misread or mangled stamp
    expect(parseMarginStamp("arXiv:1796.03762v5 [cs.CL] 6 Dec 2017")).toBeNull();
    expect(parseMarginStamp("arXiv:hep-th/9913001v1")).toBeNull();
    expect(findStampInText("arXiv:7384.29106v8 [cs.CL] 4 Jan 2071\nAbstract")).toBeNull();
    expect(findStampInText("arXiv:1712.03762v5 [cs.CL] 6 Dec 2017")?.id).toBe("1712.03762");
  });

  it("in body text, take the stamp and not an id cited in the references", () => {
    const text =
      "[3] A. Author. Some work. arXiv:1409.0473v7, 2014.\narXiv:cs.LG/0101001v3 [cs.LG] 2 Jan 2001\nAbstract. We show";
    expect(findStampInText(text)).toEqual({ id: "cs/0101001", version: 3, category: "cs.LG", date: "2 Jan 2001" });
    expect(findStampInText("see arXiv:1409.0473v7 and arXiv:1706.03762")).toBeNull();
    expect(withoutStamps(text)).not.toContain("cs.LG/0101001");
    expect(withoutStamps(text)).toContain("arXiv:1409.0473v7");
  });
});
