// `assay run`: the whole streaming path: ingest → filter stack → density score → shards.

import { densityStep } from "../../filters/density/density.js";
import { filterSteps } from "../../filters/stack.js";
import { COMMON_HELP } from "./common.js";
import { runPipelineCommand } from "./pipeline-command.js";

export const RUN_USAGE = `usage: assay run <inputs...> --out DIR [--config FILE] [--format parquet|jsonl] [--workers N]
                 [--profile papers|web] [--ocr auto|always|never]
  PDFs, JSONL or Parquet docs (files, directories or quoted globs) through ingest, the filter stack and density
  scoring. Kept docs go to OUT/data/, every dropped one to OUT/rejects/ with its stage and reason.
  --profile P          papers (default): thresholds measured on scientific text; web: datatrove's defaults
  --ocr MODE           auto (default), always or never
${COMMON_HELP}`;

export function runCommand(argv: string[]): Promise<number> {
  return runPipelineCommand(
    {
      name: "run",
      usage: RUN_USAGE,
      options: { profile: { type: "string" }, ocr: { type: "string" } },
      configFrom: (values) => ({ profile: values.profile, ingest: { ocr: values.ocr } }),
      steps: (config) => [...filterSteps(config.profile), densityStep()],
    },
    argv,
  );
}
