// L2-regularised logistic regression (Newton steps on standardised inputs) and pairwise AUC: the fit behind
// the density weights, small enough to read and deterministic (no random init).

export interface LogisticModel {
  /** Per input: mean and standard deviation used to standardise it. */
  mean: number[];
  scale: number[];
  /** Weights on standardised inputs, then the bias. */
  weights: number[];
  bias: number;
}

/**
 * `signs[j]` (optional) = +1 or -1 forces input j's weight to that sign or to 0: an input whose fitted weight has
 * the wrong sign is dropped and the rest refitted (an active set), so e.g. a penalty can only lower the score.
 */
export function fitLogistic(
  x: number[][],
  y: number[],
  sampleWeight: number[],
  l2 = 1,
  iterations = 25,
  signs?: number[],
): LogisticModel {
  const d = x[0]?.length ?? 0;
  const mean = new Array<number>(d).fill(0);
  const scale = new Array<number>(d).fill(0);
  for (const row of x) {
    for (let j = 0; j < d; j++) mean[j] = (mean[j] as number) + (row[j] as number) / x.length;
  }
  for (const row of x) {
    for (let j = 0; j < d; j++)
      scale[j] = (scale[j] as number) + ((row[j] as number) - (mean[j] as number)) ** 2 / x.length;
  }
  for (let j = 0; j < d; j++) scale[j] = Math.sqrt(scale[j] as number) || 1;
  const z = x.map((row) => [...row.map((v, j) => (v - (mean[j] as number)) / (scale[j] as number)), 1]);
  for (;;) {
    const w = newton(z, y, sampleWeight, l2, iterations);
    const wrong = signs ? w.findIndex((v, j) => j < d && (signs[j] ?? 0) * v < -1e-12) : -1;
    if (wrong < 0) return { mean, scale, weights: w.slice(0, d), bias: w[d] as number };
    // A constant 0 input: L2 pins its weight to 0.
    for (const row of z) row[wrong] = 0;
  }
}

/** Newton steps on standardised inputs (last column = bias). */
function newton(z: number[][], y: number[], sampleWeight: number[], l2: number, iterations: number): number[] {
  const d = (z[0]?.length ?? 1) - 1;
  const w = new Array<number>(d + 1).fill(0);
  for (let it = 0; it < iterations; it++) {
    const grad = w.map((v, j) => (j < d ? l2 * v : 0));
    const hess = w.map((_, a) => w.map((__, b) => (a === b && a < d ? l2 : 0)));
    z.forEach((row, i) => {
      const p = sigmoid(dot(row, w));
      const sw = sampleWeight[i] as number;
      const g = (p - (y[i] as number)) * sw;
      const h = Math.max(p * (1 - p), 1e-9) * sw;
      for (let a = 0; a <= d; a++) {
        grad[a] = (grad[a] as number) + g * (row[a] as number);
        const ha = hess[a] as number[];
        for (let b = 0; b <= d; b++) ha[b] = (ha[b] as number) + h * (row[a] as number) * (row[b] as number);
      }
    });
    const step = solve(hess, grad);
    for (let j = 0; j <= d; j++) w[j] = (w[j] as number) - (step[j] as number);
  }
  return w;
}

export function predictLogit(m: LogisticModel, row: number[]): number {
  let s = m.bias;
  for (let j = 0; j < m.weights.length; j++)
    s += (m.weights[j] as number) * (((row[j] as number) - (m.mean[j] as number)) / (m.scale[j] as number));
  return s;
}

/** Probability that a random positive scores above a random negative (ties count half). */
export function pairwiseAuc(positives: number[], negatives: number[]): number {
  if (positives.length === 0 || negatives.length === 0) return Number.NaN;
  let wins = 0;
  for (const p of positives) for (const n of negatives) wins += p > n ? 1 : p === n ? 0.5 : 0;
  return wins / (positives.length * negatives.length);
}

function sigmoid(v: number): number {
  return 1 / (1 + Math.exp(-v));
}

function dot(a: number[], b: number[]): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += (a[i] as number) * (b[i] as number);
  return s;
}

/** Gaussian elimination with partial pivoting (the system is small and positive definite). */
function solve(a: number[][], b: number[]): number[] {
  const n = b.length;
  const m = a.map((row, i) => [...row, b[i] as number]);
  for (let c = 0; c < n; c++) {
    let p = c;
    for (let r = c + 1; r < n; r++)
      if (Math.abs((m[r] as number[])[c] as number) > Math.abs((m[p] as number[])[c] as number)) p = r;
    [m[c], m[p]] = [m[p] as number[], m[c] as number[]];
    const pivot = (m[c] as number[])[c] as number;
    for (let r = 0; r < n; r++) {
      if (r === c) continue;
      const f = ((m[r] as number[])[c] as number) / pivot;
      for (let k = c; k <= n; k++)
        (m[r] as number[])[k] = ((m[r] as number[])[k] as number) - f * ((m[c] as number[])[k] as number);
    }
  }
  return m.map((row, i) => (row[n] as number) / (row[i] as number));
}
