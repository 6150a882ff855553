// Parquet files read on a thread of their own (src/io/parquet-read-thread.ts): a file that makes parquet-wasm trap
// ends as an error the caller can catch, with the rows read before it, and the calling thread's wasm instance, which
// writes the shards, never sees it. One thread serves file after file (starting one costs ~0.4 s, mostly compiling
// the wasm); a trapped thread is replaced for the next file.
import { Worker } from "node:worker_threads";
import { workerScript } from "../exec/worker-script.js";
import type { ReadReply, ReadRequest } from "./parquet-read-thread.js";

interface Pending {
  resolve(reply: ReadReply): void;
  reject(error: Error): void;
}

export class ParquetReaderThread {
  private worker: { thread: Worker; pending: Map<number, Pending> } | null = null;
  private nextId = 0;
  private nextRead = 0;

  /** The rows of one file, a batch read ahead while the caller takes the last. Read one file at a time. */
  async *rows(path: string): AsyncGenerator<Record<string, unknown>> {
    const read = this.nextRead++;
    let reply = this.request(read, path);
    for (;;) {
      const { rows, done, error } = await reply;
      if (!done && error === undefined) reply = this.request(read, path);
      yield* rows;
      if (error !== undefined) throw new Error(error);
      if (done) return;
    }
  }

  async close(): Promise<void> {
    const worker = this.worker;
    this.worker = null;
    // Held until it has stopped: the process must not end while this waits on it (it ended with status 0 and no word
    // when the thread was let go as idle while closing).
    worker?.thread.ref();
    await worker?.thread.terminate();
  }

  private request(read: number, path: string): Promise<ReadReply> {
    const { thread, pending } = this.worker ?? this.start();
    const id = this.nextId++;
    const reply = new Promise<ReadReply>((resolve, reject) => pending.set(id, { resolve, reject }));
    // A read-ahead that nobody takes (the caller stopped early) must not become an unhandled rejection.
    reply.catch(() => undefined);
    // Held while a reply is awaited (the process waits for it), let go when idle (an idle reader must not keep the
    // process alive).
    thread.ref();
    thread.postMessage({ id, read, path } satisfies ReadRequest);
    return reply;
  }

  private start(): { thread: Worker; pending: Map<number, Pending> } {
    const thread = new Worker(workerScript("src/io/parquet-read-thread.js"));
    const pending = new Map<number, Pending>();
    const worker = { thread, pending };
    thread.on("message", (reply: ReadReply) => {
      pending.get(reply.id)?.resolve(reply);
      pending.delete(reply.id);
      // Idle: let go, unless it is closing (its exit must still hold the process).
      if (pending.size === 0 && this.worker === worker) thread.unref();
    });
    const fail = (error: Error) => {
      if (this.worker === worker) this.worker = null;
      for (const { reject } of pending.values()) reject(error);
      pending.clear();
    };
    thread.on("error", (error) =>
      fail(new Error(`parquet-wasm failed on this file's data (${error.name}: ${error.message}); it may be damaged`)),
    );
    thread.on("exit", (code) => fail(new Error(`the Parquet reader thread stopped (exit code ${code})`)));
    this.worker = worker;
    return worker;
  }
}
