// assay's command line: one file per command under src/cli/, dispatched by name.
import { ASSAY_VERSION } from "./project-root.js";
import { setV8Flags } from "./v8-flags.js";

/** Commands load lazily: `assay inspect` should not pay for language models and OCR it never uses. */
interface Command {
  summary: string;
  load(): Promise<(argv: string[]) => Promise<number>>;
}

const COMMANDS: Record<string, Command> = {
  run: {
    summary: "<inputs...> --out DIR: ingest, filter, score, dedup and rank PDFs or docs into shards",
    load: async () => (await import("./cli/run.js")).runCommand,
  },
  ingest: {
    summary: "<pdfs|dirs|globs...> --out DIR [--ocr auto|always|never]: PDFs to text shards",
    load: async () => (await import("./cli/ingest.js")).ingestCommand,
  },
  filter: {
    summary: "<docs...> --out DIR [--profile papers|web]: apply the filter stack",
    load: async () => (await import("./cli/filter.js")).filterCommand,
  },
  score: {
    summary: "<docs...> --decisions FILE [--filters a,b]: datatrove-compatible decisions",
    load: async () => (await import("./cli/score.js")).scoreCommand,
  },
  dedup: {
    summary: "<docs...> --out DIR [--index DIR] [--clusters FILE]: exact, MinHash and paper-aware dedup",
    load: async () => (await import("./cli/dedup.js")).dedupCommand,
  },
  lm: {
    summary: "train <docs...> --out MODEL: train the n-gram language model",
    load: async () => (await import("./cli/lm.js")).lmCommand,
  },
  rank: {
    summary: "<docs...> --out DIR [--keep-top P] [--keep-tokens N]: global density percentile, tiers, selection",
    load: async () => (await import("./cli/rank.js")).rankCommand,
  },
  inspect: {
    summary: "<shard|DIR> [--sample N] [--where EXPR]: rows, columns, reject reasons, samples",
    load: async () => (await import("./cli/inspect.js")).inspectCommand,
  },
  report: {
    summary: "DIR [--out FILE] [--sample N]: write DIR/report.html (tiers, rejects, distributions, samples)",
    load: async () => (await import("./cli/report.js")).reportCommand,
  },
};

const HELP = `assay ${ASSAY_VERSION}: scientific PDFs to ranked, deduplicated, pre-training-ready text shards

usage: assay <command> [options]   (assay <command> --help for details)

${Object.entries(COMMANDS)
  .map(([name, command]) => `  ${name.padEnd(8)} ${command.summary}`)
  .join("\n")}
  --version  assay's version`;

// Node 20 marks fs.glob (quoted glob inputs) experimental and says so on stderr, even under --quiet: a user who
// quoted a glob has nothing to do about it. Other warnings are printed as Node would.
// NODE_NO_WARNINGS and --no-warnings still silence every warning.
const warningsOff = process.env.NODE_NO_WARNINGS === "1" || process.execArgv.includes("--no-warnings");
process.removeAllListeners("warning");
process.on("warning", (warning) => {
  if (!warningsOff && warning.name !== "ExperimentalWarning")
    process.stderr.write(`assay: ${warning.name}: ${warning.message}\n`);
});

// A reader that stops early (`assay inspect OUT | head -1`) closes the pipe: what is left to print is dropped, quietly,
// as other Unix tools do, and the work goes on.
process.stdout.on("error", (error: NodeJS.ErrnoException) => {
  if (error.code !== "EPIPE") throw error;
});

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined) {
    // A call with nothing to do is a usage error: the usage goes where errors go.
    process.stderr.write(`${HELP}\n`);
    return 2;
  }
  // `assay help run` is `assay run --help`.
  if (name === "help" && rest[0] !== undefined) return main([rest[0], "--help"]);
  if (name === "--help" || name === "-h" || name === "help") {
    process.stdout.write(`${HELP}\n`);
    return 0;
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
  setV8Flags();
  return (await command.load())(rest);
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
