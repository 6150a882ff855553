// Density scoring of two builds of assay compared in one process, the way docs/density.md "## Speed" prescribes: each
// text of the 52 papers and text-dev scored by one version then the other, in alternating order, CPU time per version,
// and every score checked identical. Run it twice with the builds swapped and take the geometric mean of the two
// ratios: on a loaded machine the version loaded first or second can be several percent faster for reasons of its own.
// Run: node dist/scripts/bench/density-ab.js OLD_ROOT NEW_ROOT [ROUNDS] [SHARED_DIR], each root a checkout built by
// `npx tsc` (its dist/ and models/).
import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import type { DensityScorer } from "../../filters/density/density.js";

type Scores = ReturnType<DensityScorer["score"]>;

async function scorerOf(root: string): Promise<DensityScorer> {
  const url = pathToFileURL(join(resolve(root), "dist/filters/density/density.js")).href;
  const module = (await import(url)) as typeof import("../../filters/density/density.js");
  return new module.DensityScorer();
}

function readTexts(path: string): string[] {
  return readFileSync(path, "utf8")
    .split("\n")
    .filter((l) => l.trim())
    .map((l) => (JSON.parse(l) as { text: string }).text);
}

function cpuMicros(): number {
  const u = process.cpuUsage();
  return u.user + u.system;
}

function sameScores(a: Scores, b: Scores): boolean {
  const keys = Object.keys(a);
  return (
    keys.join() === Object.keys(b).join() && keys.every((k) => Object.is(a[k as keyof Scores], b[k as keyof Scores]))
  );
}

export async function densityAb(oldRoot: string, newRoot: string, rounds = 4, shared = "../shared"): Promise<string> {
  const older = await scorerOf(oldRoot);
  const newer = await scorerOf(newRoot);
  // One copy of the n-gram tables for both, when their layout is the same: where each copy lands in memory moved
  // either version's speed by several percent from one process to the next.
  const layout = (s: DensityScorer) => Object.keys(s.models.words.tables[0] ?? {}).join();
  if (layout(older) === layout(newer))
    for (const m of ["words", "syntax"] as const) newer.models[m].tables.splice(0, Infinity, ...older.models[m].tables);
  const texts = ["papers", "text-dev"].flatMap((set) => readTexts(join(shared, `reference/${set}/docs.jsonl`)));
  const mb = texts.reduce((s, t) => s + Buffer.byteLength(t), 0) / 1e6;
  for (const text of texts.slice(0, 5)) {
    older.score(text);
    newer.score(text);
  }
  let oldMicros = 0;
  let newMicros = 0;
  let differing = 0;
  const lines: string[] = [];
  // Round 0 warms both up and checks the scores; the ratio is over the later rounds.
  for (let round = 0; round < rounds; round++) {
    let o = 0;
    let n = 0;
    texts.forEach((text, i) => {
      const oldFirst = (i + round) % 2 === 0;
      const t0 = cpuMicros();
      const first = (oldFirst ? older : newer).score(text);
      const t1 = cpuMicros();
      const second = (oldFirst ? newer : older).score(text);
      const t2 = cpuMicros();
      o += oldFirst ? t1 - t0 : t2 - t1;
      n += oldFirst ? t2 - t1 : t1 - t0;
      if (round === 0 && !sameScores(first, second)) differing++;
    });
    if (round > 0) [oldMicros, newMicros] = [oldMicros + o, newMicros + n];
    lines.push(`round ${round}: old ${(mb / (o / 1e6)).toFixed(2)} MB/s, new ${(mb / (n / 1e6)).toFixed(2)} MB/s`);
  }
  const perCore = (micros: number) => ((mb * (rounds - 1)) / (micros / 1e6)).toFixed(2);
  lines.push(
    `new/old speed ${(oldMicros / newMicros).toFixed(3)}x; MB/s per core old ${perCore(oldMicros)}, new ${perCore(newMicros)}; ` +
      `texts with any score different: ${differing} of ${texts.length}`,
  );
  return `${lines.join("\n")}\n`;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [oldRoot, newRoot, rounds, shared] = process.argv.slice(2);
  if (!oldRoot || !newRoot) throw new Error("usage: density-ab OLD_ROOT NEW_ROOT [ROUNDS] [SHARED_DIR]");
  process.stdout.write(await densityAb(oldRoot, newRoot, rounds ? Number(rounds) : 4, shared));
}
