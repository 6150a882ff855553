// Paper-aware dedup on the 52 shared papers (pdftotext): every dup_group of the corpus manifest is one cluster,
// nothing else merges, and the kept copy is the group's latest arXiv version.
import { existsSync, rmSync } from "node:fs";
import { afterAll, describe, expect, it } from "vitest";
import { DEDUP_DEFAULTS, dedupLocal } from "../../../filters/dedup/dedup-run.js";
import { findStampInText } from "../../../src/arxiv-id.js";
import { tempDir } from "../../temp-dir.js";
import { lines, readReferenceDocs, streamOf } from "./reference-docs.js";

const DOCS = "../shared/reference/papers/docs.jsonl";
const MANIFEST = "../shared/corpus/pdf/born-digital/manifest.tsv";
const present = existsSync(DOCS) && existsSync(MANIFEST);
if (!present) console.warn(`skipping paper dedup tests: ${DOCS} or ${MANIFEST} absent`);

interface PaperRow {
  group: string;
  arxivId: string;
  version: number | null;
}

function manifest(): Map<string, PaperRow> {
  const [header, ...rows] = lines(MANIFEST).map((l) => l.split("\t"));
  const col = (name: string) => (header as string[]).indexOf(name);
  const out = new Map<string, PaperRow>();
  for (const r of rows) {
    const id = (r[col("file")] as string).replace(/^.*\//, "").replace(/\.pdf$/, "");
    const v = r[col("arxiv_version")] as string;
    out.set(id, {
      group: r[col("dup_group")] as string,
      arxivId: r[col("arxiv_id")] as string,
      version: v ? Number(v.slice(1)) : null,
    });
  }
  return out;
}

describe.skipIf(!present)("paper dedup on the shared corpus", () => {
  const work = tempDir("assay-dedup-papers-");
  afterAll(() => rmSync(work, { recursive: true, force: true }));
  const docs = readReferenceDocs(DOCS);
  const rows = present ? manifest() : new Map<string, PaperRow>();

  it("reads arXiv id and version from the stamp line, as the manifest says", () => {
    let stamped = 0;
    for (const doc of docs) {
      const row = rows.get(doc.id) as PaperRow;
      const stamp = findStampInText(doc.text);
      if (stamp) {
        stamped++;
        expect({ id: stamp.id, version: stamp.version }, doc.id).toEqual({ id: row.arxivId, version: row.version });
      } else expect(row.arxivId, doc.id).toBe("");
    }
    expect(stamped).toBeGreaterThan(35);
  });

  it("clusters all 12 dup_groups without false merges and keeps the latest arXiv version", async () => {
    const entries = await dedupLocal(streamOf(docs), work, DEDUP_DEFAULTS);
    const groups = new Map<string, string[]>();
    for (const [id, row] of rows) if (row.group !== "-") groups.set(row.group, [...(groups.get(row.group) ?? []), id]);
    expect(groups.size).toBe(12);
    const cluster = new Map(entries.map((e) => [e.id, e.cluster_id]));
    // no false merges: every clustered doc belongs to a group, and its cluster holds only that group
    for (const e of entries) {
      const group = rows.get(e.id)?.group as string;
      expect(group, `${e.id} clustered but in no dup_group`).not.toBe("-");
      expect(rows.get(e.cluster_id)?.group, `${e.id} merged across groups`).toBe(group);
    }
    for (const [group, ids] of groups) {
      const clusters = new Set(ids.map((id) => cluster.get(id)));
      expect(clusters.size, `${group} split or missed`).toBe(1);
      expect(clusters.has(undefined), `${group} missed`).toBe(false);
      const kept = entries.filter((e) => ids.includes(e.id) && e.duplicate_of === null).map((e) => e.id);
      expect(kept, group).toHaveLength(1);
      const latest = Math.max(...ids.map((id) => rows.get(id)?.version ?? 0));
      if (latest > 0) expect(rows.get(kept[0] as string)?.version, `${group} keeps ${kept[0]}`).toBe(latest);
    }
  });
});
