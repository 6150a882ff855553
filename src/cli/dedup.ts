// `assay dedup <docs.jsonl...> --out DIR [--index DIR] [--clusters FILE] [--keep best|first]`: exact, MinHash and
// paper-aware dedup. `--stage` runs one barrier stage for `--rank/--world-size` launchers (signatures per input
// rank, buckets spread over ranks, clusters once); the default runs stages 1-3 here. Stage 4 (dropping the
// duplicates into rejects/) is `dedupApplyStep(OUT/dedup, rank)` in the pipeline runner.
import { createReadStream } from "node:fs";
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { parseArgs } from "node:util";
import type { ClusterEntry } from "../../filters/dedup/cluster-stage.js";
import {
  DATATROVE_COMPATIBLE,
  DEDUP_DEFAULTS,
  type DedupOptions,
  dedupBuckets,
  dedupClusters,
  dedupSignatures,
} from "../../filters/dedup/dedup-run.js";
import { type Doc, makeDoc } from "../doc.js";

export const DEDUP_USAGE = `usage: assay dedup <docs.jsonl...> --out DIR [--index DIR] [--clusters FILE] [--keep best|first]
                   [--stage signatures|buckets|clusters|all] [--rank R --world-size W] [--datatrove]
  Exact (sha256 of normalised text and source bytes), MinHash LSH (datatrove defaults: word 5-grams, 14x8, seed 1)
  and paper-aware (arXiv id, paper opening) dedup. --keep best (default): latest arXiv version, text layer, density,
  length, id; --keep first: datatrove's choice. --datatrove: datatrove's MinHash only. --clusters writes
  {"id","cluster_id"} for every doc in a cluster of size > 1. Work files go to OUT/dedup/.`;

/** Docs of the JSONL inputs, the `rank`-th of every `worldSize` lines (deterministic partition). */
async function* jsonlDocs(paths: string[], rank: number, worldSize: number): AsyncIterable<Doc> {
  let n = 0;
  for (const path of paths) {
    const lines = createInterface({ input: createReadStream(path), crlfDelay: Number.POSITIVE_INFINITY });
    let line = 0;
    for await (const text of lines) {
      line++;
      if (!text.trim() || n++ % worldSize !== rank) continue;
      const rec = JSON.parse(text) as { id?: unknown; text?: unknown; arxiv_id?: unknown; arxiv_version?: unknown };
      yield makeDoc(String(rec.id ?? `${path}#${line}`), String(rec.text ?? ""), `${path}#${line}`, {
        arxiv_id: typeof rec.arxiv_id === "string" ? rec.arxiv_id : null,
        arxiv_version: typeof rec.arxiv_version === "number" ? rec.arxiv_version : null,
      });
    }
  }
}

function envInt(...names: string[]): number | undefined {
  for (const name of names) if (process.env[name] !== undefined) return Number(process.env[name]);
  return undefined;
}

/** Returns the exit status (2: usage error). */
export async function dedupCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      out: { type: "string" },
      index: { type: "string" },
      clusters: { type: "string" },
      keep: { type: "string", default: "best" },
      stage: { type: "string", default: "all" },
      rank: { type: "string" },
      "world-size": { type: "string" },
      "input-ranks": { type: "string" },
      datatrove: { type: "boolean" },
      help: { type: "boolean" },
    },
  });
  if (values.help) {
    process.stdout.write(`${DEDUP_USAGE}\n`);
    return 0;
  }
  const stage = values.stage as string;
  const keep = values.keep;
  if (
    !values.out ||
    (keep !== "best" && keep !== "first") ||
    !["signatures", "buckets", "clusters", "all"].includes(stage)
  ) {
    process.stderr.write(`${DEDUP_USAGE}\n`);
    return 2;
  }
  if ((stage === "signatures" || stage === "all") && positionals.length === 0) {
    process.stderr.write(`assay dedup: no input docs\n${DEDUP_USAGE}\n`);
    return 2;
  }
  const rank = Number(values.rank ?? envInt("SLURM_ARRAY_TASK_ID", "JOB_COMPLETION_INDEX") ?? 0);
  const worldSize = Number(values["world-size"] ?? envInt("SLURM_ARRAY_TASK_COUNT") ?? 1);
  // how many ranks ran stage 1 (stages 2-3 may run on a different number of tasks)
  const inputRanks = Number(values["input-ranks"] ?? (stage === "all" ? 1 : worldSize));
  const opts: DedupOptions = {
    ...(values.datatrove ? DATATROVE_COMPATIBLE : DEDUP_DEFAULTS),
    keep,
    indexDir: values.index ?? null,
  };
  const work = join(values.out, "dedup");
  if (stage === "signatures" || stage === "all") {
    const n = await dedupSignatures(jsonlDocs(positionals, rank, stage === "all" ? 1 : worldSize), work, rank, opts);
    process.stdout.write(`dedup: rank ${rank}: ${n} signatures\n`);
  }
  if (stage === "buckets" || stage === "all") dedupBuckets(work, inputRanks, rank, worldSize, opts);
  if (stage === "clusters" || stage === "all") {
    const entries: ClusterEntry[] = dedupClusters(work, inputRanks, opts);
    const removed = entries.filter((e) => e.duplicate_of !== null).length;
    if (values.clusters) {
      const lines = entries.map((e) => `${JSON.stringify({ id: e.id, cluster_id: e.cluster_id })}\n`).join("");
      await writeFile(values.clusters, lines);
    }
    process.stdout.write(`dedup: ${entries.length} docs in clusters of size > 1, ${removed} duplicates to remove\n`);
  }
  return 0;
}
