import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { readLicenceIndex } from "../../../filters/rights/arxiv-metadata.js";
import {
  ARXIV_NONEXCLUSIVE,
  allowedLicences,
  knownLicence,
  normaliseLicence,
  OPEN_LICENCES,
  PUBLIC_DOMAIN,
} from "../../../filters/rights/licence.js";
import { RIGHTS_COUNTERS, rightsDecision } from "../../../filters/rights/rights.js";
import { makeDoc } from "../../../src/doc.js";
import { tempDir } from "../../temp-dir.js";

describe("licence names", () => {
  it("turns arXiv's licence URLs and users' spellings into SPDX ids", () => {
    expect(normaliseLicence("http://creativecommons.org/licenses/by/4.0/")).toBe("CC-BY-4.0");
    expect(normaliseLicence("https://creativecommons.org/licenses/by-nc-sa/3.0/")).toBe("CC-BY-NC-SA-3.0");
    expect(normaliseLicence("http://creativecommons.org/licenses/by-nc-nd/4.0/")).toBe("CC-BY-NC-ND-4.0");
    expect(normaliseLicence("http://creativecommons.org/publicdomain/zero/1.0/")).toBe("CC0-1.0");
    expect(normaliseLicence("http://creativecommons.org/licenses/publicdomain/")).toBe(PUBLIC_DOMAIN);
    expect(normaliseLicence("http://arxiv.org/licenses/nonexclusive-distrib/1.0/")).toBe(ARXIV_NONEXCLUSIVE);
    expect(normaliseLicence(" cc-by-sa-4.0 ")).toBe("CC-BY-SA-4.0");
    expect(normaliseLicence("https://creativecommons.org/licenses/by-nc/4.0/deed.en")).toBe("CC-BY-NC-4.0");
    expect(normaliseLicence("https://creativecommons.org/licenses/by/4.0/legalcode")).toBe("CC-BY-4.0");
    expect(normaliseLicence("http://www.creativecommons.org/licenses/by/3.0")).toBe("CC-BY-3.0");
    expect(normaliseLicence("HTTP://CREATIVECOMMONS.ORG/LICENSES/BY-SA/4.0/")).toBe("CC-BY-SA-4.0");
    expect(normaliseLicence("MIT")).toBe("MIT");
    expect(normaliseLicence("  ")).toBeNull();
    expect(normaliseLicence(null)).toBeNull();
    // as people write them: spaces or underscores for hyphens, CC0 and public domain in words
    expect(normaliseLicence("CC BY 4.0")).toBe("CC-BY-4.0");
    expect(normaliseLicence("CC BY-SA 4.0")).toBe("CC-BY-SA-4.0");
    expect(normaliseLicence("cc_by_nc_3.0")).toBe("CC-BY-NC-3.0");
    expect(normaliseLicence("CC0 1.0")).toBe("CC0-1.0");
    expect(normaliseLicence("Public Domain")).toBe(PUBLIC_DOMAIN);
    // a dump's word for no licence is none, not a licence named "unknown"
    for (const none of ["unknown", "None", "NULL", "n/a", "-"]) expect(normaliseLicence(none), none).toBeNull();
  });

  it("reads a licence URL whole: one only mentioned in other text, or a ported licence, is not the licence", () => {
    for (const name of [
      "https://example.com/creativecommons.org/licenses/by/4.0/",
      "http://creativecommons.org/licenses/by/4.0/ except figures 2-4",
      "not http://creativecommons.org/publicdomain/zero/1.0/",
      "https://mirror.example/arxiv.org/licenses/nonexclusive-distrib/1.0/",
      // ported and IGO licences are licences of their own (SPDX CC-BY-3.0-IGO, CC-BY-2.0-UK), not the unported one
      "https://creativecommons.org/licenses/by/3.0/igo/",
      "http://creativecommons.org/licenses/by/2.0/uk/",
    ])
      expect(normaliseLicence(name), name).toBe(name);
    const allow = allowedLicences(["open"]);
    const record = makeDoc("d", "text", "s", { license: "https://example.com/creativecommons.org/licenses/by/4.0/" });
    expect(rightsDecision(record, { index: null, allow }, () => {})).toMatch(/^license_not_allowed:https:\/\/example/);
  });

  it("knows the licences arXiv uses and `open`, so that a typo in --licenses is named before the run", () => {
    for (const name of [
      "open",
      "CC-BY-4.0",
      "cc-by-nc-nd-4.0",
      "CC0",
      "public-domain",
      "http://arxiv.org/licenses/nonexclusive-distrib/1.0/",
    ])
      expect(knownLicence(name), name).toBe(true);
    for (const name of ["bogus-licence", "CC-BY", "MIT"]) expect(knownLicence(name), name).toBe(false);
  });

  it("expands `open` to CC BY, CC BY-SA, CC0 and public domain, never a non-commercial or arXiv-only licence", () => {
    const open = allowedLicences(["open", "cc-by-nc-4.0"]);
    for (const id of OPEN_LICENCES) expect(open.has(id)).toBe(true);
    expect(open.has("CC-BY-NC-4.0")).toBe(true);
    expect(allowedLicences(["open"]).has("CC-BY-NC-SA-4.0")).toBe(false);
    expect(allowedLicences(["open"]).has(ARXIV_NONEXCLUSIVE)).toBe(false);
  });
});

