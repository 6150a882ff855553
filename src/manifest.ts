// manifest.json: what went in (with hashes), with which config and versions, what came out, and the balance.
import { createHash } from "node:crypto";
import { createReadStream, existsSync, readFileSync } from "node:fs";
import { stat } from "node:fs/promises";
import { createRequire } from "node:module";
import { join } from "node:path";
import { DensityScorer } from "../filters/density/density.js";
import { OCR_MODEL_PACKAGES } from "../ingest/ocr/language-data.js";
import type { Config } from "./config.js";
import type { ShardInfo } from "./io/shard-writer.js";
import { packageDir } from "./package-dir.js";
import { ASSAY_VERSION } from "./project-root.js";

export interface InputRecord {
  path: string;
  bytes: number;
  /** Empty for a file that could not be read (its reject in rejects/ says why). */
  sha256: string;
  /** Why the file could not be read (an errno code: ENOENT for a dangling link, EACCES), when it could not. */
  unreadable?: string;
}

export interface InputList {
  files: number;
  sha256: string;
}

/** The `input_list` of a run over `paths` (every rank's inputs, in any order). */
export function inputList(paths: readonly string[]): InputList {
  const sorted = [...paths].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return { files: sorted.length, sha256: createHash("sha256").update(sorted.join("\n")).digest("hex").slice(0, 16) };
}

export interface Counts {
  in: number;
  kept: number;
  rejected: number;
  /** in === kept + rejected: nothing was lost. */
  balanced: boolean;
}

export interface Manifest {
  assay_version: string;
  command: string;
  rank: number;
  world_size: number;
  ranks?: number[];
  inputs: InputRecord[];
  /** Files the config names that shape the output (a user LM, arXiv's metadata), hashed like the inputs. */
  config_files: InputRecord[];
  config: Omit<Config, "workers">;
  config_hash: string;
  /**
   * Every rank's input files as this rank found them: how many, and 16 hex digits of a sha256 of their sorted paths.
   * Ranks that found other files (one landed in a drop folder between two ranks' starts) took shares that overlap
   * and leave files out, so the merge refuses them. Absent in manifests of older assay versions.
   */
  input_list?: InputList;
  /** Steps' fingerprints by step name (Step.fingerprint), in a rank's manifest; absent when no step has one. */
  step_fingerprints?: Record<string, string>;
  versions: Record<string, string>;
  shards: { data: ShardInfo[]; rejects: ShardInfo[] };
  counts: Counts;
  started: string;
  finished: string;
}

/** A dependency's version from its package.json (found by packageDir: not every package's "exports" lists it). */
export function packageVersion(name: string): string {
  const dir = packageDir(name);
  return dir === null
    ? "unknown"
    : (JSON.parse(readFileSync(join(dir, "package.json"), "utf8")) as { version: string }).version;
}

/** Versions that can change the output: recorded so a shard can be traced to the code that made it. */
export function versions(): Record<string, string> {
  const out: Record<string, string> = {
    assay: ASSAY_VERSION,
    node: process.versions.node,
    "density-model": new DensityScorer().modelId,
  };
  for (const name of ["pdfjs-dist", "tesseract.js", ...OCR_MODEL_PACKAGES, "parquet-wasm", "apache-arrow", "eld"]) {
    out[name] = packageVersion(name);
  }
  return out;
}

export async function hashFile(path: string): Promise<InputRecord> {
  const hash = createHash("sha256");
  try {
    for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
    return { path, bytes: (await stat(path)).size, sha256: hash.digest("hex") };
  } catch (error) {
    // An input that cannot be read is a reject of the run, not its end: the manifest still lists it.
    return { path, bytes: 0, sha256: "", unreadable: (error as NodeJS.ErrnoException).code ?? "io" };
  }
}

export function counts(docsIn: number, data: ShardInfo[], rejects: ShardInfo[]): Counts {
  const kept = data.reduce((sum, shard) => sum + shard.rows, 0);
  const rejected = rejects.reduce((sum, shard) => sum + shard.rows, 0);
  return { in: docsIn, kept, rejected, balanced: docsIn === kept + rejected };
}
