import type { Config } from './config.js';
import type { MutationRecord } from './mutation.js';
import type { TrialId } from './trial.js';

/** End a trial for good (pruned, or budget spent). */
export interface Stop {
  readonly _tag: 'Stop';
  readonly trialId: TrialId;
  readonly reason: string;
  readonly rung?: number;
}
/** End a trial's current segment but keep it resumable from its last checkpoint. */
export interface Pause {
  readonly _tag: 'Pause';
  readonly trialId: TrialId;
  readonly rung: number;
}
/** Resume a paused trial from its checkpoint, up to `budget` steps. */
export interface Promote {
  readonly _tag: 'Promote';
  readonly trialId: TrialId;
  readonly rung: number;
  readonly budget: number;
}
/** PBT exploit/explore: end `replaced`, start a child from `parent`'s checkpoint at `step` with `config`. */
export interface Fork {
  readonly _tag: 'Fork';
  readonly replaced: TrialId;
  readonly parent: TrialId;
  readonly step: number;
  readonly checkpoint: unknown;
  readonly config: Config;
  readonly mutation: MutationRecord;
  readonly budget?: number;
}

/** What a scheduler decides. "Continue" is the absence of a decision. */
export type Decision = Stop | Pause | Promote | Fork;

/**
 * @example
 * ```ts
 * stop('3', 'below the rung cutoff', 1);
 * ```
 */
export const stop = (trialId: TrialId, reason: string, rung?: number): Stop =>
  rung === undefined ? { _tag: 'Stop', trialId, reason } : { _tag: 'Stop', trialId, reason, rung };
/**
 * A Pause decision: end the trial's segment, keep it resumable.
 *
 * @example `pause('3', 1)`
 */
export const pause = (trialId: TrialId, rung: number): Pause => ({ _tag: 'Pause', trialId, rung });
/**
 * A Promote decision: resume a paused trial up to `budget` steps.
 *
 * @example `promote('3', 2, 27)`
 */
export const promote = (trialId: TrialId, rung: number, budget: number): Promote => ({
  _tag: 'Promote',
  trialId,
  rung,
  budget,
});
/**
 * A Fork decision (PBT): replace a member by a child of `parent` with a mutated config.
 *
 * @example `fork({ replaced: '4', parent: '1', step: 10, checkpoint: c, config, mutation: {} })`
 */
export const fork = (f: Omit<Fork, '_tag'>): Fork => ({ _tag: 'Fork', ...f });

/**
 * The trial whose current run a decision ends, if any: Stop and Pause end their trial, Fork ends the
 * replaced member; Promote ends nothing.
 */
export const endedBy = (d: Decision): TrialId | undefined => {
  switch (d._tag) {
    case 'Stop':
    case 'Pause':
      return d.trialId;
    case 'Fork':
      return d.replaced;
    case 'Promote':
      return undefined;
  }
};

/**
 * How the run a terminal decision ends is recorded: paused (resumable) for Pause, stopped otherwise.
 * Shared by `fromPolicy` and the ask/tell facade so both journal the same outcome.
 *
 * @example
 * ```ts
 * trialEnded(endedBy(d)!, endOutcome(d));
 * ```
 */
export const endOutcome = (d: Decision): 'paused' | 'stopped' => (d._tag === 'Pause' ? 'paused' : 'stopped');
