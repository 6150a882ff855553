// The worker side of WorkerPool: answer each posted task with the handler's result or its error message. The
// handler gets a context: `progress()` as it advances (a page read) keeps the pool's stall timer from firing, and
// `request()` asks the pool's owner for a service it keeps for all workers (OCR engines sized to the cores).
import { parentPort, type TransferListItem } from "node:worker_threads";
import type { PoolResponse, WorkerReply } from "./worker-pool.js";

export interface TaskContext {
  progress(): void;
  request(payload: unknown, transfer?: TransferListItem[]): Promise<unknown>;
}

export function serveTasks<In, Out>(handler: (input: In, context: TaskContext) => Promise<Out>): void {
  const port = parentPort;
  if (!port) throw new Error("serveTasks must run inside a worker thread");
  const waiting = new Map<number, { resolve(value: unknown): void; reject(error: Error): void }>();
  let nextRequest = 0;
  port.on("message", async (message: { id: number; input: In } | { response: PoolResponse }) => {
    if ("response" in message) {
      const { rid } = message.response;
      const pending = waiting.get(rid);
      waiting.delete(rid);
      if (message.response.ok) pending?.resolve(message.response.value);
      else pending?.reject(new Error(message.response.message));
      return;
    }
    const { id, input } = message;
    const context: TaskContext = {
      progress: () => port.postMessage({ id, progress: true } satisfies WorkerReply<Out>),
      request: (payload, transfer = []) =>
        new Promise((resolve, reject) => {
          const rid = nextRequest++;
          waiting.set(rid, { resolve, reject });
          port.postMessage({ id, request: { rid, payload } } satisfies WorkerReply<Out>, transfer);
        }),
    };
    let reply: WorkerReply<Out>;
    try {
      reply = { id, ok: true, value: await handler(input, context) };
    } catch (error) {
      reply = { id, ok: false, message: (error as Error)?.message ?? String(error) };
    }
    port.postMessage(reply);
  });
}
