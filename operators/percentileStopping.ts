import type { SchedulerOperator } from '../lib/trialRun.js';
import type { PercentileStoppingOptions } from '../strategies/schedulers/percentileStoppingPolicy.js';
import { percentileStoppingPolicy } from '../strategies/schedulers/percentileStoppingPolicy.js';
import { fromPolicy } from './fromPolicy.js';

/**
 * The percentile stopping rule as an operator (Optuna's `PercentilePruner`): like {@link medianStopping}
 * with another percentile — `percentile: 25` keeps only trials whose best so far is in the best quarter
 * of completed trials at the same step.
 *
 * ```
 * run A:  ─a────b────(c)
 * out A:  ─a────b────(cxe)|       x = TrialDecided(stop A): A's best is outside the best 25 %
 * ```
 *
 * ## Example
 * ```ts
 * pipe(sampleWith(randomSampler()), trainWith(trainer), percentileStopping({ percentile: 25 }));
 * ```
 * @param options `percentile` (required, 0–100) and the median rule's options.
 * @return A function that returns the runs, stopped where they fall below the percentile.
 * @throws InvalidOptionsError for bad options, synchronously.
 */
export const percentileStopping = (options: PercentileStoppingOptions): SchedulerOperator =>
  fromPolicy(percentileStoppingPolicy(options));
