import { describe, expect, it } from "vitest";
import { CharSet } from "../../../filters/density/char-set.js";

describe("CharSet", () => {
  it("holds exactly its characters, across the BMP, and nothing past a string's end", () => {
    const members = "=≤∑‖-'’.";
    const set = new CharSet(members);
    for (const c of members) expect(set.has(c.charCodeAt(0)), c).toBe(true);
    // Neighbours of members in the bitmap's words, and codes no member shares a word with.
    for (const c of "<>≥∏|a,/\u0000\uffff") expect(set.has(c.charCodeAt(0)), c).toBe(false);
    expect(set.has("x".charCodeAt(5))).toBe(false); // NaN
    expect(set.has(0x1f600)).toBe(false); // a code point past the BMP: no code unit is one
  });
});
