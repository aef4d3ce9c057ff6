import type { SchedulerOperator } from '../lib/trialRun.js';
import type { SuccessiveHalvingOptions } from '../strategies/schedulers/successiveHalvingPolicy.js';
import { successiveHalvingPolicy } from '../strategies/schedulers/successiveHalvingPolicy.js';
import { fromPolicy } from './fromPolicy.js';

/**
 * Synchronous successive halving as an operator: `fromPolicy(successiveHalvingPolicy(options))`. Trials
 * pause at each rung; when the whole cohort has arrived, the top ⌊n/η⌋ are promoted (resumed from their
 * checkpoint with the next milestone as budget) and the rest stopped, in the frame of the report that
 * completed the rung.
 *
 * ```
 * cohortSize 2, η = 2, one rung at step 1, B better than A:
 * run A:  ─a──────         out A: ─(ape)|        p = pause A, e = TrialEnded(A, paused)
 * run B:  ──────b──        out B: ──────(bqxye)|  q = pause B, x = promote B, y = stop A, e = TrialEnded(B, paused)
 *                          then B resumes from its step-1 checkpoint with budget maxStep
 * ```
 *
 * ## Example
 * ```ts
 * pipe(sampleWith(randomSampler()), trainWith(trainer), successiveHalving({ maxStep: 27, cohortSize: 9 }));
 * ```
 * @param options Rungs (`minStep`, `maxStep`, `reductionFactor`) and `cohortSize`.
 * @return A function that returns the runs with the halving decisions appended and cut where decided.
 * @throws InvalidOptionsError for bad options, synchronously.
 */
export const successiveHalving = (options: SuccessiveHalvingOptions = {}): SchedulerOperator =>
  fromPolicy(successiveHalvingPolicy(options));
