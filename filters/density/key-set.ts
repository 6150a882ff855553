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
