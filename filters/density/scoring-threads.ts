// Density scoring on worker threads (density-worker.ts), a batch of texts per task: one message per ~1 MB instead of
// per text. Each thread is warmed up first (models, word lists) and takes a batch only when idle, so the caller,
// which scores on its own thread meanwhile, never waits for a thread to start. A batch a thread fails on (a crash,
// out of memory, a stall) is scored again text by text, so only the text at fault fails.
import { type TaskOutcome, WorkerPool } from "../../src/exec/worker-pool.js";
import { workerScript } from "../../src/exec/worker-script.js";
import type { DensityScores } from "./density.js";

/**
 * A scoring thread that neither answers nor fails for this long is stopped: scoring runs at 4-7 MB/s, so only a text
 * of gigabytes, or a bug, comes near it.
 */
const SCORING_TIMEOUT_MS = 600_000;
/** Heap per scoring thread by default: a text's tokens and tables take ~20-40 bytes a character, so 100 MB fits. */
const SCORING_MAX_MEMORY_MB = 4096;
/** Scored once by each new thread: loads what the first text loads (the word lists, the one-edit index). */
const WARM_UP = [
  "We show that the matrix is positive definite. Therefore its eigenvalues are real, as Lemma 2 states.",
];

export class ScoringThreads {
  private readonly pool: WorkerPool<string[], DensityScores[]>;
  /** Threads warmed up and without a batch. */
  private idle = 0;
  /** Resolves when every thread has warmed up or failed to. */
  readonly warm: Promise<void>;

  constructor(size: number, { maxMemoryMb = SCORING_MAX_MEMORY_MB } = {}) {
    this.pool = new WorkerPool({
      script: workerScript("filters/density/density-worker.js"),
      size,
      timeoutMs: SCORING_TIMEOUT_MS,
      maxMemoryMb,
    });
    // As many warm-up tasks as threads: the pool starts a thread for each. A thread that fails its warm-up is not
    // counted, so threads that cannot start at all (a Node flag workers reject) never take a batch.
    const warmUps = Array.from({ length: size }, () =>
      this.pool.run(WARM_UP).then((outcome) => {
        if (outcome.ok) this.idle++;
      }),
    );
    this.warm = Promise.all(warmUps).then(() => {});
  }

  /** Whether a thread would take a batch now. */
  get ready(): boolean {
    return this.idle > 0;
  }

  /** Each text's scores, or why its thread failed. */
  async score(texts: string[]): Promise<TaskOutcome<DensityScores>[]> {
    this.idle--;
    try {
      return await this.scoreOn(texts);
    } finally {
      this.idle++;
    }
  }

  private async scoreOn(texts: string[]): Promise<TaskOutcome<DensityScores>[]> {
    const outcome = await this.pool.run(texts);
    if (outcome.ok) return outcome.value.map((value) => ({ ok: true, value }));
    if (texts.length === 1) return [outcome];
    return Promise.all(texts.map(async (text) => (await this.scoreOn([text]))[0] as TaskOutcome<DensityScores>));
  }

  close(): Promise<void> {
    return this.pool.close();
  }
}
