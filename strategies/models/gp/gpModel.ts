import { cholesky, solveLower, solveUpper, solveUpperT, transpose } from '../../math/cholesky.js';
import type { GpInputs, GpParams } from './maternKernel.js';
import { kernelMatrix } from './maternKernel.js';

const SQRT5 = Math.sqrt(5);

/**
 * A GP conditioned on observations: its inputs, hyper-parameters, the Cholesky factor L of K + σ²I and
 * α = (K + σ²I)⁻¹·y. Build it with {@link gpModel}; query it with {@link gpPosterior}.
 */
export interface GpModel {
  readonly inputs: GpInputs;
  readonly params: GpParams;
  readonly l: Float64Array;
  readonly alpha: Float64Array;
  /** Lᵀ as its own row-major matrix: the back substitution of the gradient then reads rows. */
  readonly lt: Float64Array;
  /** κ as a typed array, for the hot loops. */
  readonly kappa: Float64Array;
}

/**
 * Conditions the GP with hyper-parameters `params` on (inputs, y); `undefined` if the kernel matrix is
 * not numerically positive definite.
 *
 * @example
 * ```ts
 * const model = gpModel(inputs, y, fit.params);
 * ```
 */
export const gpModel = (inputs: GpInputs, y: ArrayLike<number>, params: GpParams): GpModel | undefined => {
  const n = inputs.n;
  const l = cholesky(kernelMatrix(inputs, params), n);
  if (l === undefined) return undefined;
  const alpha = Float64Array.from(y);
  solveUpperT(l, n, solveLower(l, n, alpha));
  return { inputs, params, l, alpha, lt: transpose(l, n), kappa: Float64Array.from(params.invSqLengthscales) };
};

/**
 * The posterior mean and variance of f at point `x` (d coordinates). With `grad` (2·d long), writes
 * d mean/dx into grad[0..d) and d variance/dx into grad[d..2d) (0 on categorical coordinates). `work`
 * (2·n long) avoids allocations in hot loops.
 *
 * @example
 * ```ts
 * const [mean, variance] = gpPosterior(model, Float64Array.of(0.5, 0.5));
 * ```
 */
export const gpPosterior = (
  model: GpModel,
  x: ArrayLike<number>,
  grad?: Float64Array,
  work?: Float64Array,
): readonly [number, number] => {
  const { inputs, params: p, l, lt, alpha, kappa } = model;
  const { x: xs, n, d, cat } = inputs;
  const buf = work ?? new Float64Array(2 * n);
  const kv = buf.subarray(0, n);
  const slope = buf.subarray(n, 2 * n);
  const s = p.scale;
  let mean = 0;
  if (grad) grad.fill(0);
  for (let i = 0; i < n; i++) {
    let r2 = 0;
    const row = i * d;
    for (let k = 0; k < d; k++) {
      const diff = (x[k] as number) - (xs[row + k] as number);
      r2 += (kappa[k] as number) * (cat[k] ? (diff === 0 ? 0 : 1) : diff * diff);
    }
    // matern52 and matern52Slope share one square root and one exponential.
    const a = SQRT5 * Math.sqrt(r2);
    const e = Math.exp(-a);
    const ki = s * (1 + a + (a * a) / 3) * e;
    kv[i] = ki;
    const ai = alpha[i] as number;
    mean += ki * ai;
    if (grad) {
      const sl = s * (-5 / 6) * (1 + a) * e;
      slope[i] = sl;
      const c = 2 * sl * ai;
      for (let k = 0; k < d; k++)
        if (!cat[k]) grad[k] = (grad[k] as number) + c * ((x[k] as number) - (xs[row + k] as number));
    }
  }
  solveLower(l, n, kv);
  let vv = 0;
  for (let i = 0; i < n; i++) vv += (kv[i] as number) * (kv[i] as number);
  const variance = Math.max(0, s - vv);
  if (grad) {
    // K⁻¹k = L⁻ᵀ(L⁻¹k); d var/dx = −2·(K⁻¹k)ᵀ·dk/dx.
    solveUpper(lt, n, kv);
    for (let i = 0; i < n; i++) {
      const c = -4 * (slope[i] as number) * (kv[i] as number);
      const row = i * d;
      for (let k = 0; k < d; k++)
        if (!cat[k]) grad[d + k] = (grad[d + k] as number) + c * ((x[k] as number) - (xs[row + k] as number));
    }
    for (let k = 0; k < d; k++) {
      grad[k] = (grad[k] as number) * (kappa[k] as number);
      grad[d + k] = (grad[d + k] as number) * (kappa[k] as number);
    }
  }
  return [mean, variance];
};
