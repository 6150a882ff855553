// The first step: input files in, documents out. PDFs are sniffed here and extracted in worker threads (in input
// order, whatever the worker count); JSONL and Parquet records become documents directly.
import { createHash } from "node:crypto";
import { open, readFile } from "node:fs/promises";
import { splitArxivId } from "../src/arxiv-id.js";
import type { IngestConfig } from "../src/config.js";
import { type Doc, makeDoc } from "../src/doc.js";
import { type TaskOutcome, WorkerPool } from "../src/exec/worker-pool.js";
import { workerScript } from "../src/exec/worker-script.js";
import { type IsScore, rowToDoc, writtenByAssay } from "../src/io/columns.js";
import { jsonlScoreNames, parquetScoreNames } from "../src/io/input-scores.js";
import type { InputFile } from "../src/io/inputs.js";
import { readJsonlRecordBatches } from "../src/io/jsonl.js";
import { ParquetReaderThread } from "../src/io/parquet-thread-reader.js";
import { discoveryError } from "../src/io/unreadable-inputs.js";
import { withRejectDetail } from "../src/reject-detail.js";
import { DUPLICATE_ID, SeenIds } from "../src/seen-ids.js";
import type { Step, StepContext } from "../src/step.js";
import { arxivIdFromFileName } from "./arxiv-file-name.js";
import { ExtractionCache } from "./extraction-cache.js";
import { unescapeHtmlEntities } from "./html-entities.js";
import { HIDDEN_CHARS_COUNTER, INPUT_FILES_RESUMED } from "./ingest-counters.js";
import type { IngestReply, IngestTask } from "./ingest-task.js";
import { impostorDetail, jsonLinesImpostor } from "./jsonl-impostor.js";
import { repairMojibake } from "./mojibake.js";
import type { OcrEngine } from "./ocr/ocr-engine.js";
import { OCR_QUALITY_SCORES } from "./ocr/ocr-quality.js";
import { ocrService } from "./ocr/remote-ocr.js";
import { PDF_HEADER_WINDOW, sniff } from "./sniff.js";
import { printableText } from "./unprintable.js";
import { unreadableReject } from "./unreadable.js";

/** `hidden_chars`: characters of a PDF's text layer no reader sees, left out of its text (visible-text.ts). */
export const INGEST_SCORE_NAMES = ["damaged_pages", "hidden_chars", ...OCR_QUALITY_SCORES] as const;

type Outcome = { doc: Doc; reject: string | null };
type Extract = (task: IngestTask) => Promise<TaskOutcome<IngestReply>>;

export interface IngestStepOptions {
  config: IngestConfig;
  workers: number;
  /**
   * Yield a document under an id read before instead of rejecting it as duplicate_id: for the rank command, which finds
   * such copies on disk (src/rank/rank-ids.ts) rather than in a table that grows with the run.
   */
  passRepeatedIds?: boolean;
}

/**
 * pdf.js allocates short-lived objects per glyph and per text item: with a young generation of 96 MB (V8's semi-space
 * at 32 MB instead of 16) an ingest thread spends a quarter less time collecting them (17% -> 13% of its CPU over
 * the born-digital corpus), for ~80 MB more memory per thread.
 */
const INGEST_YOUNG_GENERATION_MB = 96;

/** The ingest step's name, which names its folder in a rank's resume folder (src/pipeline.ts). */
export const INGEST_STEP = "ingest";

export function ingestStep({ config, workers, passRepeatedIds = false }: IngestStepOptions): Step<InputFile> {
  return {
    name: INGEST_STEP,
    scoreNames: INGEST_SCORE_NAMES,
    async *run(inputs: AsyncIterable<InputFile>, ctx: StepContext) {
      const seen = passRepeatedIds ? null : new SeenIds();
      for await (const doc of ingestDocuments(inputs, ctx, { config, workers })) {
        if (seen === null || seen.add(doc.id)) yield doc;
        else await ctx.reject(doc, DUPLICATE_ID, { duplicateOf: doc.id });
      }
    },
  };
}

