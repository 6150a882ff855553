// Runs the real `assay` binary, as users and scripts do.
import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
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
  return assayWithEnv({}, ...args);
}

/** `assay` with these environment variables set: a scheduler's, as a Slurm array task sees them. */
export async function assayWithEnv(env: Record<string, string>, ...args: string[]): Promise<CliResult> {
  try {
    const { stdout, stderr } = await run(process.execPath, [join(ROOT, "bin/assay.js"), ...args], {
      cwd: ROOT,
      maxBuffer: 64 << 20,
      env: { ...withoutSchedulerRank(), ...env },
    });
    return { status: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code?: number; stdout?: string; stderr?: string };
    return { status: typeof e.code === "number" ? e.code : -1, stdout: e.stdout ?? "", stderr: e.stderr ?? "" };
  }
}

/** util-linux `script`, which runs a command on a pseudo-terminal: how a test sees what a user watches. */
export const haveTerminal = process.platform === "linux" && existsSync("/usr/bin/script");

/** `assay` with stdout and stderr on one terminal; `output` is what it wrote there, carriage returns included. */
export async function assayOnTerminal(...args: string[]): Promise<{ status: number; output: string }> {
  const quote = (arg: string) => `'${arg.replaceAll("'", "'\\''")}'`;
  const command = [process.execPath, join(ROOT, "bin/assay.js"), ...args].map(quote).join(" ");
  try {
    const { stdout } = await run("/usr/bin/script", ["-qfec", command, "/dev/null"], {
      cwd: ROOT,
      env: withoutSchedulerRank(),
    });
    return { status: 0, output: stdout };
  } catch (error) {
    const e = error as { code?: number; stdout?: string };
    return { status: typeof e.code === "number" ? e.code : -1, output: e.stdout ?? "" };
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
