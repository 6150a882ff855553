// The ingest step as a pipeline part: what it leaves behind when the run around it fails.
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ingestStep } from "../../ingest/ingest-step.js";
import { parseConfig } from "../../src/config.js";
import type { InputFile } from "../../src/io/inputs.js";

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
