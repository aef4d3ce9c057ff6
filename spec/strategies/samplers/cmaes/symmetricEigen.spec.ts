import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { EigenvalueDecomposition, Matrix } from 'ml-matrix';
import { rngFromSeed, withRng } from '../../../../lib/rng.js';
import { symmetricEigen } from '../../../../strategies/samplers/cmaes/symmetricEigen.js';

// A random symmetric matrix: G·Gᵀ (SPD) or G + Gᵀ (indefinite), row-major.
const randomSymmetric = (n: number, seed: number, spd: boolean): number[] =>
  withRng(rngFromSeed(seed), (next) => {
    const G = Array.from({ length: n * n }, () => next() * 2 - 1);
    const A = new Array<number>(n * n).fill(0);
    for (let i = 0; i < n; i++)
      for (let j = 0; j < n; j++) {
        if (!spd) A[i * n + j] = (G[i * n + j] as number) + (G[j * n + i] as number);
        else
          for (let k = 0; k < n; k++)
            A[i * n + j] = (A[i * n + j] as number) + (G[i * n + k] as number) * (G[j * n + k] as number);
      }
    return A;
  })[0];

describe('symmetricEigen', () => {
  const cases: Array<[number, number, boolean]> = [
    [1, 1, true],
    [2, 2, true],
    [5, 3, false],
    [10, 4, true],
    [10, 5, false],
    [31, 6, true],
  ];
  for (const [n, seed, spd] of cases)
    it(`is bit-identical to ml-matrix's symmetric decomposition (n = ${n}, ${spd ? 'SPD' : 'indefinite'})`, () => {
      const A = randomSymmetric(n, seed, spd);
      const rows = Array.from({ length: n }, (_, i) => A.slice(i * n, (i + 1) * n));
      const ref = new EigenvalueDecomposition(new Matrix(rows), { assumeSymmetric: true });
      const got = symmetricEigen(A, n);
      assert.deepEqual(got.values, ref.realEigenvalues);
      const V = ref.eigenvectorMatrix;
      assert.deepEqual(
        got.vectors,
        Array.from({ length: n * n }, (_, k) => V.get(Math.floor(k / n), k % n)),
      );
    });

  it('decomposes a diagonal matrix into ascending eigenvalues and unit vectors', () => {
    assert.deepEqual(symmetricEigen([2, 0, 0, 1], 2), { values: [1, 2], vectors: [0, 1, 1, 0] });
  });

  it('reconstructs the matrix: A = V·diag(values)·Vᵀ', () => {
    const n = 8;
    const A = randomSymmetric(n, 9, true);
    const { values, vectors } = symmetricEigen(A, n);
    for (let i = 0; i < n; i++)
      for (let j = 0; j < n; j++) {
        let acc = 0;
        for (let k = 0; k < n; k++)
          acc += (vectors[i * n + k] as number) * (values[k] as number) * (vectors[j * n + k] as number);
        assert.ok(Math.abs(acc - (A[i * n + j] as number)) < 1e-9, `${i},${j}: ${acc} vs ${A[i * n + j]}`);
      }
  });
});
