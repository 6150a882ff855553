// Parquet files read on a thread of their own (src/io/parquet-read-thread.ts): a file that makes parquet-wasm trap
// ends as an error the caller can catch, with the rows read before it, and the calling thread's wasm instance, which
// writes the shards, never sees it. One thread serves file after file (starting one costs ~0.4 s of CPU, mostly
// compiling the wasm), and a reader closed with no read in flight leaves it to the next reader of the process (the
// passes of `assay run`, rank's sketch and apply, each read with a reader of their own); a trapped thread is replaced.
import { Worker } from "node:worker_threads";
import { workerScript } from "../exec/worker-script.js";
import type { ReadReply, ReadRequest } from "./parquet-read-thread.js";

interface Pending {
  resolve(reply: ReadReply): void;
  reject(error: Error): void;
}

/** A closed reader's thread, idle (unreferenced, so it holds no process) until the next reader takes it. */
let spare: Worker | null = null;

interface OwnedThread {
  thread: Worker;
  pending: Map<number, Pending>;
  /** Removes this reader's listeners from the thread. */
  detach(): void;
}
const dropSpare = () => {
  spare = null;
};
// Process-wide, so that a thread handed on never takes a new reading for the last one's unfinished file.
let nextId = 0;
let nextRead = 0;

export class ParquetReaderThread {
  private worker: OwnedThread | null = null;
  /** The reading the caller is taking rows of, until its last batch or its error came. */
  private reading: number | null = null;

  /** The rows of one file, a batch read ahead while the caller takes the last. Read one file at a time. */
  async *rows(path: string): AsyncGenerator<Record<string, unknown>> {
    const read = nextRead++;
    this.reading = read;
    let reply = this.request(read, path);
    for (;;) {
      const { rows, done, error } = await reply;
      if (!done && error === undefined) reply = this.request(read, path);
      else if (this.reading === read) this.reading = null;
      yield* rows;
      if (error !== undefined) throw new Error(error);
      if (done) return;
    }
  }

  async close(): Promise<void> {
    const worker = this.worker;
    this.worker = null;
    // Idle, its last file read to the end: handed on as it is. A read-ahead in flight, or a file left open, is not.
    if (worker && worker.pending.size === 0 && this.reading === null && spare === null) {
      worker.detach();
      worker.thread.unref();
      worker.thread.on("exit", dropSpare).on("error", dropSpare);
      spare = worker.thread;
      return;
    }
    // Held until it has stopped: the process must not end while this waits on it (it ended with status 0 and no word
    // when the thread was let go as idle while closing).
    worker?.thread.ref();
    await worker?.thread.terminate();
  }

  private request(read: number, path: string): Promise<ReadReply> {
    const { thread, pending } = this.worker ?? this.start();
    const id = nextId++;
    const reply = new Promise<ReadReply>((resolve, reject) => pending.set(id, { resolve, reject }));
    // A read-ahead that nobody takes (the caller stopped early) must not become an unhandled rejection.
    reply.catch(() => undefined);
    // Held while a reply is awaited (the process waits for it), let go when idle (an idle reader must not keep the
    // process alive).
    thread.ref();
    thread.postMessage({ id, read, path } satisfies ReadRequest);
    return reply;
  }

  private start(): OwnedThread {
    const thread = spare ?? new Worker(workerScript("src/io/parquet-read-thread.js"));
    spare = null;
    thread.off("exit", dropSpare).off("error", dropSpare);
    const pending = new Map<number, Pending>();
    const onMessage = (reply: ReadReply) => {
      pending.get(reply.id)?.resolve(reply);
      pending.delete(reply.id);
      // Idle: let go, unless it is closing (its exit must still hold the process).
      if (pending.size === 0 && this.worker === worker) thread.unref();
    };
    const fail = (error: Error) => {
      if (this.worker === worker) this.worker = null;
      for (const { reject } of pending.values()) reject(error);
      pending.clear();
    };
    const onError = (error: Error) =>
      fail(new Error(`parquet-wasm failed on this file's data (${error.name}: ${error.message}); it may be damaged`));
    const onExit = (code: number) => fail(new Error(`the Parquet reader thread stopped (exit code ${code})`));
    thread.on("message", onMessage).on("error", onError).on("exit", onExit);
    const detach = () => thread.off("message", onMessage).off("error", onError).off("exit", onExit);
    const worker: OwnedThread = { thread, pending, detach };
    this.worker = worker;
    return worker;
  }
}
