// The thread side of ParquetReaderThread: reads Parquet files and hands their rows over a decoded batch per request.
// parquet-wasm traps ("RuntimeError: unreachable") on some damaged files, out of reach of any catch, and a trapped
// wasm instance cannot be trusted again: here it takes down this thread only, not the run or its shard writer.
import { parentPort } from "node:worker_threads";
import { cloneableRow } from "./cloneable-row.js";
import { readParquetBatches } from "./parquet.js";

export interface ReadRequest {
  id: number;
  /** One reading of a file: a new one opens the file afresh, even the same path. */
  read: number;
  path: string;
}

export interface ReadReply {
  id: number;
  rows: Record<string, unknown>[];
  done: boolean;
  /** The reader's error, after the rows read before it. */
  error?: string;
}

const port = parentPort;
if (!port) throw new Error("parquet-read-thread runs as a worker thread");
let open: { read: number; batches: AsyncGenerator<Record<string, unknown>[]> } | null = null;

/**
 * The next batch the reader decoded, whole: a trap while decoding the one after it loses no row that was read (the
 * rows of the batch it traps in are lost with the thread).
 */
async function answer({ id, read, path }: ReadRequest): Promise<ReadReply> {
  if (open?.read !== read) {
    await open?.batches.return(undefined);
    open = { read, batches: readParquetBatches(path) };
  }
  try {
    const next = await open.batches.next();
    if (next.done) {
      open = null;
      return { id, rows: [], done: true };
    }
    return { id, rows: next.value.map(cloneableRow), done: false };
  } catch (error) {
    open = null;
    return { id, rows: [], done: false, error: error instanceof Error ? error.message : String(error) };
  }
}

// One request at a time: a read-ahead the caller dropped may still be answered when the next file's first comes.
let queue = Promise.resolve();
port.on("message", (request: ReadRequest) => {
  queue = queue.then(async () => port.postMessage(await answer(request)));
});
