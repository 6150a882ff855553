import { describe, expect, it } from "vitest";
import { makeDoc } from "../../src/doc.js";
import { docToRow } from "../../src/io/columns.js";
import { countTokens } from "../../src/python-space.js";

describe("countTokens", () => {
  it("counts whitespace tokens as Python's len(text.split()) does", () => {
    expect(countTokens("  a b\n\tc  ")).toBe(3);
    expect(countTokens("")).toBe(0);
    // a form feed (pdftotext's page break), a no-break space and a unit separator split
    expect(countTokens("page one\f\fpage\u00a0two\u001fend \f ")).toBe(5);
    // so do a narrow no-break space (French typography), a line separator, NEL and a file separator
    expect(countTokens("a\u202fb\u2028c\u0085d\u001ce")).toBe(5);
  });

  it("is a row's n_words, so the tiers' token totals are the sum of their rows' n_words", () => {
    const text = "Le modèle\u202f: 12\u202f% des cas.\u2028Fin\u0085de\u001cpage";
    const row = docToRow(makeDoc("d", text, "in.jsonl"), { pipelineVersion: "0", configHash: "c" });
    expect(row.n_words).toBe(countTokens(text));
    expect(row.n_words).toBe(10);
  });
});
