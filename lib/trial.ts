import type { Config } from './config.js';
import type { Objective } from './objective.js';
import type { Seed } from './rng.js';

/** A trial's id: `String(number)` for trials a study creates; tests may use letters. */
export type TrialId = string;

/** What a trial knows of its study: the seed policies derive their randomness from, and the objective. */
export interface StudyRef {
  readonly seed: Seed;
  readonly objective: Objective;
}

/**
 * One run of one config. Immutable; a promoted or forked continuation is a new `Trial` value.
 *
 * - `budget`: the max step of this segment (the trainer should stop after reporting it), if any.
 * - `segment`: 0 for the first run, +1 for each resume of the same trial.
 * - `startStep` / `resumeFrom`: the step and checkpoint to resume from (0 / absent for a fresh start).
 * - `lineage`: ancestors' ids, nearest last (PBT forks).
 *
 * @example
 * ```ts
 * const trainer: Trainer<{ lr: number }> = (trial) => train(trial.config.lr, trial.seed, trial.budget);
 * ```
 */
export interface Trial<C = Config> {
  readonly id: TrialId;
  readonly number: number;
  readonly config: C;
  readonly seed: number;
  readonly segment: number;
  readonly startStep: number;
  readonly budget?: number;
  readonly resumeFrom?: unknown;
  readonly lineage: ReadonlyArray<TrialId>;
  readonly study: StudyRef;
}
