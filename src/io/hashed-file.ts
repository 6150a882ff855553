// A file written in pieces under a temporary name, hashed as it goes, and renamed into place only when whole: readers
// never see half a shard, and a failed write leaves nothing behind.
import { createHash } from "node:crypto";
import { AtomicFile } from "./atomic.js";

export interface WrittenFile {
  bytes: number;
  sha256: string;
}

export class HashedFile {
  private readonly hash = createHash("sha256");
  private bytes = 0;

  private constructor(private readonly file: AtomicFile) {}

  static async create(path: string): Promise<HashedFile> {
    return new HashedFile(await AtomicFile.create(path));
  }

  async write(data: Uint8Array): Promise<void> {
    this.hash.update(data);
    this.bytes += data.byteLength;
    await this.file.write(data);
  }

  /** Closes the file and moves it to its name. */
  async commit(): Promise<WrittenFile> {
    await this.file.commit();
    return { bytes: this.bytes, sha256: this.hash.digest("hex") };
  }

  /** Closes and deletes the temporary file; never throws, so it can run while another error is on its way. */
  discard(): Promise<void> {
    return this.file.discard();
  }
}
