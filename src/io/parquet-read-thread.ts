// The thread side of ParquetReaderThread: reads Parquet files and hands their rows over a batch per request.
// parquet-wasm traps ("RuntimeError: unreachable") on some damaged files, out of reach of any catch, and a trapped
// wasm instance cannot be trusted again: here it takes down this thread only, not the run or its shard writer.
import { parentPort } from "node:worker_threads";
import { cloneableRow } from "./cloneable-row.js";
import { readParquetRows } from "./parquet.js";

/** Rows handed over per request: enough to amortise a message, few enough to keep both threads' memory small. */
const ROWS_PER_REPLY = 64;

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
let open: { read: number; rows: AsyncGenerator<Record<string, unknown>> } | null = null;

async function answer({ id, read, path }: ReadRequest): Promise<ReadReply> {
  if (open?.read !== read) {
    await open?.rows.return(undefined);
    open = { read, rows: readParquetRows(path) };
  }
  const reply: ReadReply = { id, rows: [], done: false };
  try {
    while (reply.rows.length < ROWS_PER_REPLY) {
      const next = await open.rows.next();
      if (next.done) {
        reply.done = true;
        open = null;
        break;
      }
      reply.rows.push(cloneableRow(next.value));
    }
  } catch (error) {
    reply.error = error instanceof Error ? error.message : String(error);
    open = null;
  }
  return reply;
}

// One request at a time: a read-ahead the caller dropped may still be answered when the next file's first comes.
let queue = Promise.resolve();
port.on("message", (request: ReadRequest) => {
  queue = queue.then(async () => port.postMessage(await answer(request)));
});
