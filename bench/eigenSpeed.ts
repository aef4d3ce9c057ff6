/**
 * Eigendecomposition of a symmetric matrix, as CMA-ES needs it: ml-matrix's EigenvalueDecomposition
 * (JAMA's tridiagonal QL) against a hand-written cyclic Jacobi and against symmetricEigen (the same QL on
 * one flat array, what CMA-ES uses), CPU time per call at d = 10 and d = 100.
 *
 *   npx tsx bench/eigenSpeed.ts
 */
import { EigenvalueDecomposition, Matrix } from 'ml-matrix';
import { symmetricEigen } from '../strategies/samplers/cmaes/symmetricEigen.js';

// Cyclic Jacobi rotations on a copy of a (row-major n×n); returns eigenvalues and column eigenvectors.
const jacobi = (a0: Float64Array, n: number): { d: Float64Array; v: Float64Array } => {
  const a = Float64Array.from(a0);
  const v = new Float64Array(n * n);
  for (let i = 0; i < n; i++) v[i * n + i] = 1;
  for (let sweep = 0; sweep < 50; sweep++) {
    let off = 0;
    for (let p = 0; p < n; p++) for (let q = p + 1; q < n; q++) off += (a[p * n + q] as number) ** 2;
    if (off < 1e-22) break;
    for (let p = 0; p < n; p++)
      for (let q = p + 1; q < n; q++) {
        const apq = a[p * n + q] as number;
        if (Math.abs(apq) < 1e-300) continue;
        const app = a[p * n + p] as number;
        const aqq = a[q * n + q] as number;
        const theta = (aqq - app) / (2 * apq);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        for (let k = 0; k < n; k++) {
          const akp = a[k * n + p] as number;
          const akq = a[k * n + q] as number;
          a[k * n + p] = c * akp - s * akq;
          a[k * n + q] = s * akp + c * akq;
        }
        for (let k = 0; k < n; k++) {
          const apk = a[p * n + k] as number;
          const aqk = a[q * n + k] as number;
          a[p * n + k] = c * apk - s * aqk;
          a[q * n + k] = s * apk + c * aqk;
        }
        for (let k = 0; k < n; k++) {
          const vkp = v[k * n + p] as number;
          const vkq = v[k * n + q] as number;
          v[k * n + p] = c * vkp - s * vkq;
          v[k * n + q] = s * vkp + c * vkq;
        }
      }
  }
  const d = new Float64Array(n);
  for (let i = 0; i < n; i++) d[i] = a[i * n + i] as number;
  return { d, v };
};

// A random SPD matrix of the kind CMA-ES adapts: Q diag(e) Qᵀ with spread eigenvalues.
const spd = (n: number, seed: number): Float64Array => {
  let s = seed;
  const r = (): number => ((s = (s * 1103515245 + 12345) % 2147483648) / 2147483648) * 2 - 1;
  const m = new Float64Array(n * n);
  for (let i = 0; i < n * n; i++) m[i] = r();
  const out = new Float64Array(n * n);
  for (let i = 0; i < n; i++)
    for (let j = 0; j < n; j++) {
      let acc = i === j ? 0.1 : 0;
      for (let k = 0; k < n; k++) acc += (m[i * n + k] as number) * (m[j * n + k] as number);
      out[i * n + j] = acc;
    }
  return out;
};

const cpuMs = (f: () => void, reps: number): number => {
  const t = process.cpuUsage();
  for (let i = 0; i < reps; i++) f();
  const u = process.cpuUsage(t);
  return (u.user + u.system) / 1e3 / reps;
};

for (const n of [10, 100]) {
  const a = spd(n, n);
  const rows = Array.from({ length: n }, (_, i) => Array.from(a.subarray(i * n, i * n + n)));
  const reps = n === 10 ? 5000 : 30;
  // Warm up both, then measure.
  cpuMs(() => new EigenvalueDecomposition(new Matrix(rows), { assumeSymmetric: true }), reps);
  cpuMs(() => jacobi(a, n), reps);
  cpuMs(() => symmetricEigen(a, n), reps);
  const flat = cpuMs(() => symmetricEigen(a, n), reps);
  const ml = cpuMs(() => {
    const e = new EigenvalueDecomposition(new Matrix(rows), { assumeSymmetric: true });
    void e.realEigenvalues;
    void e.eigenvectorMatrix;
  }, reps);
  const jac = cpuMs(() => jacobi(a, n), reps);
  // Agreement: largest eigenvalue.
  const e = new EigenvalueDecomposition(new Matrix(rows), { assumeSymmetric: true });
  const top = Math.max(...e.realEigenvalues);
  const topJ = Math.max(...jacobi(a, n).d);
  console.log(
    `d=${n}: ml-matrix ${ml.toFixed(4)} ms/call, Jacobi ${jac.toFixed(4)} ms/call, symmetricEigen ${flat.toFixed(4)} ms/call (top eigenvalue ${top.toPrecision(10)} vs ${topJ.toPrecision(10)})`,
  );
}
