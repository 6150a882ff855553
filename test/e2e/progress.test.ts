// What a user watching a terminal sees while assay works: progress that moves with documents done, rejects included.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { expect, it } from "vitest";
import { mixedPdf } from "../fixtures/mixed-pdf.js";
import { tempDir } from "../temp-dir.js";
import { assayOnTerminal, haveTerminal } from "./cli.js";

it.skipIf(!haveTerminal)(
  "assay ingest on a terminal counts rejected documents as done, not only kept ones",
  async () => {
    const dir = tempDir("assay-progress-");
    // Files named .pdf that are not PDFs: every one a reject, none kept.
    for (let k = 0; k < 5; k++) writeFileSync(join(dir, `notes-${k}.pdf`), `plain text notes, page ${k}\n`);
    const { status, output } = await assayOnTerminal("ingest", dir, "--out", join(dir, "out"), "-q");
    expect(status, output).toBe(0);
    const shown = output.split("\r").map((line) => line.trim());
    expect(shown).toContainEqual(expect.stringMatching(/^assay ingest: 5 docs done; 5\/5 inputs opened/));
  },
);

it.skipIf(!haveTerminal)(
  "assay rank and assay dedup on a terminal show the documents their first pass has read, not nothing",
  async () => {
    const dir = tempDir("assay-progress-");
    const docs = join(dir, "docs.jsonl");
    const words = (k: number) => Array.from({ length: 60 }, (_, i) => `word${(i * 7 + k) % 97}`).join(" ");
    writeFileSync(
      docs,
      Array.from({ length: 7 }, (_, k) => JSON.stringify({ id: `d${k}`, text: words(k) })).join("\n"),
    );
    for (const [command, pass] of [
      ["rank", "sketch of rank 0"],
      ["dedup", "signatures of rank 0"],
    ] as const) {
      const { status, output } = await assayOnTerminal(command, docs, "--out", join(dir, command), "-q");
      expect(status, output).toBe(0);
      const shown = output.split("\r").map((line) => line.trim());
      expect(shown, command).toContainEqual(
        expect.stringMatching(new RegExp(`^assay ${command}: ${pass}: 7 docs read`)),
      );
    }
  },
);

it.skipIf(!haveTerminal)(
  "assay ingest on a terminal counts the pages of a PDF still being read, as an OCR'd page holds it up",
  async () => {
    const dir = tempDir("assay-progress-");
    writeFileSync(join(dir, "mixed.pdf"), await mixedPdf());
    const { status, output } = await assayOnTerminal("ingest", dir, "--out", join(dir, "out"), "-q", "--workers", "1");
    expect(status, output).toBe(0);
    const shown = output.split("\r").map((line) => line.trim());
    // Page 1 is read while page 2 is OCR'd (tesseract's model loads first): pages move before the document is done
    expect(shown).toContainEqual(expect.stringMatching(/^assay ingest: 0 docs done, [12] pages, /));
  },
);
