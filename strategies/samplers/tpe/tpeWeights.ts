/**
 * Optuna's `default_weights`: the mixture weights of m observations in trial-number order. Fewer than 25
 * → all ones; otherwise the oldest m − 25 get a linear ramp from 1/m to 1 and the newest 25 get 1, so
 * old trials fade (hyperopt's "linear forgetting").
 *
 * @example
 * ```ts
 * tpeWeights(30).slice(0, 5); // [0.0333, 0.275, 0.5167, 0.7583, 1]
 * ```
 */
export const tpeWeights = (m: number): Float64Array => {
  const w = new Float64Array(m).fill(1);
  if (m < 25) return w;
  const n = m - 25;
  // numpy.linspace(1/m, 1, n): start + i·step, the last point exactly 1 (a single point is just the start).
  const start = 1 / m;
  const step = n > 1 ? (1 - start) / (n - 1) : 0;
  for (let i = 0; i < n; i++) w[i] = n > 1 && i === n - 1 ? 1 : start + i * step;
  return w;
};
