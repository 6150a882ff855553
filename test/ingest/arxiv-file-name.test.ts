import { describe, expect, it } from "vitest";
import { arxivIdFromFileName } from "../../ingest/arxiv-file-name.js";

describe("arXiv id from a file name", () => {
  it("reads the names of arXiv's bulk dumps and common prefixed names", () => {
    expect(arxivIdFromFileName("/dump/1706.03762v5.pdf")).toEqual({ id: "1706.03762", version: 5 });
    expect(arxivIdFromFileName("2101.00001.pdf")).toEqual({ id: "2101.00001", version: null });
    expect(arxivIdFromFileName("0704.0001v2.pdf")).toEqual({ id: "0704.0001", version: 2 });
    expect(arxivIdFromFileName("hep-th9901001v1.pdf")).toEqual({ id: "hep-th/9901001", version: 1 });
    expect(arxivIdFromFileName("math0406077.pdf")).toEqual({ id: "math/0406077", version: null });
    expect(arxivIdFromFileName("arxiv-1409.0473v7_bahdanau-attention.pdf")).toEqual({ id: "1409.0473", version: 7 });
    expect(arxivIdFromFileName("arXiv_2212.11685.pdf")).toEqual({ id: "2212.11685", version: null });
  });

  it("takes no id from names that merely contain digits", () => {
    for (const name of [
      "report-1706.03762.pdf", // not at the start
      "2023.12345.pdf", // month 23
      "1706.037.pdf", // too few digits
      "17060.3762.pdf",
      "nips2014_sequence-to-sequence.pdf",
      "report2019123.pdf", // not an arXiv archive
      "1706.03762v5extra.pdf",
    ])
      expect(arxivIdFromFileName(name), name).toBeNull();
  });
});
