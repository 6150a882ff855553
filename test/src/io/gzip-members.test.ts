// The gzip reader on streams built with Node's zlib and with a header the gzip tool writes (a file name), fed in pieces
// of every size: what is decoded before a fault is passed on whole, then the fault is one clear error.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { Readable } from "node:stream";
import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { createGunzipMembers, gunzipFile } from "../../../src/io/gzip-members.js";
import { tempDir } from "../../temp-dir.js";

const RECORDS = Buffer.from(
  Array.from({ length: 2000 }, (_, i) => `${JSON.stringify({ id: `r${i}`, text: `record ${i} `.repeat(8) })}\n`).join(
    "",
  ),
);
const GZ = gzipSync(RECORDS);

/** What the reader decodes from `bytes` fed in pieces of `piece` bytes, and the error that ended it, if any. */
async function gunzip(bytes: Uint8Array, piece = 65_536): Promise<{ out: Buffer; error: string | null }> {
  const pieces: Uint8Array[] = [];
  for (let at = 0; at < bytes.length; at += piece) pieces.push(bytes.subarray(at, at + piece));
  const out: Buffer[] = [];
  try {
    for await (const chunk of createGunzipMembers(Readable.from(pieces))) out.push(chunk);
    return { out: Buffer.concat(out), error: null };
  } catch (error) {
    return { out: Buffer.concat(out), error: (error as Error).message };
  }
}

describe("createGunzipMembers", () => {
  it("decodes one member, in pieces of any size, and members one after another", async () => {
    for (const piece of [1, 7, 4096, 65_536]) expect(await gunzip(GZ, piece)).toEqual({ out: RECORDS, error: null });
    const two = Buffer.concat([gzipSync(RECORDS.subarray(0, 1000)), gzipSync(RECORDS.subarray(1000))]);
    expect(await gunzip(two, 333)).toEqual({ out: RECORDS, error: null });
  });

  it("reads a header with a file name and a comment, as `gzip` writes one", async () => {
    // flags FNAME | FCOMMENT, then "docs.jsonl\0" and "from a test\0" before the deflate data of Node's member
    const named = Buffer.concat([
      Buffer.from([0x1f, 0x8b, 8, 0x18, 0, 0, 0, 0, 0, 3]),
      Buffer.from("docs.jsonl\0from a test\0", "latin1"),
      GZ.subarray(10),
    ]);
    expect(await gunzip(named, 5)).toEqual({ out: RECORDS, error: null });
  });

  it("passes on every byte of the last member before bytes that are no member, then says so", async () => {
    // Node's gunzip lost the records of up to 16 KB before such bytes
    for (const tail of ["garbage\n", "x", "\x1f"])
      for (const piece of [100, 65_536]) {
        const { out, error } = await gunzip(Buffer.concat([GZ, Buffer.from(tail, "latin1")]), piece);
        expect(out.equals(RECORDS), `${JSON.stringify(tail)} in pieces of ${piece}`).toBe(true);
        expect(error).toMatch(tail === "\x1f" ? /^gzip: stream cut short$/ : /^gzip: bytes after the last member/);
      }
    // zero padding after the last member is no fault
    expect(await gunzip(Buffer.concat([GZ, Buffer.alloc(512)]))).toEqual({ out: RECORDS, error: null });
  });

  it("fails a stream cut short, a damaged one and what is no gzip, after what it decoded", async () => {
    const cut = await gunzip(GZ.subarray(0, GZ.length - 40), 1000);
    expect(cut.error).toBe("gzip: stream cut short");
    expect(cut.out.length).toBeGreaterThan(RECORDS.length - 2000);
    expect(RECORDS.subarray(0, cut.out.length).equals(cut.out)).toBe(true);
    expect((await gunzip(GZ.subarray(0, GZ.length - 3))).error).toBe("gzip: stream cut short");
    const flip = (at: number) => {
      const bytes = Buffer.from(GZ);
      bytes.writeUInt8(bytes.readUInt8(at) ^ 1, at);
      return bytes;
    };
    const wrongCrc = flip(GZ.length - 8);
    expect(await gunzip(wrongCrc)).toEqual({ out: RECORDS, error: "gzip: checksum mismatch (corrupt data)" });
    const wrongLength = flip(GZ.length - 1);
    expect((await gunzip(wrongLength)).error).toBe("gzip: length mismatch (corrupt data)");
    const flipped = Buffer.from(GZ);
    flipped[200] = 0xff;
    flipped[201] = 0xff;
    expect((await gunzip(flipped)).error).toMatch(/^gzip: .*\(corrupt data\)$/);
    expect(await gunzip(new Uint8Array(0))).toEqual({
      out: Buffer.alloc(0),
      error: "gzip: empty file, no member in it",
    });
    expect((await gunzip(Buffer.from('{"id": 1}\n'))).error).toBe("gzip: not gzip data");
  });
});

describe("gunzipFile", () => {
  const dir = tempDir("assay-gunzip-");
  /** What gunzipFile decodes from a file of these bytes, and the error that ended it, if any. */
  async function fromFile(bytes: Uint8Array): Promise<{ out: Buffer; error: string | null }> {
    const path = join(dir, "docs.jsonl.gz");
    writeFileSync(path, bytes);
    const out: Buffer[] = [];
    try {
      for await (const chunk of gunzipFile(path)) out.push(chunk);
      return { out: Buffer.concat(out), error: null };
    } catch (error) {
      return { out: Buffer.concat(out), error: (error as Error).message };
    }
  }

  it("reads a file of many small members as Node's gunzip does", async () => {
    const lines = RECORDS.toString().split(/(?<=\n)/);
    expect(await fromFile(Buffer.concat(lines.map((line) => gzipSync(line))))).toEqual({ out: RECORDS, error: null });
  });

  it("where Node's gunzip fails, passes on what it dropped, then the member reader's error", async () => {
    // Node's gunzip alone gave 16,384 bytes fewer before failing on the bytes after the member
    expect(await fromFile(Buffer.concat([GZ, Buffer.from("garbage\n")]))).toEqual({
      out: RECORDS,
      error: "gzip: bytes after the last member are not a member",
    });
    const cut = await fromFile(GZ.subarray(0, GZ.length - 40));
    expect(cut.error).toBe("gzip: stream cut short");
    expect(RECORDS.subarray(0, cut.out.length).equals(cut.out)).toBe(true);
  });
});
