import { describe, expect, it } from "vitest";
import { scrambleWords } from "../../../filters/density/degrade.js";
import { loadSyntaxModel, syntaxFluency } from "../../../filters/density/syntax.js";
import { classText, wordClasses } from "../../../filters/density/word-classes.js";
import { tokenize } from "../../../filters/ngram-lm/tokens.js";

const SENTENCE = "The models were trained on 3 GPUs, as in [12].";

describe("word classes", () => {
  it("keep function words and punctuation, reduce content words to shape and suffix, numbers to one class", () => {
    expect(classText(SENTENCE, tokenize(SENTENCE))).toBe("the xs were xed on 0 xcaps , as in [ 0 ] .");
  });

  it("hash each token as the tokenized class text does, so scoring and training agree", () => {
    const classes = classText(SENTENCE, tokenize(SENTENCE));
    expect([...wordClasses(SENTENCE, tokenize(SENTENCE))]).toEqual([...tokenize(classes).hashes.slice(0, 14)]);
  });
});

describe("syntax fluency with the shipped class model", () => {
  const prose =
    "The network is trained with stochastic gradient descent. We observe that the loss decreases steadily, " +
    "and therefore the learning rate is reduced when the validation error stops improving. " +
    "In contrast to previous work, our method does not require labelled data for the target domain.";
  it("finds more class trigrams the reference never has in scrambled words, whatever the topic words", () => {
    const model = loadSyntaxModel();
    const unseen = (t: string) => syntaxFluency(model, t, tokenize(t)).unseenTrigrams;
    const topicSwapped = prose.replace(/network/g, "protein").replace(/gradient/g, "enzyme");
    expect(unseen(topicSwapped)).toBe(unseen(prose));
    expect(unseen(scrambleWords(prose, 0.3, 2))).toBeGreaterThan(unseen(prose) + 0.05);
  });
});
