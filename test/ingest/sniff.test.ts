import { describe, expect, it } from "vitest";
import { PDF_HEADER_WINDOW, sniff } from "../../ingest/sniff.js";

const bytes = (text: string) => new Uint8Array(Buffer.from(text, "latin1"));

describe("sniff", () => {
  it("finds %PDF- at the start and after junk within the header window", () => {
    expect(sniff(bytes("%PDF-1.7\n..."))).toEqual({ pdf: true, headerOffset: 0 });
    const headers = "HTTP/1.1 200 OK\r\nContent-Type: application/pdf\r\n\r\n";
    expect(sniff(bytes(`${headers}%PDF-1.5`))).toEqual({ pdf: true, headerOffset: headers.length });
    expect(sniff(bytes(`${"x".repeat(PDF_HEADER_WINDOW)}%PDF-1.5`))).toEqual({ pdf: true, headerOffset: 1024 });
  });

  it("does not accept %PDF- beyond the header window", () => {
    expect(sniff(bytes(`${"x".repeat(PDF_HEADER_WINDOW + 1)}%PDF-1.5`))).toEqual({ pdf: false, kind: "text" });
  });

  it.each([
    ["empty", new Uint8Array()],
    ["png", new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])],
    ["jpeg", new Uint8Array([0xff, 0xd8, 0xff, 0xe0])],
    ["gzip", new Uint8Array([0x1f, 0x8b, 0x08, 0x00])],
    ["zstd", new Uint8Array([0x28, 0xb5, 0x2f, 0xfd, 0x04, 0x00])],
    ["parquet", new Uint8Array([0x50, 0x41, 0x52, 0x31, 0x15, 0x04])],
    ["utf-16", new Uint8Array([0xff, 0xfe, 0x7b, 0x00])],
    ["utf-16", new Uint8Array([0xfe, 0xff, 0x00, 0x7b])],
    ["zip", new Uint8Array([0x50, 0x4b, 0x03, 0x04])],
    ["tiff", new Uint8Array([0x49, 0x49, 0x2a, 0x00])],
    ["html", bytes('<?xml version="1.0"?>\n<!DOCTYPE html>\n<html xmlns="http://www.w3.org/1999/xhtml">')],
    ["html", bytes("  <!doctype html><html><body>PDF is being generated</body></html>")],
    ["xml", bytes('<?xml version="1.0"?><feed></feed>')],
    ["git-lfs-pointer", bytes("version https://git-lfs.github.com/spec/v1\noid sha256:abc\nsize 123\n")],
    ["postscript", bytes("%!PS-Adobe-3.0\n")],
    ["text", bytes("just some words in a file that is not a PDF\n")],
    ["unknown", new Uint8Array([0, 1, 2, 3, 4, 5, 6, 7, 8, 0, 0, 0])],
  ])("names %s", (kind, head) => {
    expect(sniff(head)).toEqual({ pdf: false, kind });
  });
});
