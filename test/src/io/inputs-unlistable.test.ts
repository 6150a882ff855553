// A folder inside an input directory that cannot be listed (another user's, mode 700, in a dump copied as is) is one
// reject of the run, not its end. Tests run as root here, whom no mode stops: readdir is made to refuse it.
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it, vi } from "vitest";
import { discoverInputs } from "../../../src/io/inputs.js";
import { discoveryError } from "../../../src/io/unreadable-inputs.js";
import { tempDir } from "../../temp-dir.js";

vi.mock("node:fs/promises", async (importOriginal) => {
  const fs = await importOriginal<typeof import("node:fs/promises")>();
  const readdir = (async (path: unknown, options: unknown) => {
    if (String(path).endsWith("locked"))
      throw Object.assign(new Error(`EACCES: permission denied, scandir '${path}'`), {
        code: "EACCES",
        syscall: "scandir",
      });
    return (fs.readdir as (p: unknown, o: unknown) => Promise<unknown>)(path, options);
  }) as typeof fs.readdir;
  return { ...fs, readdir, default: { ...fs, readdir } };
});

describe("discoverInputs over a folder it cannot list", () => {
  it("makes a folder inside the input one unreadable input, with the system's code, and lists the rest", async () => {
    const dir = tempDir("assay-inputs-");
    mkdirSync(join(dir, "locked"));
    mkdirSync(join(dir, "open"));
    writeFileSync(join(dir, "open", "a.pdf"), "");
    const files = await discoverInputs([dir]);
    expect(files.map((f) => [f.path.slice(dir.length + 1), f.id, f.unreadable?.code ?? null])).toEqual([
      ["locked", "locked", "EACCES"],
      ["open/a.pdf", "open/a", null],
    ]);
    const error = discoveryError(files[0] as (typeof files)[0]);
    expect(error?.code).toBe("EACCES");
    expect(error?.message).toMatch(/scandir .*locked'.*a folder: none of its files was read/);
  });

  it("refuses, in one line, an input folder that itself cannot be listed", async () => {
    const dir = tempDir("assay-inputs-");
    mkdirSync(join(dir, "locked"));
    await expect(discoverInputs([join(dir, "locked")])).rejects.toThrow(
      /^input .*locked cannot be listed \(EACCES\): fix its permissions/,
    );
  });

  it("refuses, in one line, a glob whose folder cannot be listed", async () => {
    const dir = tempDir("assay-inputs-");
    mkdirSync(join(dir, "locked"));
    await expect(discoverInputs([join(dir, "locked", "*.pdf")])).rejects.toThrow(
      /^input .*locked cannot be listed \(EACCES\): fix its permissions/,
    );
  });
});
