// PDF's 2-D affine matrices [a, b, c, d, e, f], as pdf.js gives them (text items, the current transform, viewports).

export type Matrix = [number, number, number, number, number, number];

/** The matrix that applies `n` then `m` (pdf.js's Util.transform(m, n)). */
export function multiply(m: readonly number[], n: readonly number[]): Matrix {
  const [a = 0, b = 0, c = 0, d = 0, e = 0, f = 0] = n;
  const [m0 = 0, m1 = 0, m2 = 0, m3 = 0, m4 = 0, m5 = 0] = m;
  return [
    a * m0 + b * m2,
    a * m1 + b * m3,
    c * m0 + d * m2,
    c * m1 + d * m3,
    e * m0 + f * m2 + m4,
    e * m1 + f * m3 + m5,
  ];
}
