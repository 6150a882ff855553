// `assay filter <docs> --out DIR [--profile papers|web]`: the profile's filter stack, one pipeline step per filter.
// Dropped documents go to rejects/ with `stage` (the filter) and `reject_reason`, with every score computed before.
import { filterSteps } from "../../filters/stack.js";
import { COMMON_HELP } from "./common.js";
import { runPipelineCommand } from "./pipeline-command.js";
import { RIGHTS_FLAGS, RIGHTS_FLAGS_HELP, rightsOverrides, rightsSteps } from "./rights-flags.js";

export const FILTER_USAGE = `usage: assay filter <docs...> --out DIR [--profile papers|web] [--arxiv-metadata F] [--licenses L,...]
  <docs>: PDFs, JSONL (id, text, optional metadata) or Parquet files, or the output directory of an earlier command.
  papers (default): OCR quality, language, prose shape, scholarly apparatus, Gopher repetition and quality with
  thresholds measured on papers; web: datatrove's language, Gopher, C4 and FineWeb rules.
  --profile P          papers (default) or web
${RIGHTS_FLAGS_HELP}
${COMMON_HELP}`;

export function filterCommand(argv: string[]): Promise<number> {
  return runPipelineCommand(
    {
      name: "filter",
      usage: FILTER_USAGE,
      options: { profile: { type: "string" }, ...RIGHTS_FLAGS },
      configFrom: (values) => ({ profile: values.profile, ...rightsOverrides(values) }),
      steps: async (config, values) => [
        ...(await rightsSteps(config, values.quiet === true)),
        ...filterSteps(config.profile),
      ],
    },
    argv,
  );
}
