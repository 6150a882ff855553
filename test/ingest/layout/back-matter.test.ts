import { describe, expect, it } from "vitest";
import { dropBackMatter } from "../../../ingest/layout/back-matter.js";

const parts = [
  "Intro\n\nBody text.\n\n",
  "Acknowledgements\n\nWe thank.\n\n",
  "References\n\n[1] A. B.\n\n",
  "A Proofs\n\nLemma.\n\n",
  "B More\n\nTables.",
];
const text = parts.join("");
const offsets = parts.map((_, i) => parts.slice(0, i).join("").length);
const layout = {
  text,
  headings: ["Intro", "Acknowledgements", "References", "A Proofs", "B More"].map((title, i) => ({
    title,
    offset: offsets[i] as number,
  })),
  acknowledgementsOffset: offsets[1] as number,
  referencesOffset: offsets[2] as number,
  appendixOffset: offsets[3] as number,
};

describe("dropBackMatter", () => {
  it("keeps everything when nothing is asked", () => {
    expect(dropBackMatter(layout, [])).toBe(text.trim());
  });

  it("drops references up to the next heading and keeps the appendix", () => {
    expect(dropBackMatter(layout, ["references"])).toBe(
      "Intro\n\nBody text.\n\nAcknowledgements\n\nWe thank.\n\nA Proofs\n\nLemma.\n\nB More\n\nTables.",
    );
  });

  it("drops the whole appendix, all its sections, to the end", () => {
    expect(dropBackMatter(layout, ["appendix", "acknowledgements"])).toBe(
      "Intro\n\nBody text.\n\nReferences\n\n[1] A. B.",
    );
  });

  it("drops all three together", () => {
    expect(dropBackMatter(layout, ["references", "acknowledgements", "appendix"])).toBe("Intro\n\nBody text.");
  });

  it("ignores kinds the document does not have", () => {
    expect(dropBackMatter({ ...layout, appendixOffset: null }, ["appendix"])).toBe(text.trim());
  });
});
