// Exact dedup: same normalised text (even below MinHash's 5 words), same source bytes, same (canonical) arXiv id.
import { rmSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { DATATROVE_COMPATIBLE, DEDUP_DEFAULTS, dedupLocal } from "../../../filters/dedup/dedup-run.js";
import { makeDoc } from "../../../src/doc.js";
import { tempDir } from "../../temp-dir.js";
import { streamOf } from "./reference-docs.js";

describe("exact keys", () => {
  const work = tempDir("assay-dedup-exact-");
  afterAll(() => rmSync(work, { recursive: true, force: true }));
  const docs = [
    makeDoc("short-a", "Hello, World!", "a"),
    makeDoc("short-b", "hello   world", "b"),
    makeDoc("short-c", "hello there", "c"),
    makeDoc("bytes-a", "first extraction of a scanned page", "d", { source_sha256: "ab".repeat(32) }),
    makeDoc("bytes-b", "a different OCR reading entirely", "e", { source_sha256: "ab".repeat(32) }),
    makeDoc("v1", "old abstract", "f", { arxiv_id: "1807.03748", arxiv_version: 1 }),
    makeDoc("v2", "rewritten abstract", "g", { arxiv_id: "1807.03748", arxiv_version: 2 }),
    // An old-style paper: v1 named by its file ("math0309136v1.pdf"), v2 by an old stamp with the subject class.
    makeDoc("old-v1", "first knot text", "h", { arxiv_id: "math/0309136", arxiv_version: 1 }),
    makeDoc("old-v2", "arXiv:math.GT/0309136v2 [math.GT] 8 Sep 2003 revised knot text", "i"),
  ];

  it("joins same normalised text, same source bytes and same arXiv id; keeps the latest version", async () => {
    const entries = await dedupLocal(streamOf(docs), join(work, "on"), DEDUP_DEFAULTS);
    const cluster = new Map(entries.map((e) => [e.id, e.cluster_id]));
    expect(cluster.get("short-a")).toBe(cluster.get("short-b"));
    expect(cluster.has("short-c")).toBe(false);
    expect(cluster.get("bytes-a")).toBe(cluster.get("bytes-b"));
    expect(entries.find((e) => e.id === "v1")?.duplicate_of).toBe("v2");
    expect(entries.find((e) => e.id === "v2")?.duplicate_of).toBeNull();
    expect(entries.find((e) => e.id === "old-v1")?.duplicate_of).toBe("old-v2");
    expect(entries).toHaveLength(8);
  });

  it("are off in datatrove-compatible mode, where these texts are too short or too different to match", async () => {
    expect(await dedupLocal(streamOf(docs), join(work, "off"), DATATROVE_COMPATIBLE)).toEqual([]);
  });
});
