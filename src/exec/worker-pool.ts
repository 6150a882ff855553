// A pool of worker threads with a stall and heap limit per task. A task that hangs or crashes its worker
// becomes a failed outcome; the worker is replaced and the pool carries on.
import { Worker } from "node:worker_threads";

export interface PoolOptions {
  script: URL;
  size: number;
  /**
   * Limit on a task's time without progress: the worker is terminated when it neither answers nor reports progress
   * for this long. A long task that keeps reporting (a 300-page scan, page by page) is not cut off.
   */
  timeoutMs: number;
  /** V8 old-generation heap limit per worker. */
  maxMemoryMb: number;
  /** V8 young-generation size per worker; V8's default when absent. */
  youngGenerationMb?: number;
  /** Answers workers' `request()` calls: a service the pool's owner keeps once for all workers. */
  serve?: (payload: unknown) => Promise<unknown>;
}

export type TaskOutcome<Out> =
  | { ok: true; value: Out }
  | { ok: false; failure: "timeout" | "worker_crash" | "closed"; message: string };

/** What a worker script posts back for each task it is sent: progress reports, then one result. */
export type WorkerReply<Out> =
  | { id: number; ok: true; value: Out }
  | { id: number; ok: false; message: string }
  | { id: number; progress: true }
  | { id: number; request: { rid: number; payload: unknown } };

/** The pool's answer to a worker's request. */
export type PoolResponse = { rid: number; ok: true; value: unknown } | { rid: number; ok: false; message: string };

interface Task<In, Out> {
  id: number;
  input: In;
  resolve(outcome: TaskOutcome<Out>): void;
  onProgress?: () => void;
}

interface Slot<In, Out> {
  worker: Worker;
  task: Task<In, Out> | null;
  timer: NodeJS.Timeout | null;
}

export class WorkerPool<In, Out> {
  private readonly slots: Slot<In, Out>[] = [];
  private readonly queue: Task<In, Out>[] = [];
  private nextId = 0;
  private closed = false;

  constructor(private readonly options: PoolOptions) {}

  /** `onProgress`: called on each progress report of the task (ingest: a page read). */
  run(input: In, onProgress?: () => void): Promise<TaskOutcome<Out>> {
    if (this.closed) return Promise.reject(new Error("worker pool is closed"));
    return new Promise((resolve) => {
      this.queue.push({ id: this.nextId++, input, resolve, onProgress });
      this.dispatch();
    });
  }

  /** Stops every worker; tasks still queued or running settle as `closed`, so nobody waits on them for ever. */
  async close(): Promise<void> {
    this.closed = true;
    const slots = this.slots.splice(0);
    const unfinished = [...this.queue.splice(0), ...slots.flatMap((slot) => (slot.task ? [slot.task] : []))];
    for (const slot of slots) if (slot.timer) clearTimeout(slot.timer);
    await Promise.all(slots.map((slot) => slot.worker.terminate()));
    for (const task of unfinished) task.resolve({ ok: false, failure: "closed", message: "worker pool closed" });
  }

  private dispatch(): void {
    while (this.queue.length > 0) {
      const slot = this.slots.find((s) => s.task === null) ?? this.spawn();
      if (!slot) return;
      const task = this.queue.shift() as Task<In, Out>;
      slot.task = task;
      this.arm(slot);
      slot.worker.postMessage({ id: task.id, input: task.input });
    }
  }

  private spawn(): Slot<In, Out> | null {
    if (this.slots.length >= this.options.size) return null;
    const worker = new Worker(this.options.script, {
      resourceLimits: {
        maxOldGenerationSizeMb: this.options.maxMemoryMb,
        maxYoungGenerationSizeMb: this.options.youngGenerationMb,
      },
      stdout: false,
      stderr: false,
    });
    const slot: Slot<In, Out> = { worker, task: null, timer: null };
    worker.on("message", (reply: WorkerReply<Out>) => {
      const task = slot.task;
      if (!task || reply.id !== task.id) return;
      if ("progress" in reply) {
        this.arm(slot);
        task.onProgress?.();
        return;
      }
      if ("request" in reply) {
        void this.answer(slot, reply.request);
        return;
      }
      this.settle(
        slot,
        reply.ok ? { ok: true, value: reply.value } : { ok: false, failure: "worker_crash", message: reply.message },
      );
    });
    worker.on("error", (error) => this.fail(slot, "worker_crash", error.message));
    worker.on("exit", (code) => this.fail(slot, "worker_crash", `worker exited with code ${code}`));
    this.slots.push(slot);
    return slot;
  }

  private async answer(slot: Slot<In, Out>, { rid, payload }: { rid: number; payload: unknown }): Promise<void> {
    let response: PoolResponse;
    try {
      if (!this.options.serve) throw new Error("this pool serves no requests");
      response = { rid, ok: true, value: await this.options.serve(payload) };
    } catch (error) {
      response = { rid, ok: false, message: (error as Error)?.message ?? String(error) };
    }
    // The worker may have been stopped meanwhile (timeout, crash): its task is already settled.
    if (this.slots.includes(slot)) slot.worker.postMessage({ response });
  }

  /** (Re)starts the slot's stall timer. */
  private arm(slot: Slot<In, Out>): void {
    if (slot.timer) clearTimeout(slot.timer);
    slot.timer = setTimeout(
      () => this.fail(slot, "timeout", `no progress for ${this.options.timeoutMs} ms`),
      this.options.timeoutMs,
    );
  }

  private settle(slot: Slot<In, Out>, outcome: TaskOutcome<Out>): void {
    const task = slot.task;
    if (slot.timer) clearTimeout(slot.timer);
    slot.task = null;
    slot.timer = null;
    task?.resolve(outcome);
    this.dispatch();
  }

  /** The worker is unusable after a timeout or crash: drop it and let dispatch spawn a fresh one. */
  private fail(slot: Slot<In, Out>, failure: "timeout" | "worker_crash", message: string): void {
    const index = this.slots.indexOf(slot);
    if (index < 0) return;
    this.slots.splice(index, 1);
    slot.worker.removeAllListeners();
    slot.worker.on("error", () => {});
    void slot.worker.terminate();
    const task = slot.task;
    if (slot.timer) clearTimeout(slot.timer);
    slot.task = null;
    task?.resolve({ ok: false, failure, message });
    if (!this.closed) this.dispatch();
  }
}
