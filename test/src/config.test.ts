import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ConfigError, configHash, INGEST_DEFAULTS, loadConfig, parseConfig } from "../../src/config.js";

describe("config", () => {
  it("fills every default from an empty object", () => {
    const config = parseConfig({});
    expect(config.format).toBe("parquet");
    expect(config.profile).toBe("papers");
    expect(config.ingest).toEqual(INGEST_DEFAULTS);
    expect(config.shard.maxRows).toBeGreaterThan(0);
  });

  it("rejects unknown keys and bad values with the path in one line", () => {
    expect(() => parseConfig({ ingest: { maxPage: 3 } })).toThrow(/ingest.*maxPage/);
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
    const dir = mkdtempSync(join(tmpdir(), "assay-config-"));
    const file = join(dir, "c.json");
    writeFileSync(file, JSON.stringify({ format: "jsonl", ingest: { maxPages: 10, ocr: "never" } }));
    const config = await loadConfig(file, { ingest: { ocr: "always" }, format: undefined });
    expect(config.format).toBe("jsonl");
    expect(config.ingest.maxPages).toBe(10);
    expect(config.ingest.ocr).toBe("always");
    writeFileSync(file, "{ not json");
    await expect(loadConfig(file, {})).rejects.toThrow(/not valid JSON/);
    await expect(loadConfig(join(dir, "missing.json"), {})).rejects.toThrow(/cannot read config file/);
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
