// The worker side of WorkerPool: answer each posted task with the handler's result or its error message.
import { parentPort } from "node:worker_threads";
import type { WorkerReply } from "./worker-pool.js";

export function serveTasks<In, Out>(handler: (input: In) => Promise<Out>): void {
  const port = parentPort;
  if (!port) throw new Error("serveTasks must run inside a worker thread");
  port.on("message", async ({ id, input }: { id: number; input: In }) => {
    let reply: WorkerReply<Out>;
    try {
      reply = { id, ok: true, value: await handler(input) };
    } catch (error) {
      reply = { id, ok: false, message: (error as Error)?.message ?? String(error) };
    }
    port.postMessage(reply);
  });
}
