// Density worker thread entry (scoring-threads.ts): one DensityScorer per thread, the shipped models loaded once,
// scores each batch of texts it is sent. The code is the main thread's, so the scores are the same to the last bit.
import { serveTasks } from "../../src/exec/serve-tasks.js";
import { DensityScorer, type DensityScores } from "./density.js";

const scorer = new DensityScorer();

serveTasks<string[], DensityScores[]>(async (texts) => texts.map((text) => scorer.score(text)));
