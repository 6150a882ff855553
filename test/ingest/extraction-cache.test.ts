// The ingest step's saved extractions (ingest/extraction-cache.ts): a rerun given the step's resume folder takes each
// PDF's extraction back instead of reading the PDF again, for the same bytes and the same way of extracting only;
// an entry cut short or damaged is extracted again, never an error.
import { cpSync, mkdirSync, readdirSync, readFileSync, truncateSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { PDFDocument, StandardFonts } from "pdf-lib";
import { beforeAll, describe, expect, it } from "vitest";
import { INPUT_FILES_RESUMED } from "../../ingest/ingest-counters.js";
import { ingestStep } from "../../ingest/ingest-step.js";
import { type IngestConfig, parseConfig } from "../../src/config.js";
import type { Doc } from "../../src/doc.js";
import type { InputFile } from "../../src/io/inputs.js";
import { mixedPdf } from "../fixtures/mixed-pdf.js";
import { tempDir } from "../temp-dir.js";

async function textPdf(lines: string[]): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  for (const line of lines) doc.addPage([400, 300]).drawText(line, { x: 20, y: 150, size: 10, font });
  return doc.save();
}

interface Ingested {
  docs: Doc[];
  rejects: [string, string, string | null][];
  counters: Map<string, number>;
}

const DEFAULTS = parseConfig({}).ingest;

async function ingest(inDir: string, resumeDir: string, config: IngestConfig = DEFAULTS): Promise<Ingested> {
  const names = readdirSync(inDir).sort();
  const inputs = names.map((name): InputFile => ({ path: join(inDir, name), kind: "pdf", id: name.slice(0, -4) }));
  const result: Ingested = { docs: [], rejects: [], counters: new Map() };
  const ctx = {
    rank: 0,
    worldSize: 1,
    resumeDir,
    reject: async (doc: Doc, reason: string) => {
      result.rejects.push([doc.id, reason, doc.meta.metadata]);
    },
    count: (counter: string, by = 1) => result.counters.set(counter, (result.counters.get(counter) ?? 0) + by),
  };
  async function* each(): AsyncGenerator<InputFile> {
    yield* inputs;
  }
  for await (const doc of ingestStep({ config, workers: 1 }).run(each(), ctx)) result.docs.push(doc);
  return result;
}

describe("ingest's saved extractions", () => {
  const root = tempDir("assay-extraction-cache-");
  const inDir = join(root, "in");
  const saved = join(root, "saved");
  let first: Ingested;
  // Each test reruns over a copy of what the first run saved, and of its inputs when it changes one.
  const copyOf = (dir: string, name: string) => {
    const copy = join(tempDir("assay-extraction-cache-"), name);
    cpSync(dir, copy, { recursive: true });
    return copy;
  };
  const entries = (dir: string) => readdirSync(dir).filter((name) => name.endsWith(".v8.gz"));

  beforeAll(async () => {
    const text = await textPdf(["Page one reports 300 K.", "Page two reports 4.2 eV."]);
    mkdirSync(inDir);
    writeFileSync(join(inDir, "a.pdf"), text);
    writeFileSync(join(inDir, "b.pdf"), await textPdf(["Another paper, one page."]));
    // Page 2 is a picture of text: OCR'd, with ocr_pages and the ocr_quality scores to carry.
    writeFileSync(join(inDir, "mixed.pdf"), await mixedPdf());
    // A reject is an extraction too: saved with its reason and detail.
    writeFileSync(join(inDir, "cut.pdf"), text.subarray(0, 40));
    first = await ingest(inDir, saved);
  }, 120_000);

  it("are saved one per PDF as it finishes, its reject included", () => {
    expect(entries(saved)).toHaveLength(4);
    expect(first.counters.has(INPUT_FILES_RESUMED)).toBe(false);
    expect(first.docs.find((doc) => doc.id === "mixed")?.meta.ocr_pages).toEqual([2]);
    expect(first.rejects).toEqual([["cut", "damaged", expect.stringContaining("pdf.js cannot open it")]]);
  });

  it("are taken back by a rerun: the same documents, rejects and counters, no PDF read again", async () => {
    const again = await ingest(inDir, copyOf(saved, "saved"));
    expect(again.counters.get(INPUT_FILES_RESUMED)).toBe(4);
    again.counters.delete(INPUT_FILES_RESUMED);
    expect(again.counters).toEqual(first.counters);
    expect(again.docs).toEqual(first.docs);
    expect(again.rejects).toEqual(first.rejects);
  }, 60_000);

  it("are not taken by a run that extracts otherwise (OCR off)", async () => {
    const never = await ingest(inDir, copyOf(saved, "saved"), { ...DEFAULTS, ocr: "never" });
    expect(never.counters.has(INPUT_FILES_RESUMED)).toBe(false);
    expect(never.docs.find((doc) => doc.id === "mixed")?.meta.ocr_pages).toEqual([]);
  }, 60_000);

  it("are not taken for a PDF whose bytes changed since: it is read again", async () => {
    const changed = copyOf(inDir, "in");
    writeFileSync(join(changed, "a.pdf"), await textPdf(["The corrected page reports 310 K."]));
    const again = await ingest(changed, copyOf(saved, "saved"));
    expect(again.counters.get(INPUT_FILES_RESUMED)).toBe(3);
    expect(again.docs.find((doc) => doc.id === "a")?.text).toContain("310 K");
  }, 60_000);

  it("that cannot be saved (a file where the folder would be) cost the run nothing but the saving", async () => {
    const blocked = join(tempDir("assay-extraction-cache-"), "saved");
    writeFileSync(blocked, "not a folder");
    const unsaved = await ingest(inDir, blocked);
    expect(unsaved.docs).toEqual(first.docs);
    expect(unsaved.rejects).toEqual(first.rejects);
    expect(unsaved.counters).toEqual(first.counters);
  }, 60_000);

  it("cut short or damaged are extracted again, without an error", async () => {
    const damaged = copyOf(saved, "saved");
    const [cut, overwritten] = entries(damaged) as [string, string];
    truncateSync(join(damaged, cut), Math.floor(readFileSync(join(damaged, cut)).length / 2));
    writeFileSync(join(damaged, overwritten), "not an extraction");
    const again = await ingest(inDir, damaged);
    expect(again.counters.get(INPUT_FILES_RESUMED)).toBe(2);
    expect(again.docs).toEqual(first.docs);
    expect(again.rejects).toEqual(first.rejects);
  }, 60_000);
});
