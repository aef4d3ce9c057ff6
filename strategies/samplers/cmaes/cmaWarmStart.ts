import { EigenvalueDecomposition, Matrix } from 'ml-matrix';

/** WS-CMA-ES's defaults: the share of best source solutions kept (γ) and the added isotropic variance (α). */
export const WS_CMA_DEFAULTS = { gamma: 0.1, alpha: 0.1 } as const;

/**
 * WS-CMA-ES (Nomura et al. 2021): the initial mean, σ and covariance of a run from the best solutions of
 * a similar earlier task, all in [0, 1]^n. Keeps the best ⌊γ·N⌋ (at least one: the reference rejects
 * fewer, a one-point source then simply starts at that point with C = α²I), μ = their mean,
 * Σ = α²I + their population covariance, σ₀ = det(Σ)^(1/2n), C₀ = Σ / det(Σ)^(1/n).
 *
 * @example
 * ```ts
 * const { mean, sigma, cov } = cmaWarmStart(sourceXs, sourceValues); // values: lower is better
 * ```
 * @throws Error when there are no solutions (callers check first).
 */
export const cmaWarmStart = (
  xs: ReadonlyArray<ReadonlyArray<number>>,
  fs: ReadonlyArray<number>,
  gamma: number = WS_CMA_DEFAULTS.gamma,
  alpha: number = WS_CMA_DEFAULTS.alpha,
): { mean: number[]; sigma: number; cov: number[] } => {
  if (xs.length === 0) throw new Error('cmaWarmStart: no source solutions');
  const n = (xs[0] as ReadonlyArray<number>).length;
  const order = fs.map((f, i) => [f, i] as const).sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const k = Math.max(1, Math.floor(gamma * xs.length));
  const top = order.slice(0, k).map(([, i]) => xs[i] as ReadonlyArray<number>);
  const mean = new Array<number>(n).fill(0);
  for (const x of top) for (let j = 0; j < n; j++) mean[j] = (mean[j] as number) + (x[j] as number) / k;
  const sigmaM = new Array<number>(n * n).fill(0);
  for (let i = 0; i < n; i++)
    for (let j = 0; j < n; j++) {
      let acc = 0;
      for (const x of top) acc += ((x[i] as number) - (mean[i] as number)) * ((x[j] as number) - (mean[j] as number));
      sigmaM[i * n + j] = acc / k + (i === j ? alpha * alpha : 0);
    }
  const rows = Array.from({ length: n }, (_, i) => sigmaM.slice(i * n, i * n + n));
  const eig = new EigenvalueDecomposition(new Matrix(rows), { assumeSymmetric: true }).realEigenvalues;
  // log det through the eigenvalues: the product itself under- or overflows in high dimensions.
  const logDet = eig.reduce((a, v) => a + Math.log(Math.max(v, 1e-300)), 0);
  const sigma = Math.exp(logDet / (2 * n));
  const scale = Math.exp(-logDet / n);
  return { mean, sigma, cov: sigmaM.map((v) => v * scale) };
};
