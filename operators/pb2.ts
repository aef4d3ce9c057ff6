import type { SchedulerOperator } from '../lib/trialRun.js';
import type { Pb2Options } from '../strategies/schedulers/pb2Policy.js';
import { pb2Policy } from '../strategies/schedulers/pb2Policy.js';
import { fromPolicy } from './fromPolicy.js';

/**
 * Population Based Bandits: {@link pbt}'s schedule and exploit, with each clone's parameters chosen by a
 * time-varying GP-UCB bandit over the population's observed reward improvements (within `bounds`) instead
 * of a random perturbation; see {@link pb2Policy}. Wire it as `pbt()`: last in the pipeline, the whole
 * population at once (`concurrency` = `budget.trials` = population), a trainer that reports checkpoints
 * and resumes from `trial.resumeFrom` at `trial.startStep`. Forks are journaled with a `Custom` mutation
 * per chosen parameter.
 *
 * ## Example
 * ```ts
 * study(
 *   { space, objective: { metric: 'reward', mode: 'max' }, seed: 1, budget: { trials: 4 }, concurrency: 4 },
 *   pipe(
 *     sampleWith(randomSampler()),
 *     trainWith(trainer),
 *     pb2({ perturbationInterval: 5, bounds: { lr: float(1e-4, 1e-1, { log: true }), clip: [0.1, 0.5] } }),
 *   ),
 * ).pipe(retainCheckpoints(store));
 * ```
 * @param options Interval, burn-in, quantile, synchronous mode, population, and the bounds of the bandit.
 * @return A function that returns the runs, cut and forked where PB2 decided.
 * @throws InvalidOptionsError for bad options, naming the field and value.
 */
export const pb2 = (options: Pb2Options): SchedulerOperator => fromPolicy(pb2Policy(options));
