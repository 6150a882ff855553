// Atomic writes land on the file a path names: through a symlink (the link stays), never over a directory, device or
// fifo, and a write given up leaves the earlier file as it was.
import { execFileSync } from "node:child_process";
import { lstatSync, mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { AtomicFile, OutputError, writeFileAtomic } from "../../../src/io/atomic.js";
import { tempDir } from "../../temp-dir.js";

describe("writeFileAtomic", () => {
  it("writes through a symlink to its target, the link staying a link, a dangling one too", async () => {
    const dir = tempDir("assay-atomic-");
    writeFileSync(join(dir, "real.html"), "old");
    symlinkSync("real.html", join(dir, "link.html"));
    await writeFileAtomic(join(dir, "link.html"), "new");
    expect(lstatSync(join(dir, "link.html")).isSymbolicLink()).toBe(true);
    expect(readFileSync(join(dir, "real.html"), "utf8")).toBe("new");
    // a link to a link to a file not made yet, in another directory
    mkdirSync(join(dir, "sub"));
    symlinkSync(join(dir, "sub", "later.html"), join(dir, "hop.html"));
    symlinkSync("hop.html", join(dir, "dangling.html"));
    await writeFileAtomic(join(dir, "dangling.html"), "made");
    expect(readFileSync(join(dir, "sub", "later.html"), "utf8")).toBe("made");
    expect(lstatSync(join(dir, "hop.html")).isSymbolicLink()).toBe(true);
    expect(lstatSync(join(dir, "dangling.html")).isSymbolicLink()).toBe(true);
  });

  it("refuses a directory, a device and a fifo, in one line that says what to give", async () => {
    const dir = tempDir("assay-atomic-");
    execFileSync("mkfifo", [join(dir, "fifo")]);
    symlinkSync("/dev/null", join(dir, "null-link"));
    for (const path of [dir, "/dev/null", join(dir, "fifo"), join(dir, "null-link")]) {
      const refused = writeFileAtomic(path, "x");
      await expect(refused, path).rejects.toBeInstanceOf(OutputError);
      await expect(refused, path).rejects.toThrow(/^\S+ is (a directory|not a regular file): give the path of a file/);
    }
    expect(lstatSync("/dev/null").isCharacterDevice()).toBe(true);
    expect(readdirSync(dir).sort()).toEqual(["fifo", "null-link"]);
  });

  it("names the path asked for, not its hidden temporary name, when its folder is missing", async () => {
    const path = join(tempDir("assay-atomic-"), "no", "report.html");
    await expect(writeFileAtomic(path, "x")).rejects.toMatchObject({ code: "ENOENT", path });
  });
});

describe("AtomicFile", () => {
  it("leaves the earlier file as it was, and no temporary file, when discarded", async () => {
    const dir = tempDir("assay-atomic-");
    const path = join(dir, "decisions.jsonl");
    writeFileSync(path, "earlier\n");
    const file = await AtomicFile.create(path);
    await file.write("half of the new");
    expect(readFileSync(path, "utf8")).toBe("earlier\n");
    await file.discard();
    expect(readdirSync(dir)).toEqual(["decisions.jsonl"]);
    expect(readFileSync(path, "utf8")).toBe("earlier\n");
  });
});
