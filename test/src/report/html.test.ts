// formatNumber writes whole numbers as toLocaleString("en-US") does, without loading ICU for the common case.
import { describe, expect, it } from "vitest";
import { formatNumber } from "../../../src/report/html.js";

describe("formatNumber", () => {
  it("writes whole and large numbers as toLocaleString('en-US') does", () => {
    const values = [0, -0, 1, 7, 12, 999, 1000, -1000, 1234.5, 12345, -123456, 999999.5, 1e6, 2 ** 53 - 1, -(2 ** 53)];
    for (const value of [...values, 2 ** 60, 1e21, -3e25])
      expect(formatNumber(value), String(value)).toBe(Math.round(value).toLocaleString("en-US"));
  });

  it("gives three significant digits below 1000, and non-finite values as they are", () => {
    expect(formatNumber(0.123456)).toBe("0.123");
    expect(formatNumber(12.3456)).toBe("12.3");
    expect(formatNumber(-0.5)).toBe("-0.5");
    expect(formatNumber(Number.NaN)).toBe("NaN");
    expect(formatNumber(-Infinity)).toBe("-Infinity");
  });
});
