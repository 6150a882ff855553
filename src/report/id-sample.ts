// A deterministic sample of a run's documents: the k whose ids hash lowest. Unlike a reservoir it needs no random
// state and does not depend on the order rows arrive in, so a report is byte-identical however many ranks wrote the
// shards; memory is O(k) whatever the corpus size.
import { createHash } from "node:crypto";

/** The order a document takes in every sample: its id's hash, the id itself breaking (astronomically rare) ties. */
export function sampleKey(id: string): string {
  return `${createHash("sha256").update(id).digest("hex").slice(0, 16)}${id}`;
}

export class IdSample<T> {
  private items: { key: string; value: T }[] = [];
  /** Keys at or above this one can no longer make the sample. */
  private bound: string | null = null;

  constructor(readonly k: number) {}

  /** Offers a document; `value` is only built when the document is (for now) in the sample. */
  offer(key: string, value: () => T): void {
    if (this.k <= 0 || (this.bound !== null && key >= this.bound)) return;
    this.items.push({ key, value: value() });
    if (this.items.length >= 2 * this.k) this.compact();
  }

  /** The sample in key order. */
  values(): T[] {
    this.compact();
    return this.items.map((item) => item.value);
  }

  private compact(): void {
    this.items.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    if (this.items.length >= this.k) {
      this.items.length = this.k;
      this.bound = this.items[this.k - 1]?.key ?? null;
    }
  }
}
