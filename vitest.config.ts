import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    globalSetup: ["test/global-setup.ts"],
    testTimeout: 120_000,
    hookTimeout: 300_000,
    pool: "forks",
    // vitest's default is one file fewer than the cores: one at a time on a 2-core machine, which left a third of the
    // CPU idle while files waited on the CLI processes they spawn. The suite passes under load (helpers at load 7-15).
    maxWorkers: 2,
  },
});
