/**
 * Scores as the GP sees them: minus their mean, over their standard deviation (population, floored at
 * 1e-10 so equal scores give zeros, not NaN), as Optuna's `_standardize_values`. Returns the mean and
 * deviation too, to map a score onto the same scale.
 *
 * @example
 * ```ts
 * standardise([1, 2, 3]).y; // [-1.2247, 0, 1.2247]
 * ```
 */
export const standardise = (scores: ReadonlyArray<number>): { y: Float64Array; mean: number; std: number } => {
  const n = scores.length;
  const mean = scores.reduce((a, v) => a + v, 0) / n;
  const std = Math.max(1e-10, Math.sqrt(scores.reduce((a, v) => a + (v - mean) ** 2, 0) / n));
  return { y: Float64Array.from(scores, (v) => (v - mean) / std), mean, std };
};
