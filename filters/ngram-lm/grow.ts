// Growing a typed array: tables that count as they read (tokens, n-grams, ids) do not know their size up front.

/** A copy of `a` in an array of `size` elements (at least a's length), the rest zero. */
export function growU32(a: Uint32Array, size: number): Uint32Array<ArrayBuffer> {
  const b = new Uint32Array(size);
  b.set(a);
  return b;
}
