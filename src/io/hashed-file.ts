// A file written in pieces under a temporary name, hashed as it goes, and renamed into place only when whole: readers
// never see half a shard, and a failed write leaves nothing behind.
import { createHash } from "node:crypto";
import { type FileHandle, open, rename, rm } from "node:fs/promises";
import { tempPathBeside } from "./atomic.js";

export interface WrittenFile {
  bytes: number;
  sha256: string;
}

export class HashedFile {
  private readonly hash = createHash("sha256");
  private bytes = 0;

  private constructor(
    private readonly path: string,
    private readonly temp: string,
    private readonly handle: FileHandle,
  ) {}

  static async create(path: string): Promise<HashedFile> {
    const temp = tempPathBeside(path);
    return new HashedFile(path, temp, await open(temp, "w"));
  }

  async write(data: Uint8Array): Promise<void> {
    this.hash.update(data);
    this.bytes += data.byteLength;
    let offset = 0;
    while (offset < data.byteLength) {
      const { bytesWritten } = await this.handle.write(data, offset);
      offset += bytesWritten;
    }
  }

  /** Closes the file and moves it to its name. */
  async commit(): Promise<WrittenFile> {
    await this.handle.close();
    await rename(this.temp, this.path);
    return { bytes: this.bytes, sha256: this.hash.digest("hex") };
  }

  /** Closes and deletes the temporary file; never throws, so it can run while another error is on its way. */
  async discard(): Promise<void> {
    await this.handle.close().catch(() => undefined);
    await rm(this.temp, { force: true }).catch(() => undefined);
  }
}
