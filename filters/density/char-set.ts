/**
 * A set of UTF-16 code units as a bitmap over the Basic Multilingual Plane (8 KB): a test is one typed-array read and
 * a shift, where a Set<number> hashed each code the components asked about, once per symbol token.
 */
export class CharSet {
  private readonly bits = new Uint32Array(0x10000 >>> 5);

  /** `chars`: the members, as one string of BMP characters. */
  constructor(chars: string) {
    for (let i = 0; i < chars.length; i++) {
      const code = chars.charCodeAt(i);
      this.bits[code >>> 5] = (this.bits[code >>> 5] as number) | (1 << (code & 31));
    }
  }

  /** Whether `code` (a code unit, or NaN past a string's end) is a member. */
  has(code: number): boolean {
    return code < 0x10000 && (((this.bits[code >>> 5] as number) >>> (code & 31)) & 1) === 1;
  }
}
