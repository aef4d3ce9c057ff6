/**
 * Dense Cholesky factorisation and triangular solves on row-major `Float64Array`s (n × n), the linear
 * algebra a Gaussian process needs. Hand-written rather than ml-matrix's: on a 200 × 200 kernel matrix it
 * measured about twice as fast in CPU time, and it works on the flat arrays the kernel code fills, with
 * no conversion to and from nested arrays.
 */

// Σ_{k<len} a[ao + k]·b[bo + k] with four partial sums: independent additions pipeline, about 1.3× faster
// than one running sum in V8 on these lengths (tens to hundreds).
const dot = (a: Float64Array, ao: number, b: Float64Array, bo: number, len: number): number => {
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  let k = 0;
  for (; k + 3 < len; k += 4) {
    s0 += (a[ao + k] as number) * (b[bo + k] as number);
    s1 += (a[ao + k + 1] as number) * (b[bo + k + 1] as number);
    s2 += (a[ao + k + 2] as number) * (b[bo + k + 2] as number);
    s3 += (a[ao + k + 3] as number) * (b[bo + k + 3] as number);
  }
  for (; k < len; k++) s0 += (a[ao + k] as number) * (b[bo + k] as number);
  return s0 + s1 + (s2 + s3);
};

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
    const s = (a[rj + j] as number) - dot(l, rj, l, rj, j);
    if (!(s > 0)) return undefined;
    const ljj = Math.sqrt(s);
    l[rj + j] = ljj;
    const inv = 1 / ljj;
    for (let i = j + 1; i < n; i++) {
      const ri = i * n;
      l[ri + j] = ((a[ri + j] as number) - dot(l, ri, l, rj, j)) * inv;
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
    b[i] = ((b[i] as number) - dot(l, ri, b, 0, i)) / (l[ri + i] as number);
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
 * Solves U·x = b in place (back substitution), U upper triangular row-major n × n — for instance Lᵀ
 * stored as its own matrix, which reads rows where {@link solveUpperT} reads the columns of L.
 *
 * @example
 * ```ts
 * const b = Float64Array.of(4, 4);
 * solveUpper(Float64Array.of(2, 1, 0, 2), 2, b); // b = [1, 2]
 * ```
 */
export const solveUpper = (u: Float64Array, n: number, b: Float64Array): Float64Array => {
  for (let i = n - 1; i >= 0; i--) {
    const ri = i * n;
    b[i] = ((b[i] as number) - dot(u, ri + i + 1, b, i + 1, n - i - 1)) / (u[ri + i] as number);
  }
  return b;
};

/**
 * The transpose of a row-major n × n matrix.
 *
 * @example
 * ```ts
 * transpose(Float64Array.of(2, 0, 1, 2), 2); // Float64Array [2, 1, 0, 2]
 * ```
 */
export const transpose = (a: Float64Array, n: number): Float64Array => {
  const t = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) t[j * n + i] = a[i * n + j] as number;
  return t;
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
  // U = L⁻ᵀ (upper), then A⁻¹ = U·Uᵀ: every inner loop is a dot product of two contiguous rows.
  const u = new Float64Array(n * n);
  for (let j = 0; j < n; j++) {
    const rj = j * n;
    u[rj + j] = 1 / (l[rj + j] as number);
    for (let i = j + 1; i < n; i++) {
      const ri = i * n;
      u[rj + i] = -dot(l, ri + j, u, rj + j, i - j) / (l[ri + i] as number);
    }
  }
  const out = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    const ri = i * n;
    for (let j = 0; j <= i; j++) {
      const rj = j * n;
      const s = dot(u, ri + i, u, rj + i, n - i);
      out[ri + j] = s;
      out[rj + i] = s;
    }
  }
  return out;
};
