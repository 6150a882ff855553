// Language data from npm: the fast eng model read out of its tarball, and the tar reader on archives built here.
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { languageData, tarMember } from "../../../ingest/ocr/language-data.js";

/** A tar entry header: name, octal size, ustar magic ("ustar\0" POSIX with a prefix, "ustar  " GNU). */
function entry(name: string, body: string, opts: { prefix?: string; gnu?: boolean } = {}): Buffer {
  const header = Buffer.alloc(512);
  header.write(name, 0, "latin1");
  header.write(`${body.length.toString(8).padStart(11, "0")}\0`, 124, "latin1");
  header.write(opts.gnu ? "ustar  \0" : "ustar\u000000", 257, "latin1");
  // GNU tar keeps atime/ctime where POSIX keeps the prefix: digits that must not be read as a folder.
  header.write(opts.gnu ? "14736512340" : (opts.prefix ?? ""), 345, "latin1");
  const padded = Buffer.alloc(Math.ceil(body.length / 512) * 512);
  padded.write(body, "latin1");
  return Buffer.concat([header, padded]);
}

describe("tarMember", () => {
  const tar = Buffer.concat([
    entry("a/first.txt", "x".repeat(700)),
    entry("second.txt", "second body", { prefix: "deep/folder" }),
    entry("gnu/third.txt", "third body", { gnu: true }),
    Buffer.alloc(1024),
  ]);
  const text = (bytes: Uint8Array | null) => (bytes ? Buffer.from(bytes).toString("latin1") : null);

  it("finds files by full path past multi-block bodies, with POSIX prefixes and GNU headers", () => {
    expect(text(tarMember(tar, "a/first.txt"))).toBe("x".repeat(700));
    expect(text(tarMember(tar, "deep/folder/second.txt"))).toBe("second body");
    expect(text(tarMember(tar, "gnu/third.txt"))).toBe("third body");
  });

  it("returns null for a path the archive lacks", () => {
    expect(tarMember(tar, "second.txt")).toBeNull();
    expect(tarMember(tar, "missing")).toBeNull();
  });
});

describe("languageData", () => {
  it("writes the fast eng model for the workers and removes it on release", () => {
    const data = languageData("eng", "fast");
    const file = join(data.langPath, "eng.traineddata");
    const model = readFileSync(file);
    data.release();
    expect(data.gzip).toBe(false);
    // A traineddata file opens with its component count (little-endian int32) and holds tessdata_fast's LSTM.
    expect(model.readInt32LE(0)).toBeGreaterThan(10);
    expect(model.length).toBeGreaterThan(1_000_000);
    expect(existsSync(file)).toBe(false);
  });

  it("points other models at @tesseract.js-data and refuses fast data for other languages", () => {
    const data = languageData("eng", "4.0.0_best_int");
    expect(existsSync(join(data.langPath, "eng.traineddata.gz"))).toBe(true);
    expect(() => languageData("fra", "fast")).toThrow(/eng only/);
  });
});
