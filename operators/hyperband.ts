import type { SchedulerOperator } from '../lib/trialRun.js';
import type { HyperbandOptions } from '../strategies/schedulers/hyperbandPolicy.js';
import { hyperbandPolicy } from '../strategies/schedulers/hyperbandPolicy.js';
import { fromPolicy } from './fromPolicy.js';

/**
 * Hyperband as an operator: `fromPolicy(hyperbandPolicy(options))`, one lift of a policy that groups
 * trials by bracket (a hash of the seed and the trial id; with `brackets: 'sequential'`, whole brackets
 * in start order as HpBandSter) and runs successive halving per bracket — synchronous (`mode: 'sync'`,
 * default) or ASHA (`'stop'` / `'promote'`).
 *
 * ```
 * trials:   ─0──1──2──3──…        each lands in a bracket: 0→b0, 1→b2, 2→b0, …
 * bracket 0: rungs 1, 3, 9, 27     cohorts of 81
 * bracket 2: rung 9                cohorts of 15
 * ```
 *
 * ## Example
 * ```ts
 * pipe(sampleWith(randomSampler()), trainWith(trainer), hyperband({ minStep: 1, maxStep: 81, reductionFactor: 3 }));
 * ```
 * @param options Rungs (`minStep`, `maxStep`, `reductionFactor`), `mode` and `brackets`.
 * @return A function that returns the runs with Hyperband's decisions appended and cut where decided.
 * @throws InvalidOptionsError for bad options, synchronously.
 */
export const hyperband = (options: HyperbandOptions = {}): SchedulerOperator => fromPolicy(hyperbandPolicy(options));
