// The pool's promises: a hung task times out while a long one that reports progress does not, a crashed or out-of-memory worker is replaced, the rest carries on.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { WorkerPool } from "../../../src/exec/worker-pool.js";
import { tempDir } from "../../temp-dir.js";

// A worker speaking the pool's protocol ({id, input} in, {id, ok, value} out) with misbehaving tasks.
const WORKER = `
import { parentPort } from "node:worker_threads";
let asking = -1;
parentPort.on("message", (message) => {
  if (message.response) {
    const { ok, value, message: error } = message.response;
    parentPort.postMessage({ id: asking, ok: true, value: ok ? "answer " + value : "refused: " + error });
    return;
  }
  const { id, input } = message;
  if (input === "ask") {
    asking = id;
    parentPort.postMessage({ id, request: { rid: 0, payload: 21 } });
    return;
  }
  if (input === "hang") for (;;) {}
  if (input === "exit") process.exit(3);
  if (input === "oom") { const hoard = []; for (;;) hoard.push(new Array(1e6).fill(Math.random())); }
  if (input === "slow") {
    // twice the pool's stall limit in all, progress every sixth of it
    let beats = 0;
    const timer = setInterval(() => {
      parentPort.postMessage({ id, progress: true });
      if (++beats === 12) {
        clearInterval(timer);
        parentPort.postMessage({ id, ok: true, value: "SLOW" });
      }
    }, 250);
    return;
  }
  if (input === "throw") { parentPort.postMessage({ id, ok: false, message: "bad input" }); return; }
  parentPort.postMessage({ id, ok: true, value: input.toUpperCase() });
});
`;

describe("WorkerPool", () => {
  const dir = tempDir("assay-pool-");
  const script = pathToFileURL(join(dir, "worker.mjs"));
  writeFileSync(script, WORKER);
  const pool = new WorkerPool<string, string>({ script, size: 2, timeoutMs: 1500, maxMemoryMb: 64 });
  // Filling a heap takes a while on a loaded machine: crashes get a time limit they cannot reach.
  const patient = new WorkerPool<string, string>({ script, size: 2, timeoutMs: 120_000, maxMemoryMb: 64 });
  const serving = new WorkerPool<string, string>({
    script,
    size: 1,
    timeoutMs: 5000,
    maxMemoryMb: 64,
    serve: async (payload) => (payload as number) * 2,
  });
  afterAll(() => Promise.all([pool.close(), patient.close(), serving.close()]));

  it("runs tasks concurrently and returns their values", async () => {
    const outcomes = await Promise.all(["a", "b", "c"].map((x) => pool.run(x)));
    expect(outcomes).toEqual([
      { ok: true, value: "A" },
      { ok: true, value: "B" },
      { ok: true, value: "C" },
    ]);
  });

  it("turns a hang, an exit and a heap blow-up into failures and keeps serving", async () => {
    const [hang, after] = await Promise.all([pool.run("hang"), pool.run("ok")]);
    const [exit, oom] = await Promise.all([patient.run("exit"), patient.run("oom")]);
    expect(hang).toMatchObject({ ok: false, failure: "timeout" });
    expect(exit).toMatchObject({ ok: false, failure: "worker_crash" });
    expect(oom).toMatchObject({ ok: false, failure: "worker_crash" });
    expect(after).toEqual({ ok: true, value: "OK" });
    expect(await pool.run("still")).toEqual({ ok: true, value: "STILL" });
    expect(await patient.run("again")).toEqual({ ok: true, value: "AGAIN" });
  }, 60_000);

  it("lets a task outlast the limit while it reports progress", async () => {
    expect(await pool.run("slow")).toEqual({ ok: true, value: "SLOW" });
  });

  it("answers a worker's request from the service the pool was given, and refuses it without one", async () => {
    expect(await serving.run("ask")).toEqual({ ok: true, value: "answer 42" });
    expect(await pool.run("ask")).toEqual({ ok: true, value: "refused: this pool serves no requests" });
  });

  it("reports a task's own error without losing the worker", async () => {
    expect(await pool.run("throw")).toMatchObject({ ok: false, message: "bad input" });
    expect(await pool.run("fine")).toEqual({ ok: true, value: "FINE" });
  });
});
