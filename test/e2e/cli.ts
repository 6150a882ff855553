// Runs the real `assay` binary, as users and scripts do.
import { execFile } from "node:child_process";
import { join } from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);
export const ROOT = join(import.meta.dirname, "../..");
export const CORPUS = join(ROOT, "../shared/corpus/pdf");

export interface CliResult {
  status: number;
  stdout: string;
  stderr: string;
}

export async function assay(...args: string[]): Promise<CliResult> {
  try {
    const { stdout, stderr } = await run(process.execPath, [join(ROOT, "bin/assay.js"), ...args], {
      cwd: ROOT,
      maxBuffer: 64 << 20,
      env: withoutSchedulerRank(),
    });
    return { status: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code?: number; stdout?: string; stderr?: string };
    return { status: typeof e.code === "number" ? e.code : -1, stdout: e.stdout ?? "", stderr: e.stderr ?? "" };
  }
}

/** Tests choose ranks with flags; a scheduler's variables in the environment must not leak into them. */
function withoutSchedulerRank(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const name of [
    "SLURM_ARRAY_TASK_ID",
    "SLURM_ARRAY_TASK_COUNT",
    "JOB_COMPLETION_INDEX",
    "JOB_COMPLETION_COUNT",
  ]) {
    delete env[name];
  }
  return env;
}
