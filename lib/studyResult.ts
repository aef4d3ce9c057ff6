import type { Config } from './config.js';
import type { ConfigOf, SearchSpace } from './searchSpace.js';
import type { StudyState, TrialRecord, TrialStatus } from './studyState.js';
import { allTrials, bestTrial } from './studyState.js';
import type { TrialId } from './trial.js';
import { valueOf } from './objective.js';

/** One row of {@link trialsTable}: what a person wants to see of a trial after the run. */
export interface TrialRow<C = Config> {
  readonly number: number;
  readonly id: TrialId;
  readonly config: C;
  readonly state: TrialStatus;
  /** The step of its last report, if it reported. */
  readonly lastStep: number | undefined;
  /** The objective metric at its last report, in the metric's own sign (a loss stays positive). */
  readonly value: number | undefined;
  /** Why it failed (`failed` rows only). */
  readonly error?: string;
}

/** The best completed trial, as {@link bestOf} returns it. */
export interface BestRow<C = Config> {
  readonly number: number;
  readonly id: TrialId;
  readonly config: C;
  /** The objective metric at its last report, in the metric's own sign. */
  readonly value: number;
  readonly step: number;
  /** Every metric of its last report. */
  readonly metrics: Readonly<Record<string, number>>;
}

/** Everything {@link studyResult} and the `toResult()` operator give after a run. */
export interface StudyResult<C = Config> {
  /** Every trial in creation order. */
  readonly trials: ReadonlyArray<TrialRow<C>>;
  /** The best completed trial; `undefined` when no trial completed. */
  readonly best: BestRow<C> | undefined;
  /** How many trials are in each state. */
  readonly counts: Readonly<Record<TrialStatus, number>>;
}

// A plain Error's or a TrialFailedError's message says it all ("trial 3: metric …"); other names help.
const errorText = (e: NonNullable<TrialRecord['error']>): string =>
  e.name === 'Error' || e.name === 'TrialFailedError' ? e.message : `${e.name}: ${e.message}`;

const valueOfRecord = (r: TrialRecord): number | undefined =>
  r.lastScore === undefined ? undefined : valueOf(r.trial.study.objective, r.lastScore);

const rowOf = <C>(r: TrialRecord): TrialRow<C> => {
  const row = {
    number: r.trial.number,
    id: r.trial.id,
    config: r.trial.config as C,
    state: r.status,
    lastStep: r.lastStep,
    value: valueOfRecord(r),
  };
  return r.status === 'failed' && r.error ? { ...row, error: errorText(r.error) } : row;
};

/**
 * Every trial of a study as a row: number, id, config, state, last step, the objective value in the
 * metric's own sign (not the internal score, which is negated for `min`), and why it failed. Pure; works
 * on the state of a reactive study (via `toResult()`) and of `askTell` (`trialsTable(s.state)`).
 *
 * @example
 * ```ts
 * console.table(trialsTable(hpo.state));
 * // number id config                    state       lastStep value  error
 * // 0      '0' { lr: 0.01, act: 'relu' } 'completed' 10       0.031
 * // 1      '1' { lr: 0.09, act: 'tanh' } 'stopped'   3        0.412
 * ```
 */
export const trialsTable = <S extends SearchSpace>(state: StudyState<S>): Array<TrialRow<ConfigOf<S>>> =>
  allTrials(state as StudyState).map((r) => rowOf<ConfigOf<S>>(r));

/**
 * The best completed trial (by its last report's objective value), or `undefined` if none completed.
 *
 * @example
 * ```ts
 * const best = bestOf(hpo.state);
 * if (best) console.log(`trial ${best.number}: loss ${best.value} with`, best.config);
 * ```
 */
export const bestOf = <S extends SearchSpace>(state: StudyState<S>): BestRow<ConfigOf<S>> | undefined => {
  const r = bestTrial(state as StudyState);
  if (r?.lastScore === undefined) return undefined;
  return {
    number: r.trial.number,
    id: r.trial.id,
    config: r.trial.config as ConfigOf<S>,
    value: valueOf(r.trial.study.objective, r.lastScore),
    step: r.lastStep ?? r.trial.startStep,
    metrics: r.lastMetrics ?? {},
  };
};

/**
 * The table of trials, the best trial and the count of trials per state, in one value.
 *
 * @example
 * ```ts
 * const { trials, best, counts } = studyResult(hpo.state);
 * console.log(`${counts.completed} completed, ${counts.failed} failed; best`, best?.config);
 * ```
 */
export const studyResult = <S extends SearchSpace>(state: StudyState<S>): StudyResult<ConfigOf<S>> => {
  const trials = trialsTable(state);
  const counts: Record<TrialStatus, number> = { running: 0, completed: 0, stopped: 0, paused: 0, failed: 0 };
  for (const t of trials) counts[t.state]++;
  return { trials, best: bestOf(state), counts };
};
