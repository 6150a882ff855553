import { describe, expect, it } from "vitest";
import { SeenIds } from "../../src/seen-ids.js";

describe("SeenIds", () => {
  it("tells a repeated id from a new one, through many table growths", () => {
    const seen = new SeenIds();
    const ids = Array.from({ length: 50_000 }, (_, i) => `doc-${i}`);
    for (const id of ids) expect(seen.add(id)).toBe(true);
    for (const id of ["doc-0", "doc-49999", "doc-1234"]) expect(seen.add(id)).toBe(false);
    for (const id of ["", "doc-50000", "Doc-0", "doc-0 "]) expect(seen.add(id), JSON.stringify(id)).toBe(true);
    expect(seen.add("")).toBe(false);
  });
});
