// Order (order.ts): marks only a writer's direction leaves, which moving sentences within their paragraph removes.
import { describe, expect, it } from "vitest";
import { displaceSentences, roughSentences } from "../../../filters/density/degrade.js";
import { DocumentOrder, type Order, order } from "../../../filters/density/order.js";
import { tokenize } from "../../../filters/ngram-lm/tokens.js";
import { haveShared, PAPERS, readDocs } from "./shared-text.js";

const of = (text: string): Order => order(text, tokenize(text));
const reversed = (text: string) => roughSentences(text).reverse().join(" ");

describe("order", () => {
  it("finds a stem an earlier sentence ends on where the next opens: given before new", () => {
    const forward = "The first words here mention gradient descent. Gradient descent is then tuned further today.";
    const backward = "Gradient descent is then tuned further today. The first words here mention gradient descent.";
    // Two stems, each 5/7 of a sentence earlier in the second: (2 * 5/7) / (2 + 4 pseudo-pairs).
    expect(of(forward).givenNew).toBeCloseTo(10 / 7 / 6);
    expect(of(backward).givenNew).toBeCloseTo(-of(forward).givenNew);
  });

  it("reads a demonstrative phrase whose noun only a later sentence names as a forward reference", () => {
    const back = "We train a small network on speech. This network runs on a phone.";
    const forward = "This network runs on a phone. We train a small network on speech.";
    expect(of(back).forwardReferences).toBe(0);
    expect(of(forward).forwardReferences).toBeCloseTo(1 / 5);
    // A noun no sentence near names, or both sides name, says nothing either way: here "This network" is named on
    // both sides and "This model" only after, so 1 forward of 1 phrase, not 1 of 2.
    expect(of("This model is new. The data are old.").forwardReferences).toBe(0);
    const both =
      "We train a network. This network runs on a phone. The network is small. This model runs fast. We built the model.";
    expect(of(both).forwardReferences).toBeCloseTo(1 / 5);
  });

  it("counts paragraphs that open with a word referring back, after blank lines only", () => {
    const fresh = "We study sparse attention in long documents.\n\nWe then measure how the cost grows with length.";
    const opener = "We study sparse attention in long documents.\n\nHowever, the cost grows with the length of text.";
    expect(of(fresh).paragraphOpeners).toBe(0);
    expect(of(opener).paragraphOpeners).toBeCloseTo(1 / 5);
    expect(of(opener.replace("\n\n", " ")).paragraphOpeners).toBe(0);
  });

  it("counts numbered things first named out of order and acronyms used before their definition", () => {
    expect(of("Figure 1 shows it. Table 1 lists it. Figure 2 and Fig. 3 and Eq. (1) follow.").orderBreaks).toBe(0);
    // Figure 2 then Figure 1: one break in one event; Table 3 then Table 2: another; 4 pseudo-events dilute them.
    // Citations are no such event: a bibliography sorted by author numbers them in any order.
    expect(of("Figure 2 shows it. Figure 1 lists it. Table 3 and Table 2 and [4] and [2].").orderBreaks).toBeCloseTo(
      2 / 6,
    );
    expect(of("A convolutional network (CNN) is used. The CNN is small.").orderBreaks).toBe(0);
    expect(of("The CNN is small. A convolutional network (CNN) is used.").orderBreaks).toBeCloseTo(1 / 5);
    // Labels' parts are compared in turn: Section 4.10 comes after 4.9; a roman numeral in parentheses defines nothing,
    // and a plural stands for its acronym.
    expect(of("Section 4.9 says it. Section 4.10 says more. Section 5 ends.").orderBreaks).toBe(0);
    expect(of("In phase II we stop. The second phase (II) is short.").orderBreaks).toBe(0);
    expect(of("Two CNNs are used. A convolutional network (CNN) is small.").orderBreaks).toBeCloseTo(1 / 5);
    // Figure 1 named again after Figure 2 is no first mention.
    expect(of("Figure 1 and Figure 2 differ; Figure 1 is larger.").orderBreaks).toBe(0);
  });
});

