import { describe, expect, it } from "vitest";
import { register } from "../../../filters/density/register.js";
import { tokenize } from "../../../filters/ngram-lm/tokens.js";

const of = (text: string) => register(text, tokenize(text));
/** Counts rather than rates: the rates are per sentence, and "Fig. 3" ends a sentence for the tokenizer. */
const perText = (text: string, rate: number) => Math.round(rate * Math.max(1, tokenize(text).sentences));

describe("register", () => {
  it("counts numbered references to a text's own parts, not the same words used otherwise", () => {
    const text =
      "As Table 2 shows, the loss falls (Fig. 3). We prove it in Appendix A using Eq. (5) and Theorem IV. See Section 4.1.";
    expect(perText(text, of(text).crossReferences)).toBe(6);
    const kitchen = of(
      "Put the table salt on the table. A man came in. Figure out which section of the shop sells it. The algorithm is simple.",
    );
    expect(kitchen.crossReferences).toBe(0);
  });

  it("tells the authors' 'we' from a blogger's 'I', and leaves an index variable i alone", () => {
    const paper = of("We train our model on 8 GPUs. For each i in the batch, let x_i be its input. It helps us.");
    expect(paper.authorialWe).toBeCloseTo(3 / 3);
    expect(paper.firstPersonSingular).toBe(0);
    const blog = of("I finally fixed my bike. My neighbour lent me a wrench, and I was done by noon.");
    expect(blog.firstPersonSingular).toBeCloseTo(5 / 17);
    expect(blog.authorialWe).toBe(0);
  });

  it("counts reported speech: said, says, told and 'according to', not 'accordingly'", () => {
    const news = of(
      '"It was a long night," said the mayor. According to the police, nobody was hurt. She told reporters more.',
    );
    expect(news.reportedSpeech).toBeCloseTo(3 / 3);
    expect(of("Accordingly, the model says nothing about the tail. We set it accordingly.").reportedSpeech).toBeCloseTo(
      1 / 2,
    );
  });

  it("counts opening parentheses per sentence", () => {
    expect(of("Batch normalization (BN) helps (Ioffe, 2015). It is cheap.").parentheses).toBeCloseTo(2 / 2);
    expect(of("").parentheses).toBe(0);
  });
});
