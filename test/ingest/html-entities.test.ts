import { describe, expect, it } from "vitest";
import { unescapeHtmlEntities } from "../../ingest/html-entities.js";
import { repairMojibake } from "../../ingest/mojibake.js";
import { haveShared, PAPERS, readDocs } from "../filters/density/shared-text.js";

/** Text as an HTML or XML writer escapes it. */
const escaped = (text: string) =>
  text
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&#39;");

describe("unescapeHtmlEntities", () => {
  it("replaces named, decimal and hexadecimal references", () => {
    expect(unescapeHtmlEntities("R&amp;D &mdash; it&#39;s &#x3B1;, p &lt; 0.05 &hellip; &eacute;t&eacute;")).toEqual({
      text: "R&D — it's α, p < 0.05 … été",
      unescaped: 8,
    });
    // Greek capitals skip U+03A2; lower case has final sigma there
    expect(
      unescapeHtmlEntities("&Alpha;&Rho;&Sigma;&Omega; &alpha;&rho;&sigmaf;&sigma;&omega; &nbsp;&yuml; &amp;").text,
    ).toBe("ΑΡΣΩ αρςσω \u00a0ÿ &");
  });

  it("leaves unknown names, references without a semicolon and impossible code points as written", () => {
    for (const text of ["AT&T and &foo; and &amp without end", "&#0; &#xD800; &#1114112;"])
      expect(unescapeHtmlEntities(text)).toEqual({ text, unescaped: 0 });
  });

  it("takes names other than the escaper's own only in text an escaper went through: in code, &sum; is an address", () => {
    for (const text of ["int *p = &sum; double *q = &real;", "caf&eacute; &mdash; with no escaper's mark"])
      expect(unescapeHtmlEntities(text)).toEqual({ text, unescaped: 0 });
    expect(unescapeHtmlEntities("caf&eacute; &mdash; it&#39;s").text).toBe("café — it's");
  });

  it("leaves text holding a '<' alone: markup, or code that writes about references", () => {
    const code = "var escapeMap = { '&': '&amp;', '<': '&lt;' };";
    expect(unescapeHtmlEntities(code)).toEqual({ text: code, unescaped: 0 });
  });

  it("hands a C1 control a reference stood for to the mojibake repair, which reads it as Windows-1252", () => {
    expect(repairMojibake(unescapeHtmlEntities("don&#146;t").text).text).toBe("don’t");
  });

  it.skipIf(!haveShared)("gives back every reference paper exactly from its escaped text", () => {
    for (const [id, text] of readDocs(PAPERS)) expect(unescapeHtmlEntities(escaped(text)).text, id).toBe(text);
  });
});