/** Every input's documents, ids not yet checked; the rejects of unreadable PDFs and invalid records go to ctx. */
async function* ingestDocuments(
  inputs: AsyncIterable<InputFile>,
  ctx: StepContext,
  { config, workers }: IngestStepOptions,
): AsyncGenerator<Doc> {
  let pool: WorkerPool<IngestTask, IngestReply> | null = null;
  // One OCR engine for all document threads, as many tesseract workers as document threads, made on the first
  // page that needs OCR: a scan's pages spread over every core, and text-layer runs never load a model.
  let ocr: Promise<OcrEngine> | null = null;
  // Parquet inputs are read on a thread of their own, made on the first one: a damaged file traps parquet-wasm.
  let parquetReader: ParquetReaderThread | null = null;
  const getParquetReader = () => {
    parquetReader ??= new ParquetReaderThread();
    return parquetReader;
  };
  // Set when the loop below ends, by an error too: a PDF still in flight then makes no pool that nothing would close
  // (a run whose next input could not be read hung on it).
  let stopped = false;
  const getPool = () => {
    if (stopped) throw new Error("ingest stopped");
    pool ??= new WorkerPool<IngestTask, IngestReply>({
      script: workerScript("ingest/ingest-worker.js"),
      size: workers,
      timeoutMs: config.timeoutSeconds * 1000,
      maxMemoryMb: config.maxMemoryMb,
      youngGenerationMb: INGEST_YOUNG_GENERATION_MB,
      serve: ocrService(() => {
        // Imported here: tesseract.js is loaded only by runs that OCR.
        ocr ??= import("./ocr/ocr-engine.js").then(({ OcrEngine }) => OcrEngine.create({ workers }));
        return ocr;
      }),
    });
    return pool;
  };
  // In a pipeline run, each PDF's extraction is saved as it finishes and taken back by a rerun after a kill.
  const cache = ctx.resumeDir === undefined ? null : await ExtractionCache.open(ctx.resumeDir);
  const extract: Extract = async (task) => {
    const saved = await cache?.get(task);
    if (saved) {
      ctx.count(INPUT_FILES_RESUMED);
      return { ok: true, value: saved };
    }
    let pages = 0;
    const outcome = await getPool().run(task, () => {
      pages++;
      ctx.pagesInProgress?.(1);
    });
    // Counted as `pages` once the document is done
    ctx.pagesInProgress?.(-pages);
    if (outcome.ok) await cache?.put(task, outcome.value);
    return outcome;
  };
  // Results are emitted in input order; at most `window` PDFs are in flight. A wide window keeps every worker
  // busy while one long document holds the head of the line (only finished texts wait, not work).
  const window = Math.max(4, workers * 16);
  const inFlight: Promise<Outcome>[] = [];
  const emit = async function* (outcome: Outcome) {
    if (outcome.reject === null) yield outcome.doc;
    else await ctx.reject(outcome.doc, outcome.reject);
  };
  try {
    for await (const input of inputs) {
      // Found by discovery but not to be opened (a pipe, a name that is not UTF-8, a folder that cannot be listed):
      // a reject in its place among the others.
      const failed = discoveryError(input);
      if (failed) inFlight.push(Promise.resolve(unreadableReject(inputId(input, config), input.path, failed)));
      else if (input.kind !== "pdf") {
        while (inFlight.length > 0) yield* emit(await (inFlight.shift() as Promise<Outcome>));
        yield* recordDocs(input, ctx, getParquetReader);
        continue;
      } else inFlight.push(ingestPdf(input, config, extract, ctx));
      if (inFlight.length >= window) yield* emit(await (inFlight.shift() as Promise<Outcome>));
    }
    while (inFlight.length > 0) yield* emit(await (inFlight.shift() as Promise<Outcome>));
  } finally {
    stopped = true;
    await (pool as WorkerPool<IngestTask, IngestReply> | null)?.close();
    // With the pool closed, what is still in flight settles at once; the OCR engine it may have asked for is closed.
    await Promise.allSettled(inFlight);
    await (parquetReader as ParquetReaderThread | null)?.close();
    await (await (ocr as Promise<OcrEngine> | null)?.catch(() => null))?.close();
  }
}

