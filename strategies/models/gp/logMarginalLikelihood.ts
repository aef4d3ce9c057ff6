import { cholesky, choleskyInverse, solveLower, solveUpperT } from '../../math/cholesky.js';
import type { GpInputs, GpParams } from './maternKernel.js';
import { dimDistance, matern52, matern52Slope } from './maternKernel.js';
import { MIN_NOISE } from './gpPrior.js';

const HALF_LOG_2PI = 0.5 * Math.log(2 * Math.PI);

/**
 * The per-dimension distances of every pair i > j of the inputs (pair index i(i−1)/2 + j, dimension k at
 * k·pairs + pair). They do not depend on the hyper-parameters, so a fit computes them once and every
 * evaluation of the likelihood reuses them.
 */
export interface PairDistances {
  readonly n: number;
  readonly d: number;
  readonly pairs: number;
  readonly delta: Float64Array;
}

/**
 * The {@link PairDistances} of `inputs`.
 *
 * @example
 * ```ts
 * pairDistances({ x: Float64Array.of(0, 0.5, 1), n: 3, d: 1, cat: Uint8Array.of(0) }).delta; // [0.25, 1, 0.25]
 * ```
 */
export const pairDistances = (inputs: GpInputs): PairDistances => {
  const { x, n, d, cat } = inputs;
  const pairs = (n * (n - 1)) / 2;
  const delta = new Float64Array(pairs * d);
  for (let i = 1, p = 0; i < n; i++)
    for (let j = 0; j < i; j++, p++)
      for (let k = 0; k < d; k++)
        delta[k * pairs + p] = dimDistance(cat[k] as number, x[i * d + k] as number, x[j * d + k] as number);
  return { n, d, pairs, delta };
};

/**
 * The log marginal likelihood of standardised observations y under a zero-mean GP with the Matérn-5/2
 * ARD kernel: −½·yᵀK⁻¹y − Σ ln diag(chol K) − (n/2)·ln 2π, K = s·M + σ²·I. When `grad` is given, the
 * gradient with respect to the raw parameters [ln κ_1 … ln κ_d, ln s, ln(σ² − 1e-6)] is written into it:
 * ½·tr((ααᵀ − K⁻¹)·∂K/∂θ) with α = K⁻¹y. −∞ when K is not numerically positive definite.
 *
 * @example
 * ```ts
 * const dist = pairDistances(inputs);
 * const g = new Float64Array(inputs.d + 2);
 * const lml = logMarginalLikelihood(dist, y, { invSqLengthscales: [1, 1], scale: 1, noise: 0.01 }, g);
 * ```
 */
export const logMarginalLikelihood = (
  dist: PairDistances,
  y: ArrayLike<number>,
  p: GpParams,
  grad?: Float64Array,
): number => {
  const { n, d, pairs, delta } = dist;
  const r2 = new Float64Array(pairs);
  for (let k = 0; k < d; k++) {
    const kappa = p.invSqLengthscales[k] as number;
    const off = k * pairs;
    for (let q = 0; q < pairs; q++) r2[q] = (r2[q] as number) + kappa * (delta[off + q] as number);
  }
  const kmat = new Float64Array(n * n);
  const m = new Float64Array(pairs);
  for (let i = 0, q = 0; i < n; i++) {
    kmat[i * n + i] = p.scale + p.noise;
    for (let j = 0; j < i; j++, q++) {
      const v = matern52(r2[q] as number);
      m[q] = v;
      kmat[i * n + j] = p.scale * v;
    }
  }
  const l = cholesky(kmat, n);
  if (l === undefined) {
    grad?.fill(0);
    return -Infinity;
  }
  const alpha = Float64Array.from(y);
  solveLower(l, n, alpha);
  let quad = 0;
  for (let i = 0; i < n; i++) quad += (alpha[i] as number) * (alpha[i] as number);
  solveUpperT(l, n, alpha);
  let logDet = 0;
  for (let i = 0; i < n; i++) logDet += Math.log(l[i * n + i] as number);
  const lml = -0.5 * quad - logDet - n * HALF_LOG_2PI;
  if (grad === undefined) return lml;

  const kinv = choleskyInverse(l, n);
  // W = ααᵀ − K⁻¹; every ∂K/∂θ is symmetric with a known diagonal, so only pairs i > j and the trace matter.
  let trW = 0;
  for (let i = 0; i < n; i++) trW += (alpha[i] as number) * (alpha[i] as number) - (kinv[i * n + i] as number);
  const w = new Float64Array(pairs);
  let sumWM = 0;
  for (let i = 0, q = 0; i < n; i++)
    for (let j = 0; j < i; j++, q++) {
      const wij = (alpha[i] as number) * (alpha[j] as number) - (kinv[i * n + j] as number);
      sumWM += wij * (m[q] as number);
      w[q] = wij * p.scale * matern52Slope(r2[q] as number);
    }
  for (let k = 0; k < d; k++) {
    const off = k * pairs;
    let s = 0;
    for (let q = 0; q < pairs; q++) s += (w[q] as number) * (delta[off + q] as number);
    grad[k] = s * (p.invSqLengthscales[k] as number);
  }
  grad[d] = 0.5 * p.scale * (trW + 2 * sumWM);
  grad[d + 1] = 0.5 * trW * (p.noise - MIN_NOISE);
  return lml;
};
