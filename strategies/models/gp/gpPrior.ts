import type { GpParams } from './maternKernel.js';

/** The smallest noise variance a fit may reach (Optuna's default minimum). */
export const MIN_NOISE = 1e-6;

/**
 * Optuna's heuristic log prior of the GP hyper-parameters, normalising constants dropped:
 * −Σ_j (0.1/κ_j + 0.1·κ_j) (pulls each inverse squared length scale κ towards 1), a Gamma(2, 1) on the
 * kernel scale s and a Gamma(1.1, 30) on the noise variance σ² (small noise favoured).
 *
 * @example
 * ```ts
 * gpLogPrior({ invSqLengthscales: [1], scale: 1, noise: 1 }); // -0.2 + (0 - 1) + (0 - 30) = -31.2
 * ```
 */
export const gpLogPrior = (p: GpParams): number => {
  let lp = 0;
  for (const k of p.invSqLengthscales) lp -= 0.1 / k + 0.1 * k;
  return lp + Math.log(p.scale) - p.scale + 0.1 * Math.log(p.noise) - 30 * p.noise;
};

/**
 * The hyper-parameters as the fit sees them: [ln κ_1 … ln κ_d, ln s, ln(σ² − 1e-6)], unbounded, so the
 * optimiser needs no positivity constraint and the noise never falls below its minimum.
 *
 * @example
 * ```ts
 * paramsFromRaw([0, 0, Math.log(1 - 1e-6)], 1); // { invSqLengthscales: [1], scale: 1, noise: 1 }
 * ```
 */
export const paramsFromRaw = (raw: ArrayLike<number>, d: number): GpParams => {
  const invSqLengthscales: number[] = [];
  for (let j = 0; j < d; j++) invSqLengthscales.push(Math.exp(raw[j] as number));
  return { invSqLengthscales, scale: Math.exp(raw[d] as number), noise: MIN_NOISE + Math.exp(raw[d + 1] as number) };
};

/**
 * The inverse of {@link paramsFromRaw}.
 *
 * @example
 * ```ts
 * rawFromParams({ invSqLengthscales: [1], scale: 1, noise: 1 }); // [0, 0, ln(1 − 1e-6)]
 * ```
 */
export const rawFromParams = (p: GpParams): number[] => [
  ...p.invSqLengthscales.map(Math.log),
  Math.log(p.scale),
  Math.log(Math.max(p.noise - MIN_NOISE, 1e-300)),
];

/**
 * The gradient of {@link gpLogPrior} with respect to the raw parameters, added into `grad`.
 *
 * @example
 * ```ts
 * const g = new Float64Array(3);
 * addLogPriorGradient({ invSqLengthscales: [1], scale: 1, noise: 1 }, g); // [0, 0, (0.1 − 30)(1 − 1e-6)]
 * ```
 */
export const addLogPriorGradient = (p: GpParams, grad: Float64Array): void => {
  const d = p.invSqLengthscales.length;
  p.invSqLengthscales.forEach((k, j) => {
    grad[j] = (grad[j] as number) + 0.1 / k - 0.1 * k;
  });
  grad[d] = (grad[d] as number) + 1 - p.scale;
  grad[d + 1] = (grad[d + 1] as number) + (0.1 / p.noise - 30) * (p.noise - MIN_NOISE);
};
