import { symmetricEigen } from './symmetricEigen.js';

/** C = B·diag(D²)·Bᵀ: B's columns (stored row-major, n × n) are eigenvectors, D the square roots of the eigenvalues. */
export interface CmaEigen {
  readonly B: number[];
  readonly D: number[];
  /** C rebuilt from the decomposition when an eigenvalue had to be floored (numerical noise), else undefined. */
  readonly repaired?: number[];
}

const EPS = 1e-8;

/**
 * The eigendecomposition of a symmetric n × n matrix (row-major), symmetrised first; eigenvalues below
 * zero (rounding noise) are floored at 1e-8, as the reference does. Tridiagonal QL ({@link symmetricEigen}:
 * ml-matrix's algorithm on a flat array, bit-identical to it and faster; bench/eigenSpeed.ts).
 *
 * @example
 * ```ts
 * cmaEigen([2, 0, 0, 1], 2); // { B: [0, 1, 1, 0], D: [1, √2] } (eigenvalues ascending)
 * ```
 */
export const cmaEigen = (C: ArrayLike<number>, n: number): CmaEigen => {
  const S = new Float64Array(n * n);
  for (let i = 0; i < n; i++)
    for (let j = 0; j < n; j++) S[i * n + j] = ((C[i * n + j] as number) + (C[j * n + i] as number)) / 2;
  const { values, vectors: B } = symmetricEigen(S, n);
  let floored = false;
  const D2 = values.map((v) => {
    if (v < 0) floored = true;
    return v < 0 ? EPS : v;
  });
  const D = D2.map(Math.sqrt);
  if (!floored) return { B, D };
  const repaired = new Array<number>(n * n).fill(0);
  for (let i = 0; i < n; i++)
    for (let j = 0; j < n; j++) {
      let acc = 0;
      for (let k = 0; k < n; k++) acc += (B[i * n + k] as number) * (D2[k] as number) * (B[j * n + k] as number);
      repaired[i * n + j] = acc;
    }
  return { B, D, repaired };
};
