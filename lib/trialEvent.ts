import type { Config } from './config.js';
import type { Decision } from './decision.js';
import type { MetricReport } from './metricReport.js';
import type { Objective } from './objective.js';
import type { Seed } from './rng.js';
import type { SearchSpace } from './searchSpace.js';
import type { Trial, TrialId } from './trial.js';

/**
 * A study's budget. Every field is optional; a study with none runs until its config source runs out,
 * so it needs a finite sampler (a grid) or an Observable source that completes, and is refused otherwise.
 */
export interface Budget {
  /** Number of fresh trials (continuations and PBT children do not count). */
  readonly trials?: number;
  /** Total training steps over all trials; running trials are stopped when it is spent. */
  readonly steps?: number;
  /** Milliseconds on the injected scheduler's clock; running trials are stopped when it passes. */
  readonly deadline?: number;
  /**
   * Total cost over all trials, in the units of a metric each trial reports as its cost so far (default
   * `fit_seconds`: the training wall seconds the learners' trainers report). Running trials are stopped
   * when it is spent. What makes cost-frugal search measurable: `{ cost: { total: 120 } }`.
   */
  readonly cost?: CostBudget;
}

/**
 * A budget in cost units: each trial reports its cost so far in `metric` (cumulative, like a step); the
 * study adds up the increases of every trial.
 *
 * @example
 * ```ts
 * const budget: Budget = { cost: { total: 300, metric: 'fit_seconds' } };
 * ```
 */
export interface CostBudget {
  /** The cost at which the study ends, in the metric's units. */
  readonly total: number;
  /** The metric that carries a trial's cost so far. Default `fit_seconds`. */
  readonly metric?: string;
}

/** The metric a cost budget reads when it names none. */
export const DEFAULT_COST_METRIC = 'fit_seconds';

/**
 * The metric a study's cost budget counts, `undefined` without a cost budget.
 *
 * @example
 * ```ts
 * costBudgetMetric({ cost: { total: 60 } }); // 'fit_seconds'
 * ```
 */
export const costBudgetMetric = (budget: Budget): string | undefined =>
  budget.cost === undefined ? undefined : (budget.cost.metric ?? DEFAULT_COST_METRIC);

/**
 * The cost a report carries under a study's cost budget: the value of the budget's metric, or
 * `undefined` when the study has no cost budget or the report lacks a finite value of it. The study state
 * and the progress both count cost with it.
 *
 * @example
 * ```ts
 * reportedCost({ cost: { total: 60 } }, { step: 1, metrics: { fit_seconds: 2.5 } }); // 2.5
 * ```
 */
export const reportedCost = (budget: Budget, report: MetricReport): number | undefined => {
  const metric = costBudgetMetric(budget);
  if (metric === undefined) return undefined;
  const v = report.metrics[metric];
  return v !== undefined && Number.isFinite(v) ? v : undefined;
};

/** The first event of every study: what was run, so a journal is self-describing. */
export interface StudyStarted {
  readonly _tag: 'StudyStarted';
  readonly seed: Seed;
  readonly objective: Objective;
  readonly concurrency: number;
  readonly budget: Budget;
  readonly space: SearchSpace;
}
/** A trial (or a continuation segment of one) started. */
export interface TrialStarted<C = Config> {
  readonly _tag: 'TrialStarted';
  readonly trial: Trial<C>;
}
/** A trainer reported; `score` is the objective metric normalised so higher is better. */
export interface TrialReported {
  readonly _tag: 'TrialReported';
  readonly trialId: TrialId;
  readonly report: MetricReport;
  readonly score: number;
}
/** A scheduler decided. */
export interface TrialDecided {
  readonly _tag: 'TrialDecided';
  readonly decision: Decision;
}
/** How a trial's run ended. */
export type Outcome = 'completed' | 'stopped' | 'paused' | 'failed';
/** A trial's run ended. `paused` trials may be resumed later; `failed` carries the reason. */
export interface TrialEnded {
  readonly _tag: 'TrialEnded';
  readonly trialId: TrialId;
  readonly outcome: Outcome;
  readonly error?: { readonly name: string; readonly message: string };
}
/** The study's deadline passed on the injected scheduler's clock. */
export interface DeadlineReached {
  readonly _tag: 'DeadlineReached';
  readonly at: number;
}

/** Everything that happens in a study, in causal order; also the journal record. */
export type TrialEvent<C = Config> =
  StudyStarted | TrialStarted<C> | TrialReported | TrialDecided | TrialEnded | DeadlineReached;

/**
 * The first event of a study.
 *
 * @example `studyStarted({ seed: 1, objective, concurrency: 2, budget: {}, space })`
 */
export const studyStarted = (s: Omit<StudyStarted, '_tag'>): StudyStarted => ({ _tag: 'StudyStarted', ...s });
/**
 * A trial (or a segment of one) started.
 *
 * @example `trialStarted(trial)`
 */
export const trialStarted = <C>(trial: Trial<C>): TrialStarted<C> => ({ _tag: 'TrialStarted', trial });
/**
 * A trainer reported; `score` is the objective normalised so higher is better.
 *
 * @example `trialReported('3', { step: 1, metrics: { loss: 0.5 } }, -0.5)`
 */
export const trialReported = (trialId: TrialId, report: MetricReport, score: number): TrialReported => ({
  _tag: 'TrialReported',
  trialId,
  report,
  score,
});
/**
 * A scheduler decided.
 *
 * @example `trialDecided(stop('3', 'pruned'))`
 */
export const trialDecided = (decision: Decision): TrialDecided => ({ _tag: 'TrialDecided', decision });
/**
 * A trial's run ended, with its outcome (and the reason when it failed).
 *
 * @example `trialEnded('3', 'failed', { name: 'Error', message: 'boom' })`
 */
export const trialEnded = (
  trialId: TrialId,
  outcome: Outcome,
  error?: { readonly name: string; readonly message: string },
): TrialEnded =>
  error === undefined ? { _tag: 'TrialEnded', trialId, outcome } : { _tag: 'TrialEnded', trialId, outcome, error };
/**
 * The study's deadline passed.
 *
 * @example `deadlineReached(60_000)`
 */
export const deadlineReached = (at: number): DeadlineReached => ({ _tag: 'DeadlineReached', at });

/**
 * A type guard factory for filtering events by tag, like redux-observable's `ofType`.
 *
 * @example
 * ```ts
 * events$.pipe(filter(isEvent('TrialReported')));
 * ```
 */
export const isEvent =
  <K extends TrialEvent['_tag']>(tag: K) =>
  <C>(e: TrialEvent<C>): e is Extract<TrialEvent<C>, { _tag: K }> =>
    e._tag === tag;

/** The trial an event concerns, if any. */
export const trialIdOf = (e: TrialEvent): TrialId | undefined => {
  switch (e._tag) {
    case 'TrialStarted':
      return e.trial.id;
    case 'TrialReported':
    case 'TrialEnded':
      return e.trialId;
    case 'TrialDecided':
      return e.decision._tag === 'Fork' ? e.decision.replaced : e.decision.trialId;
    default:
      return undefined;
  }
};
