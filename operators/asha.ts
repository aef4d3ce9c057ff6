import type { SchedulerOperator } from '../lib/trialRun.js';
import type { AshaOptions } from '../strategies/schedulers/ashaPolicy.js';
import { ashaPolicy } from '../strategies/schedulers/ashaPolicy.js';
import { fromPolicy } from './fromPolicy.js';

/**
 * Asynchronous successive halving as an operator: `fromPolicy(ashaPolicy(options))`. In the default
 * stopping form (Ray, Optuna) a trial is judged once per rung on arrival and stopped if it is below the
 * top 1/η of that rung so far; in the promotion form (`mode: 'promote'`, the ASHA paper) it pauses at
 * each rung and is promoted later, resuming from its checkpoint, when it ranks in the top 1/η and a
 * slot frees. The decision sits in the frame of the report that caused it; a stopped or paused trial's
 * trainer is unsubscribed on that frame.
 *
 * ```
 * run A:  ─a────b────c────|        rungs at steps 1 and 4 (η = 4)
 * run B:  ────a────(b)             B's step-4 report is below A's: stopped
 * out B:  ────a────(bxe)|          x = TrialDecided(stop B), e = TrialEnded(B, stopped)
 * ```
 *
 * ## Example
 * ```ts
 * study(
 *   { space, objective: { metric: 'loss', mode: 'min' }, budget: { trials: 200 }, concurrency: 4 },
 *   pipe(sampleWith(randomSampler()), trainWith(trainer), asha({ minStep: 1, maxStep: 81, reductionFactor: 3 })),
 * );
 * ```
 * @param options Rungs (`minStep`, `maxStep`, `reductionFactor`), `brackets`, `mode`.
 * @return A function that returns the runs with ASHA's decisions appended and cut where decided.
 * @throws InvalidOptionsError for bad options, synchronously.
 */
export const asha = (options: AshaOptions = {}): SchedulerOperator => fromPolicy(ashaPolicy(options));