describe("arXiv metadata", () => {
  it("reads the snapshot's records, skips lines without an id, and names a file it cannot use", async () => {
    const dir = tempDir("assay-rights-");
    const path = join(dir, "meta.jsonl");
    writeFileSync(
      path,
      [
        { id: "1706.03762", license: "http://arxiv.org/licenses/nonexclusive-distrib/1.0/", title: "Attention" },
        { id: "math/0309136", license: null },
        { arxiv_id: "2101.00001v3", license: "http://creativecommons.org/licenses/by/4.0/" },
        { title: "no id" },
      ]
        .map((r) => JSON.stringify(r))
        .join("\n") + "\n{broken\n",
    );
    const index = await readLicenceIndex(path);
    expect([...index]).toEqual([
      ["1706.03762", ARXIV_NONEXCLUSIVE],
      ["math/0309136", null],
      ["2101.00001", "CC-BY-4.0"],
    ]);
    await expect(readLicenceIndex(join(dir, "none.jsonl"))).rejects.toThrow(/cannot read arXiv metadata .*ENOENT/);
    const empty = join(dir, "empty.jsonl");
    writeFileSync(empty, '{"title": "x"}\n');
    await expect(readLicenceIndex(empty)).rejects.toThrow(/no records with an "id"/);
    // lines without an id among good ones are passed over, and counted for a warning
    const mixed = join(dir, "mixed.jsonl");
    writeFileSync(mixed, '{"id": "2101.00001", "license": "CC-BY-4.0"}\nnot json\n[1]\n{"id": 7}\n');
    const passedOver: number[] = [];
    const read = await readLicenceIndex(mixed, undefined, (lines) => passedOver.push(lines));
    expect([read.size, passedOver]).toEqual([1, [3]]);
  });
});

describe("arXiv metadata with an id twice", () => {
  it("takes a paper whose lines name two licences as without one (unclear rights), and names the ids", async () => {
    const dir = tempDir("assay-rights-");
    const path = join(dir, "meta.jsonl");
    const by = "http://creativecommons.org/licenses/by/4.0/";
    const arxivOnly = "http://arxiv.org/licenses/nonexclusive-distrib/1.0/";
    writeFileSync(
      path,
      [
        { id: "1706.03762", license: arxivOnly },
        { id: "2101.00001", license: by },
        { id: "1706.03762", license: by },
        { id: "2101.00001", license: "CC-BY-4.0" },
        { id: "1706.03762v2", license: arxivOnly },
      ]
        .map((r) => `${JSON.stringify(r)}\n`)
        .join(""),
    );
    const conflicts: string[] = [];
    const index = await readLicenceIndex(path, (id) => conflicts.push(id));
    expect([...index]).toEqual([
      ["1706.03762", null],
      ["2101.00001", "CC-BY-4.0"],
    ]);
    expect(conflicts).toEqual(["1706.03762"]);
  });
});

