/**
 * Dense Cholesky factorisation and triangular solves on row-major `Float64Array`s (n × n), the linear
 * algebra a Gaussian process needs. Hand-written rather than ml-matrix's: on a 200 × 200 kernel matrix it
 * measured about twice as fast in CPU time, and it works on the flat arrays the kernel code fills, with
 * no conversion to and from nested arrays.
 */

/**
 * The lower-triangular L with L·Lᵀ = A (row-major n × n; only the lower triangle of A is read), or
 * `undefined` when A is not numerically positive definite (a pivot ≤ 0 or NaN).
 *
 * @example
 * ```ts
 * cholesky(Float64Array.of(4, 2, 2, 5), 2); // Float64Array [2, 0, 1, 2]
 * ```
 */
export const cholesky = (a: Float64Array, n: number): Float64Array | undefined => {
  const l = new Float64Array(n * n);
  for (let j = 0; j < n; j++) {
    const rj = j * n;
    let s = a[rj + j] as number;
    for (let k = 0; k < j; k++) {
      const v = l[rj + k] as number;
      s -= v * v;
    }
    if (!(s > 0)) return undefined;
    const ljj = Math.sqrt(s);
    l[rj + j] = ljj;
    const inv = 1 / ljj;
    for (let i = j + 1; i < n; i++) {
      const ri = i * n;
      let t = a[ri + j] as number;
      for (let k = 0; k < j; k++) t -= (l[ri + k] as number) * (l[rj + k] as number);
      l[ri + j] = t * inv;
    }
  }
  return l;
};

/**
 * Solves L·x = b in place (forward substitution), L lower triangular row-major n × n.
 *
 * @example
 * ```ts
 * const b = Float64Array.of(2, 5);
 * solveLower(Float64Array.of(2, 0, 1, 2), 2, b); // b = [1, 2]
 * ```
 */
export const solveLower = (l: Float64Array, n: number, b: Float64Array): Float64Array => {
  for (let i = 0; i < n; i++) {
    const ri = i * n;
    let s = b[i] as number;
    for (let k = 0; k < i; k++) s -= (l[ri + k] as number) * (b[k] as number);
    b[i] = s / (l[ri + i] as number);
  }
  return b;
};

/**
 * Solves Lᵀ·x = b in place (back substitution with the transpose of lower-triangular L).
 *
 * @example
 * ```ts
 * const b = Float64Array.of(4, 4);
 * solveUpperT(Float64Array.of(2, 0, 1, 2), 2, b); // b = [1, 2]
 * ```
 */
export const solveUpperT = (l: Float64Array, n: number, b: Float64Array): Float64Array => {
  for (let i = n - 1; i >= 0; i--) {
    let s = b[i] as number;
    for (let k = i + 1; k < n; k++) s -= (l[k * n + i] as number) * (b[k] as number);
    b[i] = s / (l[i * n + i] as number);
  }
  return b;
};

/**
 * A⁻¹ from the Cholesky factor L of A (row-major n × n, symmetric, both triangles filled).
 *
 * @example
 * ```ts
 * choleskyInverse(Float64Array.of(2, 0, 1, 2), 2); // inverse of [[4, 2], [2, 5]]
 * ```
 */
export const choleskyInverse = (l: Float64Array, n: number): Float64Array => {
  // M = L⁻¹ (lower), then A⁻¹ = Mᵀ·M.
  const m = new Float64Array(n * n);
  for (let j = 0; j < n; j++) {
    m[j * n + j] = 1 / (l[j * n + j] as number);
    for (let i = j + 1; i < n; i++) {
      const ri = i * n;
      let s = 0;
      for (let k = j; k < i; k++) s -= (l[ri + k] as number) * (m[k * n + j] as number);
      m[ri + j] = s / (l[ri + i] as number);
    }
  }
  const out = new Float64Array(n * n);
  for (let i = 0; i < n; i++)
    for (let j = 0; j <= i; j++) {
      let s = 0;
      for (let k = i; k < n; k++) s += (m[k * n + i] as number) * (m[k * n + j] as number);
      out[i * n + j] = s;
      out[j * n + i] = s;
    }
  return out;
};
