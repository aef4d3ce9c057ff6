import type { Policy } from '../lib/policy.js';
import { noDecision } from '../lib/policy.js';
import type { SchedulerOperator } from '../lib/trialRun.js';
import { fromPolicy } from './fromPolicy.js';
import { checkOptionKeys } from '../lib/optionKeys.js';

/** The null policy: never decides (Ray's FIFOScheduler). */
export const fifoPolicy: Policy<null> = { name: 'fifo', init: () => null, step: (s) => noDecision(s) };

/**
 * The null scheduler: every trial runs to its own end. Useful as a default and as a baseline.
 *
 * ```
 * runs in:  ──a──a──a|
 * runs out: ──a──a──a|
 * ```
 *
 * ## Example
 * ```ts
 * study(options, pipe(sampleWith(randomSampler()), trainWith(trainer), fifo()));
 * ```
 * @return A function that returns the runs unchanged.
 */
export const fifo = (options: Readonly<Record<string, never>> = {}): SchedulerOperator => {
  checkOptionKeys('fifo options', options, []);
  return fromPolicy(fifoPolicy);
};
