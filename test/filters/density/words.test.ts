import { describe, expect, it } from "vitest";
import {
  LIST_AUXILIARY,
  LIST_CLAIM_VERB,
  LIST_CLASS_FUNCTION,
  LIST_CONNECTIVE,
  LIST_FUNCTION,
  LIST_NEEDS_A_NEXT_WORD,
  LIST_SUBJECT_PRONOUN,
  LIST_UNIT,
  tokenLists,
} from "../../../filters/density/words.js";
import { tokenize } from "../../../filters/ngram-lm/tokens.js";

describe("tokenLists", () => {
  it("gives each token the bits of every list its word is on, in any case, and 0 to words on none", () => {
    const text = "We show that the loss is 3 % lower; Therefore WE report it for the network.";
    const tokens = tokenize(text);
    const lists = tokenLists(tokens);
    const at = (word: string, nth = 0) => {
      const hits = [...Array(tokens.count).keys()].filter((i) => {
        const o = tokens.offsets[i] as number;
        return text.slice(o, o + (tokens.lengths[i] as number)) === word;
      });
      return lists[hits[nth] as number] as number;
    };
    expect(lists.length).toBe(tokens.count);
    expect(at("We") & LIST_SUBJECT_PRONOUN).toBeTruthy();
    expect(at("We")).toBe(at("WE"));
    expect(at("show") & LIST_CLAIM_VERB).toBeTruthy();
    expect(at("is") & (LIST_AUXILIARY | LIST_FUNCTION | LIST_CLASS_FUNCTION)).toBe(
      LIST_AUXILIARY | LIST_FUNCTION | LIST_CLASS_FUNCTION,
    );
    expect(at("%") & LIST_UNIT).toBeTruthy(); // symbols are looked up by their hash too
    expect(at("Therefore") & LIST_CONNECTIVE).toBeTruthy();
    expect(at("the") & LIST_NEEDS_A_NEXT_WORD).toBeTruthy();
    expect(at("loss")).toBe(0);
    expect(at("network")).toBe(0);
  });
});