describe("rights decision", () => {
  const index = new Map<string, string | null>([
    ["2101.00001", "CC-BY-4.0"],
    ["1706.03762", ARXIV_NONEXCLUSIVE],
    ["math/0309136", null],
  ]);
  const paper = (arxivId: string | null, license: string | null = null) =>
    makeDoc("d", "text", "s", { arxiv_id: arxivId, license });

  it("fills the licence from the metadata, keeps a record's own, and counts what it could not find", () => {
    const counts: string[] = [];
    const count = (c: string) => counts.push(c);
    const joined = paper("2101.00001");
    expect(rightsDecision(joined, { index, allow: null }, count)).toBeNull();
    expect(joined.meta.license).toBe("CC-BY-4.0");
    const own = paper("1706.03762", "MIT");
    expect(rightsDecision(own, { index, allow: null }, count)).toBeNull();
    expect(own.meta.license).toBe("MIT");
    rightsDecision(paper("9999.99999"), { index, allow: null }, count);
    rightsDecision(paper("math.GT/0309136v1"), { index, allow: null }, count);
    rightsDecision(paper(null), { index, allow: null }, count);
    // a record's own licence that arXiv's metadata contradicts is kept, and counted for a person to look at
    // and the three left without any licence, each once
    expect(counts).toEqual([
      RIGHTS_COUNTERS.joined,
      RIGHTS_COUNTERS.differs,
      RIGHTS_COUNTERS.notInMetadata,
      RIGHTS_COUNTERS.none,
      RIGHTS_COUNTERS.noneInMetadata,
      RIGHTS_COUNTERS.none,
      RIGHTS_COUNTERS.none,
    ]);
    const agrees: string[] = [];
    rightsDecision(paper("2101.00001", "cc-by-4.0"), { index, allow: null }, (c) => agrees.push(c));
    expect(agrees).toEqual([]);
  });

  it("drops a document whose own licence is allowed when arXiv's metadata names one the selection does not allow", () => {
    const allow = allowedLicences(["open"]);
    const none = () => {};
    // a record (or an earlier run's output) claims CC BY for a paper arXiv may only distribute
    const claimed = paper("1706.03762", "http://creativecommons.org/licenses/by/4.0/");
    expect(rightsDecision(claimed, { index, allow }, none)).toBe(`license_conflict:${ARXIV_NONEXCLUSIVE}`);
    // both allowed: kept, under the record's
    const both = paper("2101.00001", "CC-BY-SA-4.0");
    expect(rightsDecision(both, { index, allow }, none)).toBeNull();
    expect(both.meta.license).toBe("CC-BY-SA-4.0");
  });

  it("holds a record that names two licences to the one that is not open", () => {
    const allow = allowedLicences(["open"]);
    const both = makeDoc("d", "text", "s", { license: "CC-BY-4.0", metadata: '{"licence": "CC BY-NC-ND 4.0"}' });
    expect(rightsDecision(both, { index: null, allow }, () => {})).toBe("license_not_allowed:CC-BY-NC-ND-4.0");
    const agree = makeDoc("d", "text", "s", { license: "CC-BY-4.0", metadata: '{"License": "cc-by-4.0"}' });
    expect(rightsDecision(agree, { index: null, allow }, () => {})).toBeNull();
  });

  it("drops documents whose licence is unknown or not allowed, naming the licence", () => {
    const allow = allowedLicences(["open"]);
    const none = () => {};
    expect(rightsDecision(paper("2101.00001v2"), { index, allow }, none)).toBeNull();
    expect(rightsDecision(paper("1706.03762"), { index, allow }, none)).toBe(
      `license_not_allowed:${ARXIV_NONEXCLUSIVE}`,
    );
    expect(rightsDecision(paper("math/0309136"), { index, allow }, none)).toBe("license_unknown");
    expect(rightsDecision(paper(null), { index: null, allow }, none)).toBe("license_unknown");
    // a record's licence URL is compared by its SPDX id
    const record = paper(null, "https://creativecommons.org/licenses/by-sa/4.0/");
    expect(rightsDecision(record, { index: null, allow }, none)).toBeNull();
  });

  it("takes a record's licence from the fields it carries in `metadata` (datatrove's and Dolma's nesting, other spellings)", () => {
    const none = () => {};
    const allow = allowedLicences(["open"]);
    const carried = (metadata: Record<string, unknown>, arxivId: string | null = null) =>
      makeDoc("d", "text", "s", { arxiv_id: arxivId, metadata: JSON.stringify(metadata) });
    for (const metadata of [{ license: "CC-BY-4.0" }, { licence: "cc-by-4.0" }, { License: "CC-BY-4.0", url: "u" }]) {
      const doc = carried(metadata);
      expect(rightsDecision(doc, { index: null, allow }, none), JSON.stringify(metadata)).toBeNull();
      expect(doc.meta.license).toBe("CC-BY-4.0");
    }
    // the record's own word is kept over arXiv's, as a top-level `license` is
    const nc = carried({ license: "http://creativecommons.org/licenses/by-nc-nd/4.0/" }, "2101.00001");
    expect(rightsDecision(nc, { index, allow }, none)).toBe("license_not_allowed:CC-BY-NC-ND-4.0");
    // a licence that is no text, or metadata that is no object, is no licence
    expect(rightsDecision(carried({ license: { spdx: "CC-BY-4.0" } }), { index: null, allow }, none)).toBe(
      "license_unknown",
    );
    const list = makeDoc("d", "text", "s", { metadata: "[1]" });
    expect(rightsDecision(list, { index: null, allow }, none)).toBe("license_unknown");
  });

  it("writes a record's licence as its SPDX id, so that shards and report count one licence under one name", () => {
    const none = () => {};
    for (const [given, written] of [
      ["https://creativecommons.org/licenses/by-sa/4.0/", "CC-BY-SA-4.0"],
      ["cc-by-4.0", "CC-BY-4.0"],
      ["http://creativecommons.org/licenses/by-nc-nd/4.0/legalcode", "CC-BY-NC-ND-4.0"],
      [" MIT ", "MIT"],
      ["", null],
    ] as const) {
      for (const allow of [null, allowedLicences(["open"])]) {
        const doc = paper(null, given);
        rightsDecision(doc, { index: null, allow }, none);
        expect(doc.meta.license, given).toBe(written);
      }
    }
    // an empty licence is none: arXiv's metadata fills it
    const empty = paper("2101.00001", "");
    expect(rightsDecision(empty, { index, allow: allowedLicences(["open"]) }, none)).toBeNull();
    expect(empty.meta.license).toBe("CC-BY-4.0");
  });
});
