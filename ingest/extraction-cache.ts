// PDF extractions saved as each PDF finishes, in the rank's resume folder (StepContext.resumeDir), so that a rank
// killed late (Ctrl-C, a Slurm time limit, OOM) does not parse and OCR its PDFs again when it is run again into the
// same --out. Only PDFs: JSON Lines and Parquet records are read at disk speed, a copy of them would cost as much.
//
// An entry is the worker's whole reply (bytes, sha256 and the extraction or its reject), kept as the structured clone
// that carries it from the worker thread (v8.serialize), so a reply taken from here is the very object a fresh
// extraction would have handed over, and everything after it (ids, counters, rows) comes out the same. Timeouts and
// worker crashes are not extractions (they hang on the limits and the machine's load): they are never saved.
import { createHash } from "node:crypto";
import { mkdir, readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { promisify } from "node:util";
import { deserialize, serialize } from "node:v8";
import { gunzip, gzip } from "node:zlib";
import { canonicalJson } from "../src/config.js";
import { writeFileAtomic } from "../src/io/atomic.js";
import { hashFile, packageVersion } from "../src/manifest.js";
import { ASSAY_VERSION } from "../src/project-root.js";
import type { IngestReply, IngestTask } from "./ingest-task.js";
import { OCR_MODEL_PACKAGES } from "./ocr/language-data.js";

const ENTRY_SUFFIX = ".v8.gz";
const gzipped = promisify(gzip);
const gunzipped = promisify(gunzip);

/** What extracts the text besides the task's options: another version of any of them may read a PDF otherwise. */
const EXTRACTORS = ["pdfjs-dist", "tesseract.js", ...OCR_MODEL_PACKAGES] as const;

export class ExtractionCache {
  private saveFailed = false;

  private constructor(
    private readonly dir: string,
    /** The entries an earlier run saved: with none (a first run) no input is hashed to look one up. */
    private readonly saved: ReadonlySet<string>,
    private readonly extractorVersions: string,
  ) {}

  static async open(dir: string): Promise<ExtractionCache> {
    const names = (await readdir(dir).catch(() => [] as string[])).filter((name) => name.endsWith(ENTRY_SUFFIX));
    const versions = { assay: ASSAY_VERSION, node: process.versions.node };
    for (const name of EXTRACTORS) Object.assign(versions, { [name]: packageVersion(name) });
    return new ExtractionCache(dir, new Set(names), canonicalJson(versions));
  }

  /**
   * The saved reply for the task's PDF as its bytes are now, or null: none saved, saved for another content or
   * another way of extracting, or an entry that cannot be read back (cut short, damaged), which is extracted again.
   */
  async get(task: IngestTask): Promise<IngestReply | null> {
    if (this.saved.size === 0) return null;
    const { sha256 } = await hashFile(task.path);
    const name = this.entryName(sha256, task);
    if (!this.saved.has(name)) return null;
    try {
      const reply = deserialize(await gunzipped(await readFile(join(this.dir, name)))) as IngestReply;
      return isReplyFor(reply, sha256) ? reply : null;
    } catch {
      return null;
    }
  }

  /**
   * Saves a fresh reply under the content the worker read (not what get() hashed: the file may change between). A
   * save that fails (a full disk, a folder that cannot be written, the folder removed by another process of this rank
   * that completed) costs the run its resumability, not its rows: it is said once and nothing more is saved, rather
   * than writing and dropping a partial entry for every PDF. A disk too full for the shards fails the run there.
   */
  async put(task: IngestTask, reply: IngestReply): Promise<void> {
    if (this.saveFailed) return;
    try {
      await mkdir(this.dir, { recursive: true });
      await writeFileAtomic(join(this.dir, this.entryName(reply.sha256, task)), await gzipped(serialize(reply)));
    } catch (error) {
      this.saveFailed = true;
      process.emitWarning(
        `ingest: PDF extractions are no longer saved for a rerun in ${this.dir} (${(error as Error).message}); the run goes on`,
      );
    }
  }

  /**
   * The PDF's content (sha256, not size and mtime: a PDF written again with a new /ID keeps its size, `cp -p`, `tar`
   * and `curl -R` keep mtimes, and the rows carry the sha256, which must be the bytes') and a digest of everything
   * else that shapes the reply: the extraction options (OCR mode, page limit, dropped sections, ...), gunzipping, and
   * the versions of assay, Node, pdf.js and tesseract.
   */
  private entryName(sha256: string, task: IngestTask): string {
    const how = canonicalJson({ options: task.options, gzip: task.gzip, versions: this.extractorVersions });
    return `${sha256}-${createHash("sha256").update(how).digest("hex").slice(0, 16)}${ENTRY_SUFFIX}`;
  }
}

/** Whether a deserialized entry has the shape of a reply for this content (a damaged one may still decode). */
function isReplyFor(reply: IngestReply | null, sha256: string): boolean {
  if (typeof reply !== "object" || reply === null || reply.sha256 !== sha256 || typeof reply.bytes !== "number")
    return false;
  const { result } = reply;
  if (typeof result !== "object" || result === null) return false;
  return result.ok ? typeof result.value?.text === "string" : typeof result.reason === "string";
}
