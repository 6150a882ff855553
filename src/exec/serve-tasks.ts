// The worker side of WorkerPool: answer each posted task with the handler's result or its error message. The
// handler calls `progress()` as it advances (a page read), which keeps the pool's stall timer from firing.
import { parentPort } from "node:worker_threads";
import type { WorkerReply } from "./worker-pool.js";

export function serveTasks<In, Out>(handler: (input: In, progress: () => void) => Promise<Out>): void {
  const port = parentPort;
  if (!port) throw new Error("serveTasks must run inside a worker thread");
  port.on("message", async ({ id, input }: { id: number; input: In }) => {
    let reply: WorkerReply<Out>;
    try {
      const progress = () => port.postMessage({ id, progress: true } satisfies WorkerReply<Out>);
      reply = { id, ok: true, value: await handler(input, progress) };
    } catch (error) {
      reply = { id, ok: false, message: (error as Error)?.message ?? String(error) };
    }
    port.postMessage(reply);
  });
}
