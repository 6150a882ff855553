// Review-copy line numbers are dropped; a table's counting column and a reference list's numbers are not.
import { describe, expect, it } from "vitest";
import { withoutLineNumbers } from "../../../ingest/layout/line-numbers.js";
import type { Piece } from "../../../ingest/layout/page-lines.js";

const BODY = 10;
const LEADING = 12;

function piece(str: string, x0: number, y: number, size = BODY): Piece {
  return { str, x0, x1: x0 + 0.5 * size * str.length, y, size, recognized: false, typewriter: false };
}

/** `count` lines of prose from y = 700 down, each one run from x = 72. */
function prose(count: number, top = 700, leading = LEADING): Piece[] {
  return Array.from({ length: count }, (_, i) => piece("words of a line of running prose", 72, top - i * leading));
}

/** Numbers flush right at `right`, one per `every`-th line from `top`, counting from `first` by `every`. */
function margin(count: number, every = 1, first = 1, top = 700, leading = LEADING, right = 58): Piece[] {
  const numbers: Piece[] = [];
  for (let line = 0; line < count; line += every) {
    const label = String(first + line).padStart(3, "0");
    numbers.push({ ...piece(label, 0, top - line * leading, 7), x0: right - 3.5 * label.length, x1: right });
  }
  return numbers;
}

describe("withoutLineNumbers", () => {
  it("drops a number beside every line in the margin and keeps every line of text", () => {
    const text = prose(40);
    const { pieces, dropped } = withoutLineNumbers([...text, ...margin(40, 1, 101)], BODY);
    expect(dropped).toBe(40);
    expect(pieces).toEqual(text);
  });

  it("drops numbers beside every fifth line", () => {
    const text = prose(50);
    const { pieces, dropped } = withoutLineNumbers([...text, ...margin(50, 5, 5)], BODY);
    expect(dropped).toBe(10);
    expect(pieces).toEqual(text);
  });

  it("drops the numbers of a double-spaced manuscript and numbers set half an em from the text", () => {
    const doubled = prose(25, 700, 2 * LEADING);
    expect(withoutLineNumbers([...doubled, ...margin(25, 1, 1, 700, 2 * LEADING)], BODY)).toEqual({
      pieces: doubled,
      dropped: 25,
    });
    const text = prose(40);
    expect(withoutLineNumbers([...text, ...margin(40, 1, 1, 700, LEADING, 66)], BODY).dropped).toBe(40);
  });

  it("keeps a column that counts by hundreds: page numbers, not lines", () => {
    const page = [...prose(20), ...margin(20).map((p, i) => ({ ...p, str: String(100 * (i + 1)) }))];
    expect(withoutLineNumbers(page, BODY).dropped).toBe(0);
  });

  it("keeps a table's column of counting numbers inside the text column", () => {
    const rows = Array.from({ length: 12 }, (_, i) => [
      piece(String(i + 1), 80, 500 - i * LEADING),
      piece("0.93", 200, 500 - i * LEADING),
    ]).flat();
    const page = [...prose(10), ...rows, ...prose(10, 300)];
    expect(withoutLineNumbers(page, BODY)).toEqual({ pieces: page, dropped: 0 });
  });

  it("keeps a reference list's numbers, one per entry of several lines", () => {
    const entries = Array.from({ length: 12 }, (_, i) => [
      piece(`${i + 1}`, 60, 700 - 3 * i * LEADING),
      ...prose(3, 700 - 3 * i * LEADING),
    ]).flat();
    expect(withoutLineNumbers(entries, BODY)).toEqual({ pieces: entries, dropped: 0 });
  });

  it("keeps numbers that are words of their lines, a space from the text", () => {
    // OCR words, one run each: "step 1 of the method", "step 2 of the method", ...
    const page = Array.from({ length: 20 }, (_, i) => {
      const y = 700 - i * LEADING;
      return [piece("step", 72, y), piece(String(i + 1), 95, y), piece("of the method", 108, y)];
    }).flat();
    expect(withoutLineNumbers(page, BODY).dropped).toBe(0);
  });

  it("keeps a short run of numbers: too few to be a page's numbering", () => {
    const page = [...prose(5), ...margin(5)];
    expect(withoutLineNumbers(page, BODY).dropped).toBe(0);
  });
});
