// Sets of nonzero 32-bit keys (hashes) in a power-of-two Uint32Array, linear probing, 0 marking an empty slot:
// no strings and no Map entries in the hot loops that test n-grams and words by hash. Sized once for their keys.

/** An empty set with room for `keys` keys at most half full. */
export function keySet(keys: number): Uint32Array {
  let size = 16;
  while (size < keys * 2) size <<= 1;
  return new Uint32Array(size);
}

/** Adds key; false if it was already there. */
export function addKey(set: Uint32Array, key: number): boolean {
  const s = slotOf(set, key);
  if (set[s] === key) return false;
  set[s] = key;
  return true;
}

/**
 * Adds keys[at]; false if it was already there. addKey(set, keys[at]) with the probing written out: a 32-bit key passed
 * to or returned from a call the compiler did not inline is a heap number, while one read here stays a machine integer.
 */
export function addKeyAt(set: Uint32Array, keys: Uint32Array, at: number): boolean {
  const key = keys[at] as number;
  const mask = set.length - 1;
  let s = (Math.imul(key, 0x9e3779b1) >>> 0) & mask;
  for (let stored = set[s] as number; stored !== key; stored = set[s] as number) {
    if (stored === 0) {
      set[s] = key;
      return true;
    }
    s = (s + 1) & mask;
  }
  return false;
}

export function hasKey(set: Uint32Array, key: number): boolean {
  return set[slotOf(set, key)] === key;
}

/** The slot holding `key`, or the empty slot where it would go. */
function slotOf(set: Uint32Array, key: number): number {
  const mask = set.length - 1;
  let s = (Math.imul(key, 0x9e3779b1) >>> 0) & mask;
  while (set[s] !== key && set[s] !== 0) s = (s + 1) & mask;
  return s;
}

/** A WordHashes' table as it is stored (lexicon-tables.ts's snapshot): its slots, and whether it holds 0. */
export interface KeyTable {
  slots: Uint32Array;
  hasZero: boolean;
}

/**
 * A fixed set of 32-bit keys (word hashes) for hot loops: a JS Set holds hashes above 2^30 as heap numbers and took
 * ~2x as long per lookup. Key 0 is kept apart, since 0 marks an empty slot.
 */
export class WordHashes implements Iterable<number> {
  private constructor(private readonly stored: KeyTable) {}

  /** Duplicates are dropped by the table itself: a Set of the lexicon's 80k hashes took longer than the table. */
  static of(keys: Iterable<number>): WordHashes {
    const all = [...keys];
    const slots = keySet(all.length);
    let hasZero = false;
    for (const key of all)
      if (key === 0) hasZero = true;
      else addKey(slots, key);
    return new WordHashes({ slots, hasZero });
  }

  /** The set whose `table` this was. */
  static fromTable(table: KeyTable): WordHashes {
    return new WordHashes(table);
  }

  get table(): KeyTable {
    return this.stored;
  }

  has(key: number): boolean {
    return key === 0 ? this.stored.hasZero : hasKey(this.stored.slots, key);
  }

  *[Symbol.iterator](): Iterator<number> {
    if (this.stored.hasZero) yield 0;
    for (const key of this.stored.slots) if (key !== 0) yield key;
  }
}

/** keySet's room per key times this: WordFlags' tables are sparser than a set's. */
const SPARSE = 4;

/** Bit flags per 32-bit key (which word lists a word hash is on); 0 for a key on none. */
export class WordFlags {
  private readonly slots: Uint32Array;
  private readonly flags: Uint32Array;
  private readonly zeroFlags: number;

  constructor(entries: Iterable<[number, number]>) {
    const merged = new Map<number, number>();
    for (const [key, bits] of entries) merged.set(key, (merged.get(key) ?? 0) | bits);
    // At most an eighth full: most words are on no list, and a miss probes until an empty slot. tokenLists 1.4x as
    // fast as with keySet's at most half full (density's ~310 keys: 4,096 slots, 32 KB with the flags, for 1,024).
    this.slots = keySet(merged.size * SPARSE);
    this.flags = new Uint32Array(this.slots.length);
    for (const [key, bits] of merged) {
      if (key === 0) continue;
      const s = slotOf(this.slots, key);
      this.slots[s] = key;
      this.flags[s] = bits;
    }
    this.zeroFlags = merged.get(0) ?? 0;
  }

  get(key: number): number {
    if (key === 0) return this.zeroFlags;
    const s = slotOf(this.slots, key);
    return this.slots[s] === key ? (this.flags[s] as number) : 0;
  }
}

/** Dense ids 0, 1, 2, ... for 32-bit keys in order of first sight, for at most `capacity` distinct keys. */
export class KeyIds {
  private readonly slots: Uint32Array;
  private readonly ids: Int32Array;
  private zeroId = -1;
  /** Distinct keys seen so far. */
  size = 0;

  constructor(capacity: number) {
    this.slots = keySet(capacity);
    this.ids = new Int32Array(this.slots.length);
  }

  /** The key's id; a new key gets the next one. */
  idOf(key: number): number {
    if (key === 0) {
      if (this.zeroId < 0) this.zeroId = this.size++;
      return this.zeroId;
    }
    const s = slotOf(this.slots, key);
    if (this.slots[s] === key) return this.ids[s] as number;
    this.slots[s] = key;
    this.ids[s] = this.size;
    return this.size++;
  }
}

/** A set of nonzero 32-bit keys that grows as keys come (a document's runs, whose number is not known ahead). */
export class GrowingKeySet {
  private slots = keySet(1024);
  private size = 0;

  /** Adds key; false if it was already there. */
  add(key: number): boolean {
    if (!addKey(this.slots, key)) return false;
    if (++this.size * 2 > this.slots.length) {
      const old = this.slots;
      this.slots = new Uint32Array(old.length * 2);
      for (const k of old) if (k !== 0) addKey(this.slots, k);
    }
    return true;
  }
}
