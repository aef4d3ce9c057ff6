import type { Decision } from './decision.js';
import type { StudyRef } from './trial.js';
import type { TrialEvent } from './trialEvent.js';

/** The result of one policy step. */
export interface PolicyStep<S> {
  readonly state: S;
  readonly decisions: ReadonlyArray<Decision>;
}

/**
 * A pure scheduler: every scheduler operator is `fromPolicy(somePolicy(options))`. `init` receives the
 * study's seed and objective (derive any RNG state from the seed); `step` sees every event of every
 * run, in order, and returns decisions as data. No clock, no global randomness: time is `report.step`.
 * A terminal decision (Stop, Pause, Fork's `replaced`) implies that trial's run ends; the policy does
 * not see the resulting `TrialEnded` of its own decision.
 *
 * @example
 * ```ts
 * const stopAt10: Policy<null> = {
 *   name: 'stopAt10',
 *   init: () => null,
 *   step: (s, e) => ({ state: s, decisions: e._tag === 'TrialReported' && e.report.step >= 10 ? [stop(e.trialId, 'max step')] : [] }),
 * };
 * ```
 */
export interface Policy<S = unknown> {
  readonly name: string;
  readonly init: (study: StudyRef) => S;
  readonly step: (state: S, event: TrialEvent) => PolicyStep<S>;
}

/** The empty step: keep state, decide nothing. */
export const noDecision = <S>(state: S): PolicyStep<S> => ({ state, decisions: [] });
