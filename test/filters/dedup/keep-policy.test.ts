// The documented keep order, one rule at a time: each case differs from the base only in the rule under test.
import { rmSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { DEDUP_DEFAULTS, dedupLocal } from "../../../filters/dedup/dedup-run.js";
import { awaitingDensity, compareForKeep, type KeepRecord, supersedes } from "../../../filters/dedup/keep-policy.js";
import { DensityScorer } from "../../../filters/density/density.js";
import { type Doc, makeDoc } from "../../../src/doc.js";
import { docToRow, rowToDoc } from "../../../src/io/columns.js";
import { tempDir } from "../../temp-dir.js";
import { streamOf } from "./reference-docs.js";

const base: KeepRecord = {
  id: "b",
  arxivId: "1807.03748",
  arxivVersion: 1,
  extraction: "text-layer",
  density: 0.5,
  chars: 1000,
  damagedPages: 0,
  openLicence: false,
};
const kept = (...records: KeepRecord[]) => [...records].sort(compareForKeep)[0]?.id;

describe("supersedes (a new copy against a published one)", () => {
  it("replaces on fewer damaged pages, a later arXiv version or a text layer, never on density, length or id", () => {
    expect(supersedes({ ...base, id: "z" }, { ...base, damagedPages: 2 })).toBe(true);
    expect(supersedes({ ...base, id: "z", arxivVersion: 2 }, base)).toBe(true);
    expect(supersedes({ ...base, id: "z" }, { ...base, extraction: "ocr" })).toBe(true);
    expect(supersedes({ ...base, id: "a", density: 0.9, chars: 5000 }, base)).toBe(false);
    expect(supersedes(base, base)).toBe(false);
    // an older version read whole is not replaced by a newer one with a page missing
    expect(supersedes({ ...base, id: "v2", arxivVersion: 2, damagedPages: 1 }, base)).toBe(false);
  });
  it("does not replace a published copy on a rule it cannot answer (a JSON Lines record: no version, no extraction)", () => {
    const record = { ...base, id: "record", arxivVersion: null, extraction: null, damagedPages: null };
    expect(supersedes({ ...base, id: "pdf" }, record)).toBe(false);
    expect(supersedes({ ...base, id: "pdf", openLicence: true }, record)).toBe(true);
    // within one run the unknown still counts as before: a stated v2 is kept over a record without a version
    expect(kept({ ...base, id: "z", arxivVersion: 2 }, record)).toBe("z");
  });
});

describe("compareForKeep", () => {
  it("prefers a copy under an open licence over everything else: the other may not be trained on or shared", () => {
    const restricted = { ...base, id: "a", arxivVersion: 2, density: 0.9, chars: 5000 };
    const open = { ...base, id: "open", damagedPages: 1, extraction: "ocr" as const, openLicence: true };
    expect(kept(restricted, open)).toBe("open");
    // A record of an older index without the field is no evidence of an open licence.
    expect(kept({ ...restricted, openLicence: undefined }, open)).toBe("open");
    expect(supersedes(open, { ...restricted, openLicence: undefined })).toBe(true);
    expect(supersedes(restricted, open)).toBe(false);
  });
  it("then fewer damaged pages", () => {
    const damaged = { ...base, id: "a", damagedPages: 1, arxivVersion: 2, density: 0.9, chars: 5000 };
    expect(kept(damaged, base)).toBe("b");
    expect(kept({ ...damaged, id: "two", damagedPages: 2 }, damaged)).toBe("a");
    // Unknown damage (a record or shard without the column) is no evidence of damage.
    expect(kept({ ...base, id: "unknown", damagedPages: null }, { ...damaged, damagedPages: 1 })).toBe("unknown");
    expect(kept({ ...base, id: "a", damagedPages: null }, base)).toBe("a");
  });
  it("then the latest arXiv version", () => {
    const v2 = { ...base, id: "v2", arxivVersion: 2, extraction: "ocr" as const, density: 0.1, chars: 10 };
    expect(kept(base, v2)).toBe("v2");
    expect(kept({ ...base, arxivId: null, arxivVersion: null, id: "proceedings" }, base)).toBe("b");
  });
  it("compares versions only between copies of one arXiv id: another id's v8 is no later than this one's v1", () => {
    const otherId = { ...base, id: "a", arxivId: "7310.02831", arxivVersion: 8, density: 0.1 };
    expect(kept(otherId, base)).toBe("b");
    expect(awaitingDensity([otherId, { ...base, density: null }], (r) => r).map((r) => r.id)).toEqual(["b"]);
    expect(supersedes({ ...otherId, density: 0.9 }, base)).toBe(false);
  });
  it("then the text layer over mixed over OCR", () => {
    expect(kept({ ...base, id: "ocr", extraction: "ocr", density: 0.9 }, base)).toBe("b");
    expect(kept({ ...base, id: "mixed", extraction: "mixed" }, { ...base, id: "ocr", extraction: "ocr" })).toBe(
      "mixed",
    );
  });
  it("then higher density, then the longer text, then the smaller id", () => {
    expect(kept({ ...base, id: "dense", density: 0.6, chars: 10 }, base)).toBe("dense");
    expect(kept({ ...base, id: "unscored", density: null, chars: 5000 }, base)).toBe("b");
    expect(kept({ ...base, id: "long", chars: 1001 }, base)).toBe("long");
    expect(kept({ ...base, id: "c" }, base)).toBe("b");
  });
});

describe("awaitingDensity", () => {
  const ids = (...records: KeepRecord[]) => awaitingDensity(records, (r) => r).map((r) => r.id);
  const unscored = { ...base, density: null };
  it("names the members without density that tie first on the rules before it", () => {
    expect(ids({ ...unscored, id: "a" }, { ...unscored, id: "c", chars: 9000 }, base)).toEqual(["a", "c"]);
    expect(ids({ ...unscored, id: "a" }, { ...base, id: "c", extraction: "ocr", density: null })).toEqual([]);
  });
  it("names none when an earlier rule decides, or every tied member has a density", () => {
    expect(ids({ ...unscored, id: "v2", arxivVersion: 2 }, unscored)).toEqual([]);
    expect(ids(base, { ...base, id: "c", density: 0.1 })).toEqual([]);
    expect(ids(unscored)).toEqual([]);
  });
});

describe("keep policy in a dedup run", () => {
  const work = tempDir("assay-dedup-keep-");
  afterAll(() => rmSync(work, { recursive: true, force: true }));
  // The broken corpus's case: one copy lost part of a page and scores a higher density than the two intact copies.
  const paper = (id: string, text: string, density: number, damaged: number) => {
    const doc = makeDoc(id, text, `${id}.pdf`, { arxiv_id: "1409.3215", arxiv_version: 3, density });
    doc.meta.extraction = "text-layer";
    doc.scores.damaged_pages = damaged;
    return doc;
  };
  const docs = [
    paper("corrupt-content-stream", "Sequence to Sequence Learning with Neural Networks, page 1 garbled", 2.12, 1),
    paper("corrupt-xref-offsets", "Sequence to Sequence Learning with Neural Networks, all of page 1", 2.07, 0),
    paper("corrupt-startxref-beyond-eof", "Sequence to Sequence Learning with Neural Networks, all of page 1", 2.07, 0),
  ];
  // `assay run` dedups in a later pass that reads the ingest pass's shards back: the score must survive the row.
  const readBack = (doc: Doc) => rowToDoc(docToRow(doc, { pipelineVersion: "t", configHash: "t" }), "", "");

  it("keeps the copy under an open licence over a later version under arXiv's licence alone", async () => {
    const text = "Sequence to Sequence Learning with Neural Networks, all of page 1";
    const copy = (id: string, version: number, license: string) =>
      makeDoc(id, text, `${id}.pdf`, { arxiv_id: "1409.3215", arxiv_version: version, license, density: 2 });
    const input = [
      copy("v2-arxiv-only", 2, "http://arxiv.org/licenses/nonexclusive-distrib/1.0/"),
      copy("v1-cc-by", 1, "http://creativecommons.org/licenses/by/4.0/"),
    ];
    const entries = await dedupLocal(streamOf(input.map(readBack)), join(work, "licence"), DEDUP_DEFAULTS);
    expect(entries.map((e) => [e.id, e.duplicate_of])).toEqual([
      ["v2-arxiv-only", "v1-cc-by"],
      ["v1-cc-by", null],
    ]);
  });

  it("reads the licence a record carries in its metadata, as the rights step does", async () => {
    const text = "Sequence to Sequence Learning with Neural Networks, all of page 1";
    const restricted = makeDoc("v2", text, "v2.pdf", { arxiv_id: "1409.3215", arxiv_version: 2, density: 2 });
    const open = makeDoc("v1", text, "v1.jsonl#1", { arxiv_id: "1409.3215", arxiv_version: 1, density: 2 });
    open.meta.metadata = JSON.stringify({ license: "cc-by-4.0", url: "https://example.org/v1" });
    const entries = await dedupLocal(streamOf([restricted, open]), join(work, "carried"), DEDUP_DEFAULTS);
    expect(entries.map((e) => [e.id, e.duplicate_of])).toEqual([
      ["v2", "v1"],
      ["v1", null],
    ]);
  });

  it("scores again a density another model scored before it decides, and trusts the current model's", async () => {
    const text = "Sequence to Sequence Learning with Neural Networks, all of page 1";
    const copies = (model: string) =>
      [
        ["zzz", 30],
        ["aaa", -30],
      ].map(([id, density]) =>
        makeDoc(id as string, text, `${id}.jsonl#1`, { density: density as number, density_model: model }),
      );
    const kept = async (model: string) => {
      const entries = await dedupLocal(streamOf(copies(model)), join(work, `model-${model}`), DEDUP_DEFAULTS);
      return entries.find((e) => e.duplicate_of === null)?.id;
    };
    // Scored again, the two copies of one text tie, and the smaller id is kept; a stale 30 kept "zzz".
    expect(await kept("000000000000")).toBe("aaa");
    expect(await kept(new DensityScorer().modelId)).toBe("zzz");
  });

  for (const [name, input] of [
    ["as ingest yields them", docs],
    ["read back from shards", docs.map(readBack)],
  ] as const) {
    it(`keeps an intact copy over a denser one with a damaged page, ${name}`, async () => {
      const entries = await dedupLocal(streamOf(input), join(work, name), DEDUP_DEFAULTS);
      expect(entries.map((e) => [e.id, e.duplicate_of])).toEqual([
        ["corrupt-content-stream", "corrupt-startxref-beyond-eof"],
        ["corrupt-xref-offsets", "corrupt-startxref-beyond-eof"],
        ["corrupt-startxref-beyond-eof", null],
      ]);
    });
  }
});
