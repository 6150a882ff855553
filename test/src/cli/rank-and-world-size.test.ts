import { afterEach, describe, expect, it } from "vitest";
import { rankAndWorldSize } from "../../../src/cli/common.js";

const SCHEDULER_VARIABLES = [
  "SLURM_ARRAY_TASK_ID",
  "SLURM_ARRAY_TASK_MIN",
  "SLURM_ARRAY_TASK_STEP",
  "SLURM_ARRAY_TASK_COUNT",
  "JOB_COMPLETION_INDEX",
];

function withEnv(vars: Record<string, string>, values: { rank?: string; "world-size"?: string } = {}) {
  for (const name of SCHEDULER_VARIABLES) delete process.env[name];
  Object.assign(process.env, vars);
  return rankAndWorldSize(values);
}

describe("rank and world size from the scheduler", () => {
  afterEach(() => {
    for (const name of SCHEDULER_VARIABLES) delete process.env[name];
  });

  it("takes a Slurm task's place in its array, however the array is numbered", () => {
    // sbatch --array=1-4: the last task is rank 3 of 4, not rank 4
    const oneBased = { SLURM_ARRAY_TASK_MIN: "1", SLURM_ARRAY_TASK_COUNT: "4" };
    expect(withEnv({ ...oneBased, SLURM_ARRAY_TASK_ID: "4" })).toEqual({ rank: 3, worldSize: 4 });
    expect(withEnv({ ...oneBased, SLURM_ARRAY_TASK_ID: "1" })).toEqual({ rank: 0, worldSize: 4 });
    // --array=0-6:2 is tasks 0, 2, 4, 6
    const stepped = { SLURM_ARRAY_TASK_MIN: "0", SLURM_ARRAY_TASK_STEP: "2", SLURM_ARRAY_TASK_COUNT: "4" };
    expect(withEnv({ ...stepped, SLURM_ARRAY_TASK_ID: "6" })).toEqual({ rank: 3, worldSize: 4 });
    // --rank alone keeps the array's size
    expect(withEnv({ ...oneBased, SLURM_ARRAY_TASK_ID: "4" }, { rank: "2" })).toEqual({ rank: 2, worldSize: 4 });
    expect(() => withEnv({}, { "world-size": "0" })).toThrow(/world size must be at least 1/);
    // flags win over the environment
    expect(withEnv({ ...oneBased, SLURM_ARRAY_TASK_ID: "4" }, { rank: "1", "world-size": "2" })).toEqual({
      rank: 1,
      worldSize: 2,
    });
  });

  it("asks for --world-size with a Kubernetes index, which comes without the Job's completions", () => {
    expect(() => withEnv({ JOB_COMPLETION_INDEX: "2" })).toThrow(/give --world-size/);
    expect(withEnv({ JOB_COMPLETION_INDEX: "2" }, { "world-size": "3" })).toEqual({ rank: 2, worldSize: 3 });
    expect(() => withEnv({ JOB_COMPLETION_INDEX: "3" }, { "world-size": "3" })).toThrow(/JOB_COMPLETION_INDEX/);
  });

  it("is rank 0 of 1 outside a scheduler", () => {
    expect(withEnv({})).toEqual({ rank: 0, worldSize: 1 });
  });
});
