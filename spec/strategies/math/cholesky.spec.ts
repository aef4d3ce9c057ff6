import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import {
  cholesky,
  choleskyInverse,
  solveLower,
  solveUpper,
  solveUpperT,
  transpose,
} from '../../../strategies/math/cholesky.js';

const close = (a: ArrayLike<number>, b: ArrayLike<number>, tol: number): void => {
  assert.equal(a.length, b.length);
  for (let i = 0; i < a.length; i++)
    assert.ok(Math.abs((a[i] as number) - (b[i] as number)) <= tol, `[${i}] ${a[i]} vs ${b[i]}`);
};

describe('cholesky', () => {
  it('factors a known matrix: [[4,2],[2,5]] = L·Lᵀ with L = [[2,0],[1,2]]', () => {
    close(cholesky(Float64Array.of(4, 2, 2, 5), 2) as Float64Array, [2, 0, 1, 2], 0);
  });

  it('reconstructs a random SPD matrix, solves against it and inverts it', () => {
    const n = 7;
    let s = 3;
    const r = (): number => (s = (s * 16807) % 2147483647) / 2147483647 - 0.5;
    const b = Float64Array.from({ length: n * n }, r);
    const a = new Float64Array(n * n);
    for (let i = 0; i < n; i++)
      for (let j = 0; j < n; j++) {
        let t = i === j ? 0.5 : 0;
        for (let k = 0; k < n; k++) t += (b[i * n + k] as number) * (b[j * n + k] as number);
        a[i * n + j] = t;
      }
    const l = cholesky(a, n) as Float64Array;
    const back = new Float64Array(n * n);
    for (let i = 0; i < n; i++)
      for (let j = 0; j < n; j++) {
        let t = 0;
        for (let k = 0; k < n; k++) t += (l[i * n + k] as number) * (l[j * n + k] as number);
        back[i * n + j] = t;
      }
    close(back, a, 1e-12);
    const x = Float64Array.from({ length: n }, (_, i) => i + 1);
    const rhs = new Float64Array(n);
    for (let i = 0; i < n; i++)
      for (let k = 0; k < n; k++) rhs[i] = (rhs[i] as number) + (a[i * n + k] as number) * (x[k] as number);
    close(solveUpperT(l, n, solveLower(l, n, Float64Array.from(rhs))), x, 1e-9);
    close(solveUpper(transpose(l, n), n, solveLower(l, n, Float64Array.from(rhs))), x, 1e-9);
    const inv = choleskyInverse(l, n);
    for (let i = 0; i < n; i++)
      for (let j = 0; j < n; j++) {
        let t = 0;
        for (let k = 0; k < n; k++) t += (a[i * n + k] as number) * (inv[k * n + j] as number);
        assert.ok(Math.abs(t - (i === j ? 1 : 0)) < 1e-9, `(A·A⁻¹)[${i}][${j}] = ${t}`);
      }
  });

  it('transpose swaps rows and columns; solveUpper solves with an upper-triangular matrix', () => {
    close(transpose(Float64Array.of(1, 2, 3, 4, 5, 6, 7, 8, 9), 3), [1, 4, 7, 2, 5, 8, 3, 6, 9], 0);
    close(solveUpper(Float64Array.of(2, 1, 0, 2), 2, Float64Array.of(4, 4)), [1, 2], 0);
  });

  it('returns undefined for a matrix that is not positive definite', () => {
    assert.equal(cholesky(Float64Array.of(1, 2, 2, 1), 2), undefined);
    assert.equal(cholesky(Float64Array.of(NaN), 1), undefined);
  });
});
