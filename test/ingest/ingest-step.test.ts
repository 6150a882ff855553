// The ingest step as a pipeline part: what it leaves behind when the run around it fails, and what its rejects say.
import { readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { PDFDocument, StandardFonts } from "pdf-lib";
import { describe, expect, it } from "vitest";
import { ingestStep } from "../../ingest/ingest-step.js";
import { parseConfig } from "../../src/config.js";
import type { Doc } from "../../src/doc.js";
import type { InputFile } from "../../src/io/inputs.js";
import { tempDir } from "../temp-dir.js";

const BORN_DIGITAL = join(import.meta.dirname, "../../../shared/corpus/pdf/born-digital");
const pdfs = (() => {
  try {
    return readdirSync(BORN_DIGITAL).filter((name) => name.endsWith(".pdf"));
  } catch {
    return [];
  }
})();

/** Worker threads and the ports they talk over, as Node counts the resources that keep a process alive. */
const threads = () => process.getActiveResourcesInfo().filter((r) => r === "MessagePort" || r === "Worker").length;

describe.skipIf(pdfs.length === 0)("ingest step (needs ../shared/corpus/pdf/born-digital)", () => {
  const pdfInputs = (n: number) =>
    pdfs.slice(0, n).map((name): InputFile => ({ path: join(BORN_DIGITAL, name), kind: "pdf", id: name.slice(0, -4) }));
  const ctx = { rank: 0, worldSize: 1, reject: async () => {}, count: () => {} };

  it("ends, leaving no worker thread, when its inputs fail with more PDFs in flight than workers", async () => {
    const before = threads();
    async function* inputs(): AsyncGenerator<InputFile> {
      yield* pdfInputs(6);
      // The next input cannot be listed: the run ends while the PDFs above are still being read or queued.
      throw new Error("inputs failed");
    }
    const step = ingestStep({ config: parseConfig({}).ingest, workers: 1 });
    const drain = async () => {
      for await (const _ of step.run(inputs(), ctx));
    };
    await expect(drain()).rejects.toThrow("inputs failed");
    // A pool made after the error would keep the process alive for ever: give one the time to appear.
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(threads()).toBe(before);
  });

  it("ends, leaving no worker thread, when the step after it fails on its first document", async () => {
    const before = threads();
    async function* inputs(): AsyncGenerator<InputFile> {
      yield* pdfInputs(6);
    }
    const step = ingestStep({ config: parseConfig({}).ingest, workers: 1 });
    const consume = async () => {
      for await (const _ of step.run(inputs(), ctx)) throw new Error("next step failed");
    };
    await expect(consume()).rejects.toThrow("next step failed");
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(threads()).toBe(before);
  });
});

describe("ingest rejects", () => {
  /** A PDF of `pages` pages, each with a line of text or none. */
  async function pdf(pages: number, text: boolean): Promise<Uint8Array> {
    const doc = await PDFDocument.create();
    const font = await doc.embedFont(StandardFonts.Helvetica);
    for (let i = 0; i < pages; i++) {
      const page = doc.addPage([300, 300]);
      if (text) page.drawText(`Page ${i + 1} measures the film at 300 K.`, { x: 20, y: 150, size: 10, font });
    }
    return doc.save();
  }

  /** A well-formed PDF whose page tree is empty (/Count 0); pdf-lib's empty document reads as one page. */
  function noPages(): Uint8Array {
    const objects = ["<< /Type /Pages /Kids [] /Count 0 >>", "<< /Type /Catalog /Pages 1 0 R >>"];
    let body = "%PDF-1.7\n";
    const offsets = objects.map((object, i) => {
      const at = body.length;
      body += `${i + 1} 0 obj\n${object}\nendobj\n`;
      return at;
    });
    const xref = body.length;
    body += `xref\n0 3\n0000000000 65535 f \n${offsets.map((at) => `${String(at).padStart(10, "0")} 00000 n \n`).join("")}`;
    body += `trailer\n<< /Size 3 /Root 2 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
    return Buffer.from(body, "latin1");
  }

  /** The rejects (id, reason, detail) and counters of an ingest of these files, two pages at most, OCR off. */
  async function ingest(files: Record<string, Uint8Array>) {
    const dir = tempDir("assay-ingest-");
    for (const [name, bytes] of Object.entries(files)) writeFileSync(join(dir, name), bytes);
    const inputs = Object.keys(files).map(
      (name): InputFile => ({ path: join(dir, name), kind: name.endsWith(".jsonl") ? "jsonl" : "pdf", id: name }),
    );
    const rejects: [string, string, unknown][] = [];
    const counters = new Map<string, number>();
    const ctx = {
      rank: 0,
      worldSize: 1,
      reject: async (doc: Doc, reason: string) => {
        rejects.push([doc.id, reason, JSON.parse(doc.meta.metadata ?? "null")?.reject_detail]);
      },
      count: (counter: string, by = 1) => counters.set(counter, (counters.get(counter) ?? 0) + by),
    };
    async function* each(): AsyncGenerator<InputFile> {
      yield* inputs;
    }
    const config = { ...parseConfig({}).ingest, maxPages: 2, ocr: "never" as const };
    const kept: string[] = [];
    for await (const doc of ingestStep({ config, workers: 1 }).run(each(), ctx)) kept.push(doc.id);
    return { rejects, counters, kept };
  }

  it("make a file of another kind under a JSON Lines name one reject that says what it is", async () => {
    // JSON Lines whatever the first record holds: a page's HTML, "%PDF-" quoted, a DEL (legal in JSON strings)
    const records = [
      {
        id: "page",
        text: `<html><body>A scraped page's HTML, then a PDF's first bytes: %PDF-1.4 \x7f\x7f\x7f\x7f</body></html>`,
      },
      { id: "note", text: "The film was measured at 300 K." },
    ];
    const jsonl = Buffer.from(records.map((r) => `${JSON.stringify(r)}\n`).join(""));
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(jsonl.toString(), "utf16le")]);
    const { rejects, kept } = await ingest({
      "paper.jsonl": await pdf(1, true),
      "docs.jsonl": gzipSync(jsonl),
      "windows.jsonl": utf16,
      "pointer.jsonl": Buffer.from("version https://git-lfs.github.com/spec/v1\noid sha256:0\nsize 9\n"),
      "records.jsonl": jsonl,
      // a damaged first line is one reject, and the records after it are read
      "junk-first.jsonl": Buffer.concat([
        Buffer.from([0, 0, 0, 0x7f, 1, 2, 10]),
        Buffer.from(jsonl.toString().replaceAll('"id":"', '"id":"j-')),
      ]),
    });
    expect(rejects.slice(0, 4)).toEqual([
      ["paper.jsonl", "not_jsonl:pdf", "the file is a PDF (name it .pdf), not JSON Lines"],
      ["docs.jsonl", "not_jsonl:gzip", "the file is gzip data (name it .jsonl.gz), not JSON Lines"],
      [
        "windows.jsonl",
        "not_jsonl:utf-16",
        "the file is UTF-16 text (convert it: iconv -f UTF-16 -t UTF-8), not JSON Lines",
      ],
      [
        "pointer.jsonl",
        "not_jsonl:git-lfs-pointer",
        "the file is a Git LFS pointer (fetch the file: git lfs pull), not JSON Lines",
      ],
    ]);
    expect(rejects.slice(4).map(([id, reason]) => [id, reason])).toEqual([
      ["junk-first.jsonl#1", "invalid_record:not_json"],
    ]);
    expect(kept).toEqual(["page", "note", "j-page", "j-note"]);
  }, 60_000);

  it("keep their detail in metadata.reject_detail: which limit, that OCR was off, pdf.js's error", async () => {
    const whole = await pdf(3, true);
    const { rejects } = await ingest({
      "long.pdf": whole,
      "scan.pdf": await pdf(2, false),
      "cut.pdf": whole.subarray(0, 40),
      "empty.pdf": noPages(),
    });
    expect(rejects).toEqual([
      ["long.pdf", "too_many_pages", "3 pages, more than the limit of 2 (config ingest.maxPages)"],
      ["scan.pdf", "no_text", "no page has a text layer and OCR is off (--ocr never, config ingest.ocr)"],
      ["cut.pdf", "damaged", expect.stringMatching(/^pdf\.js cannot open it: /)],
      // well formed, with no pages: not damaged
      ["empty.pdf", "no_text", "the PDF has no pages"],
    ]);
  }, 60_000);

  it("count the pages they read in `pages`, as kept documents do; pages left unread, not", async () => {
    const { rejects, counters } = await ingest({
      "kept.pdf": await pdf(1, true),
      "scan.pdf": await pdf(2, false),
      "long.pdf": await pdf(3, true),
    });
    expect(rejects.map(([id, reason]) => [id, reason])).toEqual([
      ["scan.pdf", "no_text"],
      ["long.pdf", "too_many_pages"],
    ]);
    // The kept PDF's page and the scan's two, read and found without text; the long one's three were not read.
    expect(counters.get("pages")).toBe(3);
  }, 60_000);
});
