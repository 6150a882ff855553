// A JSON file an earlier run may or may not have written (a manifest, stats): absent or unreadable is null.
import { readFile } from "node:fs/promises";

export async function readJsonIfAny<T>(path: string): Promise<T | null> {
  try {
    return JSON.parse(await readFile(path, "utf8")) as T;
  } catch {
    return null;
  }
}
