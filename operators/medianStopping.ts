import type { SchedulerOperator } from '../lib/trialRun.js';
import type { MedianStoppingOptions } from '../strategies/schedulers/medianStoppingPolicy.js';
import { medianStoppingPolicy } from '../strategies/schedulers/medianStoppingPolicy.js';
import { fromPolicy } from './fromPolicy.js';

/**
 * The median stopping rule as an operator (Optuna's `MedianPruner`): once 5 trials have completed, a
 * trial whose best score so far is worse than the median of completed trials at the same step is
 * stopped, in the frame of that report; its trainer is unsubscribed on that frame.
 *
 * ```
 * completed C, D, E, F, G (5 startup trials)
 * run A:  ─a────b────(c)          c: A's best is below the median at step 3
 * out A:  ─a────b────(cxe)|       x = TrialDecided(stop A), e = TrialEnded(A, stopped)
 * ```
 *
 * ## Example
 * ```ts
 * pipe(sampleWith(randomSampler()), trainWith(trainer), medianStopping({ nWarmupSteps: 5 }));
 * ```
 * @param options `nStartupTrials` (5), `nWarmupSteps` (0), `intervalSteps` (1), `nMinTrials` (1), `maxStep`
 *   (none; reports at or past it are never judged: pass the trainer's last step).
 * @return A function that returns the runs, stopped where they fall below the median.
 * @throws InvalidOptionsError for bad options, synchronously.
 */
export const medianStopping = (options: MedianStoppingOptions = {}): SchedulerOperator =>
  fromPolicy(medianStoppingPolicy(options));
