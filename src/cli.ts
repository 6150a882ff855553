// assay's command line: one file per command under src/cli/, dispatched by name.
import { DEDUP_USAGE, dedupCommand } from "./cli/dedup.js";
import { FILTER_USAGE, filterCommand } from "./cli/filter.js";
import { INGEST_USAGE, ingestCommand } from "./cli/ingest.js";
import { INSPECT_USAGE, inspectCommand } from "./cli/inspect.js";
import { LM_USAGE, lmCommand } from "./cli/lm.js";
import { RUN_USAGE, runCommand } from "./cli/run.js";
import { SCORE_USAGE, scoreCommand } from "./cli/score.js";
import { ASSAY_VERSION } from "./project-root.js";

interface Command {
  usage: string;
  run(argv: string[]): Promise<number>;
}

const COMMANDS: Record<string, Command> = {
  run: { usage: RUN_USAGE, run: runCommand },
  ingest: { usage: INGEST_USAGE, run: ingestCommand },
  filter: { usage: FILTER_USAGE, run: filterCommand },
  score: { usage: SCORE_USAGE, run: scoreCommand },
  dedup: { usage: DEDUP_USAGE, run: dedupCommand },
  lm: { usage: LM_USAGE, run: lmCommand },
  inspect: { usage: INSPECT_USAGE, run: inspectCommand },
};

const HELP = `assay ${ASSAY_VERSION}: scientific PDFs to ranked, deduplicated, pre-training-ready text shards

usage: assay <command> [options]   (assay <command> --help for details)

${Object.entries(COMMANDS)
  .map(([name, command]) => `  ${name.padEnd(8)} ${firstLine(command.usage)}`)
  .join("\n")}`;

function firstLine(usage: string): string {
  return (usage.split("\n")[0] ?? "").replace(/^usage: assay \S+ ?/, "");
}

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === "--help" || name === "-h" || name === "help") {
    process.stdout.write(`${HELP}\n`);
    return name === undefined ? 2 : 0;
  }
  if (name === "--version" || name === "-V") {
    process.stdout.write(`${ASSAY_VERSION}\n`);
    return 0;
  }
  const command = COMMANDS[name];
  if (!command) {
    process.stderr.write(`assay: unknown command "${name}"; commands: ${Object.keys(COMMANDS).join(", ")}\n`);
    return 2;
  }
  return command.run(rest);
}

main(process.argv.slice(2)).then(
  (status) => {
    process.exitCode = status;
  },
  (error: unknown) => {
    process.stderr.write(`assay: ${(error as Error)?.stack ?? error}\n`);
    process.exitCode = 70;
  },
);
