import { existsSync, mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { rm } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { type Doc, makeDoc } from "../../../src/doc.js";
import {
  cachedScoresStep,
  dropScoreCache,
  earlierScores,
  keepingScores,
  scoreCachePath,
} from "../../../src/rank/score-cache.js";
import { tempDir } from "../../temp-dir.js";

const COLUMNS = ["density", "density_numbers"];

function scored(id: string, density: number): Doc {
  const doc = makeDoc(id, "text", "test");
  doc.scores = { density, density_numbers: density * 2, other: 1 };
  doc.meta.density = density;
  doc.meta.density_model = "m1";
  return doc;
}

async function* stream<T>(items: T[]): AsyncIterable<T> {
  yield* items;
}

async function all<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}

describe("density scores kept between the passes of assay rank", () => {
  it("gives the apply pass the scores of the documents it finds at the head of the file, in order", async () => {
    const dir = tempDir("assay-cache-");
    try {
      const path = scoreCachePath(dir, 3);
      // c's NaN cannot be kept, and d had its density from its input (not scored by this pass)
      const sketched = [scored("a", 1.5), scored("b", -2.25), scored("c", Number.NaN), scored("d", 0.5)];
      const passed = await all(keepingScores(stream(sketched), path, COLUMNS, (doc) => doc.id !== "d"));
      expect(passed.map((d) => d.id)).toEqual(["a", "b", "c", "d"]);
      expect(readFileSync(path, "utf8").trim().split("\n")).toHaveLength(2);

      // the apply pass reads x (rejected in the sketch pass), a, b, c, d: a and b take their scores exactly
      const fresh = ["x", "a", "b", "c", "d"].map((id) => makeDoc(id, "text", "test"));
      // a's row came with another model's detector these models lack, and a score of its own
      Object.assign((fresh[1] as Doc).scores, { density_vs_retired: 9, reviewer_score: 1 });
      const counters = new Map<string, number>();
      const ctx = {
        rank: 3,
        worldSize: 4,
        reject: async () => {},
        count: (name: string, by = 1) => counters.set(name, (counters.get(name) ?? 0) + by),
      };
      const applied = await all(cachedScoresStep(path).run(stream(fresh), ctx));
      expect(applied.map((d) => [d.id, d.meta.density, d.meta.density_model, d.scores.density_numbers])).toEqual([
        ["x", null, null, undefined],
        ["a", 1.5, "m1", 3],
        ["b", -2.25, "m1", -4.5],
        ["c", null, null, undefined],
        ["d", null, null, undefined],
      ]);
      expect((applied[1] as Doc).scores).toMatchObject({ reviewer_score: 1 });
      expect((applied[1] as Doc).scores.density_vs_retired).toBeUndefined();
      expect(counters.get("scores_from_sketch")).toBe(2);
      // an input edited between the passes (same id, other text) is scored again
      const edited = [makeDoc("a", "other text", "test"), makeDoc("b", "text", "test")];
      const reread = await all(cachedScoresStep(path).run(stream(edited), ctx));
      expect(reread.map((d) => d.meta.density)).toEqual([null, -2.25]);
      // a file cut short ends what it gives, without an error
      writeFileSync(path, `${readFileSync(path, "utf8").split("\n")[0]}\n{"id":"b","te`);
      const cut = await all(cachedScoresStep(path).run(stream(["a", "b"].map((id) => makeDoc(id, "text", "t"))), ctx));
      expect(cut.map((d) => d.meta.density)).toEqual([1.5, null]);
      // no file: nothing taken, nothing lost
      const none = await all(cachedScoresStep(join(dir, "nope.jsonl")).run(stream([makeDoc("a", "t", "s")]), ctx));
      expect(none[0]?.meta.density).toBeNull();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it("drops the file, not the documents, when it cannot be written", async () => {
    const dir = tempDir("assay-cache-");
    try {
      // a directory where the file would go, and a full disk: every document still passes, and no file is left
      for (const path of [join(dir, "blocked"), "/dev/full"]) {
        if (path !== "/dev/full") mkdirSync(`${path}.tmp`);
        const target = path === "/dev/full" ? join(dir, "full.jsonl") : path;
        if (path === "/dev/full") symlinkSync("/dev/full", `${target}.tmp`);
        const passed = await all(keepingScores(stream([scored("a", 1), scored("b", 2)]), target, COLUMNS, () => true));
        expect(
          passed.map((d) => d.id),
          path,
        ).toEqual(["a", "b"]);
        expect(existsSync(target), path).toBe(false);
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
  it("takes what a sketch pass stopped midway had written (its temporary file), and tidies it once its own is whole", async () => {
    const dir = tempDir("assay-cache-");
    try {
      const path = scoreCachePath(dir, 0);
      const ctx = { rank: 0, worldSize: 1, reject: async () => {}, count: () => {} };
      // a killed pass: a and b written, c's line cut by the kill
      await all(keepingScores(stream([scored("a", 1.5), scored("b", -2)]), path, COLUMNS, () => true));
      writeFileSync(`${path}.tmp`, `${readFileSync(path, "utf8")}{"id":"c","te`);
      await rm(path);
      const earlier = await earlierScores(path);
      expect(earlier).not.toBe(path);
      // the next pass reads it while writing its own temporary file, and keeps the scores it took
      const fresh = ["a", "b", "c"].map((id) => makeDoc(id, "text", "test"));
      const taken = cachedScoresStep(earlier).run(stream(fresh), ctx);
      const rescored = (async function* () {
        for await (const doc of taken) yield doc.meta.density === null ? scored(doc.id, 3) : doc;
      })();
      const passed = await all(keepingScores(rescored, path, COLUMNS, () => true));
      expect(passed.map((d) => d.meta.density)).toEqual([1.5, -2, 3]);
      expect(readdirSync(dir)).toEqual(["density-scores-00000.jsonl"]);
      expect(readFileSync(path, "utf8").trim().split("\n")).toHaveLength(3);

      // stopped again before it wrote as much as the file it was reading: the longer one is kept
      writeFileSync(`${path}.tmp`, readFileSync(path, "utf8"));
      await rm(path);
      expect(await earlierScores(path)).toBe(earlier);
      writeFileSync(`${path}.tmp`, readFileSync(earlier, "utf8").split("\n")[0] as string);
      expect(await earlierScores(path)).toBe(earlier);
      expect(readFileSync(earlier, "utf8").trim().split("\n")).toHaveLength(3);
      // a whole file wins over any unfinished one, and ranking drops them all
      await all(keepingScores(stream([scored("a", 1)]), path, COLUMNS, () => true));
      writeFileSync(`${path}.tmp`, "{");
      writeFileSync(earlier, "{");
      expect(await earlierScores(path)).toBe(path);
      await dropScoreCache(path);
      expect(readdirSync(dir)).toEqual([]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
