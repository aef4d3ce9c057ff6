const SQRT5 = Math.sqrt(5);

/**
 * The Matérn-5/2 correlation as a function of the squared scaled distance r²:
 * (1 + √5·r + 5r²/3)·exp(−√5·r). 1 at r² = 0, falling smoothly to 0.
 *
 * @example
 * ```ts
 * matern52(0); // 1
 * matern52(1); // (1 + √5 + 5/3)·e^−√5 ≈ 0.5240
 * ```
 */
export const matern52 = (r2: number): number => {
  const a = SQRT5 * Math.sqrt(r2);
  return (1 + a + (a * a) / 3) * Math.exp(-a);
};

/**
 * d matern52 / d(r²) = −(5/6)·(1 + √5·r)·exp(−√5·r): finite at r = 0, which is why the kernel is written
 * in r² (its gradient in the inputs needs no special case where two points coincide).
 *
 * @example
 * ```ts
 * matern52Slope(0); // -5/6
 * ```
 */
export const matern52Slope = (r2: number): number => {
  const a = SQRT5 * Math.sqrt(r2);
  return (-5 / 6) * (1 + a) * Math.exp(-a);
};

/**
 * The inputs of a Gaussian process: n points of d coordinates, row-major, in the unit space; `cat[j]`
 * is 1 where coordinate j is categorical (its value is a choice index, compared by equality: the
 * Hamming distance of Optuna's GP), 0 for numeric coordinates (squared difference).
 */
export interface GpInputs {
  readonly x: Float64Array;
  readonly n: number;
  readonly d: number;
  readonly cat: Uint8Array;
}

/** The kernel's hyper-parameters: inverse squared length scales κ (one per dimension), scale s, noise σ². */
export interface GpParams {
  readonly invSqLengthscales: ReadonlyArray<number>;
  readonly scale: number;
  readonly noise: number;
}

/**
 * The per-dimension distance δ_j(a, b) between coordinate j of two points: (a − b)² for a numeric
 * dimension, 1 if they differ and 0 otherwise for a categorical one.
 *
 * @example
 * ```ts
 * dimDistance(0, 0.2, 0.5); // 0.09
 * dimDistance(1, 2, 0); // 1
 * ```
 */
export const dimDistance = (cat: number, a: number, b: number): number => (cat ? (a === b ? 0 : 1) : (a - b) * (a - b));

/**
 * The ARD Matérn-5/2 kernel k(a, b) = s·M(Σ_j κ_j·δ_j(a, b)) between row i of `a` and row j of `b`.
 *
 * @example
 * ```ts
 * const p = { invSqLengthscales: [1], scale: 2, noise: 1e-6 };
 * kernelAt(p, Uint8Array.of(0), Float64Array.of(0), 0, Float64Array.of(1), 0); // 2·matern52(1)
 * ```
 */
export const kernelAt = (
  p: GpParams,
  cat: Uint8Array,
  a: Float64Array,
  i: number,
  b: Float64Array,
  j: number,
): number => {
  const d = cat.length;
  let r2 = 0;
  for (let k = 0; k < d; k++)
    r2 +=
      (p.invSqLengthscales[k] as number) *
      dimDistance(cat[k] as number, a[i * d + k] as number, b[j * d + k] as number);
  return p.scale * matern52(r2);
};

/**
 * The n × n kernel matrix K(X, X) + σ²·I (row-major), the covariance of noisy observations at X.
 *
 * @example
 * ```ts
 * const X = { x: Float64Array.of(0, 1), n: 2, d: 1, cat: Uint8Array.of(0) };
 * kernelMatrix(X, { invSqLengthscales: [1], scale: 1, noise: 0.1 }); // [1.1, M(1), M(1), 1.1]
 * ```
 */
export const kernelMatrix = (inputs: GpInputs, p: GpParams): Float64Array => {
  const { x, n, cat } = inputs;
  const k = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    k[i * n + i] = p.scale + p.noise;
    for (let j = 0; j < i; j++) {
      const v = kernelAt(p, cat, x, i, x, j);
      k[i * n + j] = v;
      k[j * n + i] = v;
    }
  }
  return k;
};