describe("DocumentOrder", () => {
  const gathered = (chunks: string[]) => {
    const document = new DocumentOrder();
    const each = chunks.map((chunk) => order(chunk, tokenize(chunk), document));
    return { each, whole: document.order };
  };

  it("follows figures and tables from chunk to chunk, which each chunk alone cannot", () => {
    const { each, whole } = gathered([
      "Figure 3 shows the loss. Table 2 lists it. Section 5 has more.\n\n",
      "Figure 1 shows the data. The CNN is small. Section 2 has the rest.\n\n",
      "Table 1 and a convolutional network (CNN) follow.",
    ]);
    expect(each.map((o) => o.orderBreaks)).toEqual([0, 0, 0]);
    // Figure 1 below 3, Table 1 below 2: two breaks in two events. Across a whole paper sections are often named
    // ahead and acronyms used in the title before they are defined, so neither counts there.
    expect(whole.orderBreaks).toBeCloseTo(2 / 6);
  });

  it("sums the chunks' counts into the document's shares", () => {
    const chunks = [
      "We train a small network on speech. This network runs on a phone.\n\nHowever, the cost grows with length.\n\n",
      "This model runs on a phone. We train a small model on speech.\n\nWe then measure how the cost grows.",
    ];
    const { each, whole } = gathered(chunks);
    // One phrase looking back in the first chunk, one forward in the second; of the two paragraphs after a blank line
    // (each chunk's first sentence opens none), one opens with "However".
    expect(each.map((o) => o.forwardReferences)).toEqual([0, 1 / 5]);
    expect(whole.forwardReferences).toBeCloseTo(1 / 6);
    expect(whole.paragraphOpeners).toBeCloseTo(1 / 6);
  });
});

describe.skipIf(!haveShared)("order in real papers", () => {
  // ~8 KB windows of every reference paper, cut at paragraph breaks.
  const windows = [...readDocs(PAPERS).values()].flatMap((text) =>
    text
      .split(/\n\s*\n/)
      .reduce<string[]>((out, p) => {
        const last = out.length - 1;
        if (last >= 0 && (out[last] as string).length < 8000) out[last] += `\n\n${p}`;
        else out.push(p);
        return out;
      }, [])
      .filter((w) => w.length >= 8000),
  );
  const mean = (texts: string[], f: keyof Order) => texts.reduce((sum, t) => sum + of(t)[f], 0) / texts.length;

  it("runs forward in real windows: every mark beyond its value read backwards and with sentences moved locally", () => {
    expect(windows.length).toBeGreaterThan(150);
    const backwards = windows.map(reversed);
    const moved = windows.map((w, i) => displaceSentences(w, 0.85, i, 5));
    // Measured on the papers' 336 windows (real / reversed / moved in runs of 5): given-new 0.022 / -0.005 / 0.005,
    // forward references 0.120 / 0.229 / 0.159, paragraph openers 0.025 / - / 0.036, order breaks 0.095 / 0.269 / 0.124.
    expect(mean(windows, "givenNew")).toBeGreaterThan(mean(backwards, "givenNew") + 0.02);
    expect(mean(windows, "givenNew")).toBeGreaterThan(mean(moved, "givenNew") + 0.01);
    for (const f of ["forwardReferences", "orderBreaks"] as const)
      expect(mean(backwards, f)).toBeGreaterThan(1.3 * mean(windows, f));
    expect(mean(moved, "forwardReferences")).toBeGreaterThan(1.15 * mean(windows, "forwardReferences"));
    // Reversed sentences lose their paragraph breaks, so paragraph openers are compared on the moved copies only.
    expect(mean(moved, "paragraphOpeners")).toBeGreaterThan(1.3 * mean(windows, "paragraphOpeners"));
  });
});
