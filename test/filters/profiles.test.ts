// Profile keep rates on real documents: the papers profile keeps real papers and drops man pages, changelogs,
// licences and the slide deck of corpus/pdf/broken; the web profile is datatrove's stack.
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";
import { filterStack, type Profile, prepareFilters } from "../../filters/stack.js";
import { TokenizedDoc } from "../../filters/tokenized-doc.js";
import { type Doc, makeDoc } from "../../src/doc.js";
import { junkKind, referenceAvailable, referenceDocs } from "./reference-docs.js";

const SLIDES = fileURLToPath(
  new URL("../../../shared/corpus/pdf/broken/not-a-paper_slides_senet-cvpr2017-talk.pdf", import.meta.url),
);

beforeAll(() => prepareFilters([...filterStack("papers"), ...filterStack("web")]));

function kept(profile: Profile, docs: readonly Doc[]): number {
  const stack = filterStack(profile);
  return docs.filter((doc) => {
    const tdoc = new TokenizedDoc(doc);
    return stack.every((filter) => filter.decide(tdoc).keep);
  }).length;
}

/** Text of a PDF, one line per pdf.js end-of-line mark, as a stand-in for ingest's output. */
async function pdfText(path: string): Promise<{ text: string; pages: number }> {
  const pdfjs = await import("pdfjs-dist/legacy/build/pdf.mjs");
  const pdf = await pdfjs.getDocument({ url: path, isEvalSupported: false, verbosity: 0 }).promise;
  let text = "";
  for (let p = 1; p <= pdf.numPages; p++) {
    const content = await (await pdf.getPage(p)).getTextContent();
    for (const item of content.items) if ("str" in item) text += item.str + (item.hasEOL ? "\n" : "");
    text += "\n\n";
  }
  return { text, pages: pdf.numPages };
}

describe.skipIf(!referenceAvailable("papers") || !referenceAvailable("text-dev"))(
  "profiles on the reference sets",
  () => {
    const papers = referenceDocs("papers");
    const junk = referenceDocs("text-dev").filter((doc) => junkKind(doc.id) !== null);

    it("papers keeps at least 95% of real papers", () => {
      expect(kept("papers", papers) / papers.length).toBeGreaterThanOrEqual(0.95);
    });
    it("papers keeps at most 5% of man pages, changelogs and licences", () => {
      expect(junk.length).toBeGreaterThan(800);
      expect(kept("papers", junk) / junk.length).toBeLessThanOrEqual(0.05);
    });
    it("web reproduces datatrove's verdict that web heuristics reject most papers", () => {
      expect(kept("web", papers)).toBeLessThanOrEqual(5);
    });
  },
);

describe.skipIf(!existsSync(SLIDES))("prose shape on a real slide deck", () => {
  it("the papers profile drops it as not running prose", async () => {
    const { text, pages } = await pdfText(SLIDES);
    const doc = makeDoc("slides", text, SLIDES, { pages });
    const tdoc = new TokenizedDoc(doc);
    const verdicts = filterStack("papers").map((f) => f.decide(tdoc));
    const firstDrop = verdicts.find((d) => !d.keep);
    expect(firstDrop && !firstDrop.keep ? firstDrop.reason : "pass").toMatch(/^(not_running_prose|sparse_pages)$/);
  });
});