/**
 * The documents of these inputs outside a pipeline run, for passes that only read (dedup signatures, rank
 * sketches, score): the run that writes shards routes the rejects; `onReject` lets a reader count them. `saveTo`: the
 * folder a pipeline pass over the same inputs takes saved extractions from (its ingest step's resume folder), so
 * that a command reading its PDFs twice (dedup, rank: a first pass, then the pass that writes) extracts each once.
 */
export function readDocs(
  inputs: readonly InputFile[],
  options: IngestStepOptions,
  onReject: (reason: string) => void = () => {},
  saveTo?: string,
): AsyncIterable<Doc> {
  const ctx: StepContext = {
    rank: 0,
    worldSize: 1,
    resumeDir: saveTo,
    reject: async (_doc, reason) => onReject(reason),
    count: () => {},
  };
  return ingestStep(options).run(fromArray(inputs), ctx);
}

async function* fromArray<T>(items: readonly T[]): AsyncGenerator<T> {
  yield* items;
}

async function readHead(path: string): Promise<Uint8Array> {
  const handle = await open(path, "r");
  try {
    const buffer = Buffer.alloc(PDF_HEADER_WINDOW + 8);
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

/**
 * A PDF's document id; a records file's (its rejects': the file as a whole, and FILE#LINE of records without one) is
 * its path below the directory it was found in, as a PDF's is: two folders' docs.jsonl are two files.
 */
function inputId(input: InputFile, config: IngestConfig): string {
  return input.kind === "pdf" ? (config.idPrefix ?? "") + input.id : input.id;
}

async function ingestPdf(input: InputFile, config: IngestConfig, extract: Extract, ctx: StepContext): Promise<Outcome> {
  const id = inputId(input, config);
  const doc = makeDoc(id, "", input.path);
  let head: Uint8Array;
  try {
    head = await readHead(input.path);
  } catch (error) {
    return unreadableReject(id, input.path, error);
  }
  const sniffed = sniff(head);
  const gzip = !sniffed.pdf && sniffed.kind === "gzip" && config.gunzip;
  if (!sniffed.pdf && !gzip) {
    doc.meta.source_sha256 = createHash("sha256")
      .update(await readFile(input.path))
      .digest("hex");
    return { doc, reject: `not_pdf:${sniffed.kind}` };
  }
  const task: IngestTask = {
    path: input.path,
    gzip,
    options: {
      maxPages: config.maxPages,
      copyProtected: config.copyProtected,
      ocr: config.ocr,
      dropSections: config.dropSections,
    },
  };
  const outcome = await extract(task);
  if (!outcome.ok) {
    doc.meta.source_sha256 = createHash("sha256")
      .update(await readFile(input.path))
      .digest("hex");
    doc.meta.metadata = withRejectDetail(doc.meta.metadata, `${outcome.message}${FAILURE_HINT[outcome.failure]}`);
    return { doc, reject: outcome.failure };
  }
  const { sha256, result } = outcome.value;
  doc.meta.source_sha256 = sha256;
  if (!result.ok) {
    doc.meta.pages = result.pages;
    doc.meta.metadata = withRejectDetail(doc.meta.metadata, result.detail);
    // `pages` counts every page read, kept or not: "how many pages did the run read".
    ctx.count("pages", result.pagesRead);
    return { doc, reject: result.reason };
  }
  const pdf = result.value;
  doc.text = pdf.text;
  doc.meta.pages = pdf.pages;
  doc.meta.title = pdf.title;
  // The stamp on page 1 is arXiv's own word; the file name is the fallback for PDFs without one.
  const named = pdf.arxiv ? null : arxivIdFromFileName(input.path);
  if (named) ctx.count("arxiv_id_from_file_name");
  doc.meta.arxiv_id = pdf.arxiv?.id ?? named?.id ?? null;
  doc.meta.arxiv_version = pdf.arxiv ? pdf.arxiv.version : (named?.version ?? null);
  doc.meta.ocr_pages = pdf.ocrPages;
  doc.meta.extraction = pdf.extraction;
  Object.assign(doc.scores, pdf.scores);
  doc.scores.damaged_pages = pdf.damagedPages.length;
  // An extraction a killed run of an older assay saved (extraction-cache.ts) has no count.
  const hidden = Object.entries(pdf.hiddenChars ?? {});
  doc.scores.hidden_chars = hidden.reduce((sum, [, chars]) => sum + chars, 0);
  for (const [why, chars] of hidden) ctx.count(`${HIDDEN_CHARS_COUNTER}${why}`, chars);
  ctx.count("pages", pdf.pages);
  ctx.count("damaged_pages", pdf.damagedPages.length);
  if (pdf.xrefRebuilt) ctx.count("xref_rebuilt");
  if (pdf.deskewedPages > 0) ctx.count("deskewed_pages", pdf.deskewedPages);
  for (const [reason, n] of Object.entries(pdf.pageReasons)) ctx.count(`page_source:${reason}`, n);
  return { doc, reject: null };
}

/** What a worker's failure detail adds: the config key that sets the limit, as other reject details name theirs. */
const FAILURE_HINT: Record<"timeout" | "worker_crash" | "closed", string> = {
  timeout: " (ingest.timeoutSeconds)",
  worker_crash: " (past ingest.maxMemoryMb, or a fault in the PDF reader)",
  closed: "",
};

/** A character that shows: not white space, nor an invisible format character (zero-width space, soft hyphen, BOM). */
const VISIBLE = /[^\s\u00ad\u200b-\u200d\u2060\ufeff]/u;

/**
 * The records of a JSONL or Parquet input, their arXiv ids made canonical. A line that is not a JSON object (kept as
 * the reject's text), a line too long to read (its head kept) and a record without visible text go to rejects as
 * `invalid_record:not_json`, `:not_object`, `:too_long`, `:no_text`. A record's HTML character references and
 * mojibake are undone (html-entities.ts, mojibake.ts): pdf.js decodes PDFs, but a dump's text may have been escaped
 * or decoded wrongly before.
 */
async function* recordDocs(
  input: InputFile,
  ctx: StepContext,
  parquetReader: () => ParquetReaderThread,
): AsyncGenerator<Doc> {
  const name = input.id;
  const docOf = async (row: Record<string, unknown>, n: number, isScore: IsScore): Promise<Doc | null> => {
    const doc = rowToDoc(row, `${name}#${n}`, `${input.path}#${n}`, isScore);
    doc.text = repairedText(doc.text, row, ctx);
    if (doc.meta.arxiv_id !== null) {
      const { id, version } = splitArxivId(String(doc.meta.arxiv_id));
      doc.meta.arxiv_id = id;
      doc.meta.arxiv_version ??= version;
    }
    if (VISIBLE.test(doc.text)) return doc;
    await ctx.reject(doc, "invalid_record:no_text");
    return null;
  };
  // A file that cannot be read to its end keeps the records read before the fault and becomes one reject.
  const unreadable = (error: unknown) => {
    const { doc, reject } = unreadableReject(name, input.path, error);
    return ctx.reject(doc, reject);
  };
  if (input.kind === "jsonl" && !COMPRESSED.test(input.path)) {
    let head: Uint8Array;
    try {
      head = await readHead(input.path);
    } catch (error) {
      await unreadable(error);
      return;
    }
    const kind = jsonLinesImpostor(head);
    if (kind !== null) {
      const doc = makeDoc(name, "", input.path);
      doc.meta.metadata = withRejectDetail(null, impostorDetail(kind));
      await ctx.reject(doc, `not_jsonl:${kind}`);
      return;
    }
  }
  // The fields the shards declared as score columns (src/io/input-scores.ts); other numbers are carried as metadata.
  let scoreNames: string[];
  try {
    scoreNames = await (input.kind === "parquet" ? parquetScoreNames : jsonlScoreNames)(input.path);
  } catch (error) {
    await unreadable(error);
    return;
  }
  const scores = new Set(scoreNames);
  const isScore = (field: string) => scores.has(field);
  if (input.kind === "parquet") {
    let n = 0;
    for await (const row of untilUnreadable(parquetReader().rows(input.path), unreadable)) {
      const doc = await docOf(row, ++n, isScore);
      if (doc) yield doc;
    }
    return;
  }
  for await (const batch of untilUnreadable(readJsonlRecordBatches(input.path), unreadable)) {
    for (const { line, record, error, raw, bytes } of batch) {
      if (record === null) {
        const doc = makeDoc(`${name}#${line}`, raw ?? "", `${input.path}#${line}`);
        // A line too long to read keeps its head as text and its length here.
        if (bytes !== undefined) doc.meta.metadata = JSON.stringify({ line_bytes: bytes });
        await ctx.reject(doc, `invalid_record:${error}`);
        continue;
      }
      const doc = await docOf(record, line, isScore);
      if (doc) yield doc;
    }
  }
}

/**
 * A record's text with its HTML character references and mojibake undone and unprintable characters taken out
 * (unprintable.ts), counted. Text assay wrote (it has a
 * pipeline_version and a config_hash) was repaired when it was first read and is left as it is: "&amp;lt;" stays
 * "&lt;".
 */
function repairedText(text: string, row: Record<string, unknown>, ctx: StepContext): string {
  if (writtenByAssay(row)) return text;
  // References first: "&#195;&#169;" is mojibake once unescaped, and a C1 control one stood for is read as
  // Windows-1252, as browsers do.
  const entities = unescapeHtmlEntities(text);
  if (entities.unescaped > 0) ctx.count("html_entities_unescaped");
  const mojibake = repairMojibake(entities.text);
  if (mojibake.repaired > 0) {
    ctx.count("mojibake_repaired");
    ctx.count("mojibake_runs", mojibake.repaired);
  }
  // Last: a reference can stand for a control character ("&#0;").
  const printable = printableText(mojibake.text);
  if (printable.removed > 0) ctx.count("unprintable_removed", printable.removed);
  if (printable.replaced > 0) ctx.count("lone_surrogates_replaced", printable.replaced);
  return printable.text;
}

/** Compressed JSON Lines, told apart by their decompressors. */
const COMPRESSED = /\.(gz|zst)$/i;

/**
 * The items of a file reader; if reading fails (a truncated or corrupt Parquet footer, a gzip stream cut short, an
 * I/O error), `onFault` is awaited and the items end there, so the records read so far go on and the run goes on.
 * Only the reader's own errors are caught.
 */
async function* untilUnreadable<T>(
  items: AsyncIterable<T>,
  onFault: (error: unknown) => Promise<void>,
): AsyncGenerator<T> {
  const iterator = items[Symbol.asyncIterator]();
  let finished = false;
  try {
    for (;;) {
      let next: IteratorResult<T>;
      try {
        next = await iterator.next();
      } catch (error) {
        finished = true;
        await onFault(error);
        return;
      }
      if (next.done) {
        finished = true;
        return;
      }
      yield next.value;
    }
  } finally {
    // Closed early by its consumer: let the reader free its file.
    if (!finished) await iterator.return?.();
  }
}
