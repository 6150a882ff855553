// The persistent index (`--index DIR`): one generation directory per published run, each a stage 1 source holding
// only the docs that run kept. A nightly run reads the generations as extra sources (their docs are never
// removed) and publishes its own kept docs as a new generation: written to a temp dir, then renamed, so a crash
// leaves the index as it was.
import {
  closeSync,
  existsSync,
  mkdirSync,
  openSync,
  readdirSync,
  readSync,
  renameSync,
  rmSync,
  writeFileSync,
  writeSync,
} from "node:fs";
import { join } from "node:path";
import { readDocRecords, recordWords, sourceCount } from "./signature-store.js";

const GENERATION = /^gen-\d{5}$/;

/** Published generations, oldest first. */
export function indexGenerations(indexDir: string): string[] {
  if (!existsSync(indexDir)) return [];
  return readdirSync(indexDir)
    .filter((n) => GENERATION.test(n))
    .sort()
    .map((n) => join(indexDir, n));
}

/** Appends the kept docs of this run's rank sources (not in `removed`, keyed "rank:doc") as the next generation. */
export function publishGeneration(
  indexDir: string,
  rankSources: readonly string[],
  removed: ReadonlySet<string>,
  numHashes: number,
): string {
  mkdirSync(indexDir, { recursive: true });
  const name = `gen-${String(indexGenerations(indexDir).length + 1).padStart(5, "0")}`;
  const tmp = join(indexDir, `.tmp-${name}`);
  rmSync(tmp, { recursive: true, force: true });
  mkdirSync(tmp);
  const bytesPerRecord = recordWords(numHashes) * 4;
  const out = openSync(join(tmp, "sigs.bin"), "w");
  const lines: string[] = [];
  const record = new Uint8Array(bytesPerRecord);
  try {
    rankSources.forEach((source, rank) => {
      const records = readDocRecords(source);
      const fd = openSync(join(source, "sigs.bin"), "r");
      try {
        for (let doc = 0; doc < sourceCount(source); doc++) {
          if (removed.has(`${rank}:${doc}`)) continue;
          readSync(fd, record, 0, bytesPerRecord, doc * bytesPerRecord);
          writeSync(out, record);
          lines.push(JSON.stringify(records[doc]));
        }
      } finally {
        closeSync(fd);
      }
    });
  } finally {
    closeSync(out);
  }
  writeFileSync(join(tmp, "docs.jsonl"), lines.length ? `${lines.join("\n")}\n` : "");
  writeFileSync(join(tmp, "count.json"), JSON.stringify({ count: lines.length }));
  const dest = join(indexDir, name);
  renameSync(tmp, dest);
  return dest;
}
