import type { Policy } from '../../lib/policy.js';
import type { PercentileStoppingOptions, PercentileStoppingState } from './percentileStoppingPolicy.js';
import { percentileStoppingPolicy } from './percentileStoppingPolicy.js';
import { InvalidOptionsError } from '../../lib/errors.js';

/** Options of {@link medianStoppingPolicy}: those of the percentile rule without `percentile`. */
export type MedianStoppingOptions = Omit<PercentileStoppingOptions, 'percentile'>;

/**
 * The median stopping rule with Optuna's `MedianPruner` semantics and defaults (5 startup trials, no
 * warm-up, every step, at least 1 completed trial at the step): stop a trial whose best score so far
 * is worse than the median of completed trials' scores at the same step. It is
 * `percentileStoppingPolicy({ percentile: 50 })`.
 *
 * @example
 * ```ts
 * fromPolicy(medianStoppingPolicy({ nWarmupSteps: 5 }));
 * ```
 * @throws InvalidOptionsError naming each bad field.
 */
export const medianStoppingPolicy = (options: MedianStoppingOptions = {}): Policy<PercentileStoppingState> => {
  if (typeof options === 'object' && options !== null && Object.hasOwn(options, 'percentile'))
    throw new InvalidOptionsError('medianStopping options', [
      'unknown option "percentile" (the median is the 50th; use percentileStopping for another)',
    ]);
  return percentileStoppingPolicy({ ...options, percentile: 50 }, 'medianStopping');
};
