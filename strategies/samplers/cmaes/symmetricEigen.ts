/**
 * Eigendecomposition of a symmetric n × n matrix (row-major) by Householder tridiagonalisation and the
 * QL algorithm (JAMA's tred2/tql2), on one flat Float64Array. The same operations in the same order as
 * ml-matrix's `EigenvalueDecomposition(…, { assumeSymmetric: true })`, so the results are bit-identical
 * (spec/strategies/samplers/cmaes/symmetricEigen.spec.ts); without its Matrix objects and per-element
 * method calls it is several times faster at the sizes CMA-ES decomposes every generation.
 *
 * Returns the eigenvalues ascending and V with V[i·n + j] = component i of eigenvector j.
 *
 * @example
 * ```ts
 * symmetricEigen([2, 0, 0, 1], 2); // { values: [1, 2], vectors: [0, 1, 1, 0] }
 * ```
 */
export const symmetricEigen = (A: ArrayLike<number>, n: number): { values: number[]; vectors: number[] } => {
  // W holds the transpose of JAMA's V (W[r·n + c] = V(c, r)), as ml-matrix stores it: the hot loops then
  // walk rows. A is symmetric, so W starts as A.
  const W = new Float64Array(n * n);
  for (let i = 0; i < n * n; i++) W[i] = A[i] as number;
  const d = new Float64Array(n);
  const e = new Float64Array(n);
  tred2(n, e, d, W);
  tql2(n, e, d, W);
  const vectors = new Array<number>(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) vectors[i * n + j] = W[j * n + i] as number;
  return { values: Array.from(d), vectors };
};

const hypotenuse = (a: number, b: number): number => {
  if (Math.abs(a) > Math.abs(b)) {
    const r = b / a;
    return Math.abs(a) * Math.sqrt(1 + r * r);
  }
  if (b !== 0) {
    const r = a / b;
    return Math.abs(b) * Math.sqrt(1 + r * r);
  }
  return 0;
};

// Indices below are in range by construction (hence the non-null assertions).
const tred2 = (n: number, e: Float64Array, d: Float64Array, W: Float64Array): void => {
  let f: number, g: number, h: number, hh: number, scale: number;
  const get = (r: number, c: number): number => W[r * n + c]!;
  const set = (r: number, c: number, v: number): void => {
    W[r * n + c] = v;
  };
  for (let j = 0; j < n; j++) d[j] = get(j, n - 1);
  for (let i = n - 1; i > 0; i--) {
    scale = 0;
    h = 0;
    for (let k = 0; k < i; k++) scale = scale + Math.abs(d[k]!);
    if (scale === 0) {
      e[i] = d[i - 1]!;
      for (let j = 0; j < i; j++) {
        d[j] = get(j, i - 1);
        set(j, i, 0);
        set(i, j, 0);
      }
    } else {
      for (let k = 0; k < i; k++) {
        d[k]! /= scale;
        h += d[k]! * d[k]!;
      }
      f = d[i - 1]!;
      g = Math.sqrt(h);
      if (f > 0) g = -g;
      e[i] = scale * g;
      h = h - f * g;
      d[i - 1] = f - g;
      for (let j = 0; j < i; j++) e[j] = 0;
      for (let j = 0; j < i; j++) {
        f = d[j]!;
        set(i, j, f);
        g = e[j]! + get(j, j) * f;
        for (let k = j + 1; k <= i - 1; k++) {
          g += get(j, k) * d[k]!;
          e[k]! += get(j, k) * f;
        }
        e[j] = g;
      }
      f = 0;
      for (let j = 0; j < i; j++) {
        e[j]! /= h;
        f += e[j]! * d[j]!;
      }
      hh = f / (h + h);
      for (let j = 0; j < i; j++) e[j]! -= hh * d[j]!;
      for (let j = 0; j < i; j++) {
        f = d[j]!;
        g = e[j]!;
        for (let k = j; k <= i - 1; k++) set(j, k, get(j, k) - (f * e[k]! + g * d[k]!));
        d[j] = get(j, i - 1);
        set(j, i, 0);
      }
    }
    d[i] = h;
  }
  for (let i = 0; i < n - 1; i++) {
    set(i, n - 1, get(i, i));
    set(i, i, 1);
    h = d[i + 1]!;
    if (h !== 0) {
      for (let k = 0; k <= i; k++) d[k] = get(i + 1, k) / h;
      for (let j = 0; j <= i; j++) {
        g = 0;
        for (let k = 0; k <= i; k++) g += get(i + 1, k) * get(j, k);
        for (let k = 0; k <= i; k++) set(j, k, get(j, k) - g * d[k]!);
      }
    }
    for (let k = 0; k <= i; k++) set(i + 1, k, 0);
  }
  for (let j = 0; j < n; j++) {
    d[j] = get(j, n - 1);
    set(j, n - 1, 0);
  }
  set(n - 1, n - 1, 1);
  e[0] = 0;
};

const tql2 = (n: number, e: Float64Array, d: Float64Array, W: Float64Array): void => {
  let g: number, h: number, m: number, p: number, r: number;
  let dl1: number, c: number, c2: number, c3: number, el1: number, s: number, s2: number;
  for (let i = 1; i < n; i++) e[i - 1] = e[i]!;
  e[n - 1] = 0;
  let f = 0;
  let tst1 = 0;
  const eps = Number.EPSILON;
  for (let l = 0; l < n; l++) {
    tst1 = Math.max(tst1, Math.abs(d[l]!) + Math.abs(e[l]!));
    m = l;
    while (m < n) {
      if (Math.abs(e[m]!) <= eps * tst1) break;
      m++;
    }
    if (m > l) {
      do {
        g = d[l]!;
        p = (d[l + 1]! - g) / (2 * e[l]!);
        r = hypotenuse(p, 1);
        if (p < 0) r = -r;
        d[l] = e[l]! / (p + r);
        d[l + 1] = e[l]! * (p + r);
        dl1 = d[l + 1]!;
        h = g - d[l]!;
        for (let i = l + 2; i < n; i++) d[i]! -= h;
        f = f + h;
        p = d[m]!;
        c = 1;
        c2 = c;
        c3 = c;
        el1 = e[l + 1]!;
        s = 0;
        s2 = 0;
        for (let i = m - 1; i >= l; i--) {
          c3 = c2;
          c2 = c;
          s2 = s;
          g = c * e[i]!;
          h = c * p;
          r = hypotenuse(p, e[i]!);
          e[i + 1] = s * r;
          s = e[i]! / r;
          c = p / r;
          p = c * d[i]! - s * g;
          d[i + 1] = h + s * (c * g + s * d[i]!);
          const a = (i + 1) * n;
          const b = i * n;
          for (let k = 0; k < n; k++) {
            h = W[a + k]!;
            W[a + k] = s * W[b + k]! + c * h;
            W[b + k] = c * W[b + k]! - s * h;
          }
        }
        p = (-s * s2 * c3 * el1 * e[l]!) / dl1;
        e[l] = s * p;
        d[l] = c * p;
      } while (Math.abs(e[l]!) > eps * tst1);
    }
    d[l] = d[l]! + f;
    e[l] = 0;
  }
  for (let i = 0; i < n - 1; i++) {
    let k = i;
    p = d[i]!;
    for (let j = i + 1; j < n; j++)
      if (d[j]! < p) {
        k = j;
        p = d[j]!;
      }
    if (k !== i) {
      d[k] = d[i]!;
      d[i] = p;
      for (let j = 0; j < n; j++) {
        p = W[i * n + j]!;
        W[i * n + j] = W[k * n + j]!;
        W[k * n + j] = p;
      }
    }
  }
};
