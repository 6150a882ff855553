import { describe, expect, it } from "vitest";
import { topLevelNumberLiterals } from "../../../src/io/json-number-literals.js";

describe("topLevelNumberLiterals", () => {
  it("gives each top-level number as written, past strings, nested values and spacing", () => {
    const json = ` { "text" : "a \\"quoted\\" {brace] and \\\\", "year":2020, "q": 1.0 ,"r":-3E-4,
      "nested": {"x": 1.5, "y": [2.5, "}"]}, "list": [1, 2], "flag": true, "none": null, "n": 0 } `;
    expect([...topLevelNumberLiterals(json)]).toEqual([
      ["year", "2020"],
      ["q", "1.0"],
      ["r", "-3E-4"],
      ["n", "0"],
    ]);
  });

  it("keeps a name's last value, as JSON.parse does, and reads escaped names", () => {
    expect([...topLevelNumberLiterals('{"a": 1.5, "a": "x", "\\u0062": 2, "b": 2.0}')]).toEqual([["b", "2.0"]]);
    expect([...topLevelNumberLiterals("{}")]).toEqual([]);
  });
});
