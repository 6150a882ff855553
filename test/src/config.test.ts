import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ConfigError, configHash, INGEST_DEFAULTS, loadConfig, parseConfig } from "../../src/config.js";
import { RANK_DEFAULTS } from "../../src/rank/tiers.js";
import { tempDir } from "../temp-dir.js";

describe("config", () => {
  it("fills every default from an empty object", () => {
    const config = parseConfig({});
    expect(config.format).toBe("parquet");
    expect(config.profile).toBe("papers");
    expect(config.ingest).toEqual(INGEST_DEFAULTS);
    expect(config.shard.maxRows).toBeGreaterThan(0);
    expect(config.rank).toEqual(RANK_DEFAULTS);
  });

  it("takes the rank selection from the file and refuses inconsistent cuts", () => {
    const rank = { keepTop: 0.3, minTier: "B", cuts: { A: 0.9, B: 0.6, C: 0.3 }, minScores: { density_vs_machine: 1 } };
    const config = parseConfig({ rank });
    expect(config.rank).toEqual(rank);
    expect(parseConfig({}).rank.minScores).toEqual({});
    expect(() => parseConfig({ rank: { minScores: { density_vs_machine: "high" } } })).toThrow(/rank\.minScores/);
    expect(() => parseConfig({ rank: { cuts: { A: 0.2, B: 0.5, C: 0.1 } } })).toThrow(/rank\.cuts.*A >= B >= C/);
    expect(() => parseConfig({ rank: { keepTop: 0 } })).toThrow(/rank\.keepTop/);
    expect(() => parseConfig({ rank: { minTier: "E" } })).toThrow(/rank\.minTier/);
    // a tier in lower case, as --min-tier takes it
    expect(parseConfig({ rank: { minTier: "b" } }).rank.minTier).toBe("B");
    expect(configHash(config)).not.toBe(configHash(parseConfig({})));
  });

  it("rejects unknown keys and bad values with the path in one line", () => {
    expect(() => parseConfig({ ingest: { maxPage: 3 } })).toThrow(/ingest.*maxPage.*the keys here are ocr, maxPages,/);
    expect(() => parseConfig({ fromat: "jsonl" })).toThrow(/"fromat"; the keys here are format, workers,/);
    expect(() => parseConfig({ rank: { cuts: { A: 0.9, B: 0.6, C: 0.3, D: 0.1 } } })).toThrow(
      /rank\.cuts.*the keys here are A, B, C$/,
    );
    expect(() => parseConfig({ ingest: { maxPages: 0 } })).toThrow(/ingest\.maxPages/);
    expect(() => parseConfig({ format: "csv" })).toThrow(/format/);
    try {
      parseConfig({ shard: { maxRows: -1 } });
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as Error).message).not.toContain("\n");
    }
  });

  it("lays flags over the file", async () => {
    const dir = tempDir("assay-config-");
    const file = join(dir, "c.json");
    writeFileSync(file, JSON.stringify({ format: "jsonl", ingest: { maxPages: 10, ocr: "never" } }));
    const config = await loadConfig(file, { ingest: { ocr: "always" }, format: undefined });
    expect(config.format).toBe("jsonl");
    expect(config.ingest.maxPages).toBe(10);
    expect(config.ingest.ocr).toBe("always");
    writeFileSync(file, "{ not json");
    await expect(loadConfig(file, {})).rejects.toThrow(/not valid JSON/);
    // V8 quotes the text near the mistake; its line breaks are escaped, so the error stays one line
    writeFileSync(file, "not json\n");
    const multiline = await loadConfig(file, {}).catch((error: Error) => error.message);
    expect(multiline).toMatch(/^config file .* is not valid JSON: .*not json\\n/);
    expect(multiline).not.toContain("\n");
    await expect(loadConfig(join(dir, "missing.json"), {})).rejects.toThrow(/cannot read config file/);
  });

  it("hashes flags left unset like the manifest's JSON of the config, which leaves them out", async () => {
    // a command's flags as it passes them when none is given, without a config file
    const config = await loadConfig(undefined, { ingest: { ocr: undefined, idPrefix: undefined } });
    const readBack = parseConfig(JSON.parse(JSON.stringify(config)));
    expect(configHash(config)).toBe(configHash(readBack));
    expect(configHash(config)).toBe(configHash(parseConfig({})));
  });

  it("hashes what shapes the output, whatever the key order or worker count", () => {
    const a = parseConfig({ format: "jsonl", ingest: { maxPages: 9, ocr: "never" }, workers: 1 });
    const b = parseConfig({ workers: 4, ingest: { ocr: "never", maxPages: 9 }, format: "jsonl" });
    expect(configHash(a)).toBe(configHash(b));
    expect(configHash(a)).not.toBe(
      configHash(parseConfig({ format: "jsonl", ingest: { maxPages: 10, ocr: "never" } })),
    );
  });
});
