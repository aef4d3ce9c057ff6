import type { SchedulerOperator } from '../lib/trialRun.js';
import type { PbtOptions } from '../strategies/schedulers/pbtPolicy.js';
import { pbtPolicy } from '../strategies/schedulers/pbtPolicy.js';
import { fromPolicy } from './fromPolicy.js';

/**
 * Population Based Training: at each ready point a bottom-quantile member's run ends and a child trial
 * continues from a top member's checkpoint with a perturbed config (a `Fork` decision, journaled with
 * its mutation record); see {@link pbtPolicy} for the exact semantics. Put it last in the pipeline (it
 * only sees the events that pass through it), run the whole population at once (`concurrency` =
 * `budget.trials` = population), and have the trainer report a checkpoint at least at every ready point
 * and resume from `trial.resumeFrom` at `trial.startStep`.
 *
 * ```
 * run A:  ──a──a──a──a──a──|           interval 2, A on top
 * run B:  ──b──(b)                     B's step-2 report puts it in the bottom quantile
 * out B:  ──b──(bfe)|                  f = TrialDecided(fork B ← A), e = TrialEnded(B, stopped)
 * run C:       ──c──c──c──|            the child: new id, lineage [A], starts at A's checkpoint step
 * ```
 *
 * ## Example
 * ```ts
 * study(
 *   { space, objective: { metric: 'acc', mode: 'max' }, seed: 1, budget: { trials: 8 }, concurrency: 8 },
 *   pipe(
 *     sampleWith(randomSampler()),
 *     trainWith(trainer),
 *     pbt({ perturbationInterval: 5, mutations: { lr: float(1e-4, 1e-1, { log: true }), batch: [32, 64, 128] } }),
 *   ),
 * ).pipe(retainCheckpoints(store));
 * ```
 * @param options Interval, burn-in, quantile, mutations, explore, synchronous mode, population.
 * @return A function that returns the runs, cut and forked where PBT decided.
 * @throws InvalidOptionsError for bad options, naming the field and value.
 */
export const pbt = (options: PbtOptions = {}): SchedulerOperator => fromPolicy(pbtPolicy(options));
