import type { Observable, OperatorFunction, SchedulerLike } from 'rxjs';
import {
  asyncScheduler,
  defer,
  endWith,
  ignoreElements,
  isObservable,
  map,
  merge,
  scan,
  share,
  take,
  takeUntil,
  tap,
} from 'rxjs';
import type { ConfigOf, SearchSpace } from '../lib/searchSpace.js';
import { flattenSpace } from '../lib/searchSpace.js';
import type { StudyInit, StudyState } from '../lib/studyState.js';
import { initialStudyState, reduceStudy } from '../lib/studyState.js';
import type { TrialRun } from '../lib/trialRun.js';
import type { Budget, DeadlineReached, TrialEvent } from '../lib/trialEvent.js';
import { deadlineReached, studyStarted } from '../lib/trialEvent.js';
import type { Objective } from '../lib/objective.js';
import type { Seed } from '../lib/rng.js';
import { closeLoop } from '../lib/loop.js';
import { commonOptionProblems } from '../lib/commonOptions.js';
import type { FailFast } from '../lib/failFast.js';
import { longTimer } from '../lib/longTimer.js';
import { InvalidOptionsError, show } from '../lib/errors.js';
import { budgetGuard } from './budgetGuard.js';
import { execute } from './execute.js';
import { failFastGuard } from './failFastGuard.js';
import { trialTimeout } from './trialTimeout.js';
import type { OnRunning, ReplayCoordinator } from '../lib/replayCoordinator.js';
import { checkReplayHeader, replayCoordinator } from '../lib/replayCoordinator.js';

/** Options of {@link study}. */
export interface StudyOptions<S extends SearchSpace> {
  readonly space: S;
  /** The metric to optimise and its direction. */
  readonly objective: Objective;
  /** Default 0. Same seed and same event order give the same trials. */
  readonly seed?: Seed;
  /** Trials running at once. Default 1. */
  readonly concurrency?: number;
  /**
   * When the study ends: `trials`, `steps`, `deadline` and/or `cost`. A study needs at least one of them unless
   * its config source runs out (a grid, an Observable that completes).
   */
  readonly budget?: Budget;
  /** The clock for `budget.deadline` and `trialTimeout`. Default `asyncScheduler`; pass a TestScheduler for virtual time. */
  readonly scheduler?: SchedulerLike;
  /**
   * Milliseconds a trial's run may take (each resumed segment gets its own). A run still going then ends
   * `TrialEnded{failed, error: { name: 'TrialTimeout' }}` and its trainer is unsubscribed. Default: none.
   */
  readonly trialTimeout?: number;
  /**
   * When failed trials fail the study with a `StudyFailedError`. Default: when the first 3 trials to
   * end failed the same way and none completed, or when the study ends with failures and no completed
   * trial. `true`: at the first failure; a number `n`: at the `n`-th failure; `false`: never.
   */
  readonly failFast?: FailFast;
  /**
   * Stops the study gracefully when it emits (a signal handler, a button): running trials are stopped
   * with a decision and `TrialEnded{stopped}`, as at the deadline (`DeadlineReached` is emitted), and the
   * study completes.
   */
  readonly stopOn?: Observable<unknown>;
  /**
   * The events of an earlier run of this same study (a journal's `events`, see `openJournal` in
   * `rxhpo/node`): the study replays them through the same pipeline, so samplers, schedulers and RNG
   * streams are exactly where they were, and continues from there. The journal's first event must carry
   * the same seed, objective, space, concurrency and budget (an `InvalidOptionsError` names the field
   * that differs); a study that does not reproduce the journal errors with a `ReplayDivergedError`.
   * Empty: a fresh study. The deadline counts from the resume unless the journal already reached it.
   */
  readonly replay?: ReadonlyArray<TrialEvent>;
  /**
   * What happens to trials that were running when the replayed journal ends: `'resume'` (default) calls
   * the trainer from the newest checkpoint the journal holds (`startStep`, `resumeFrom`), or from the
   * start with the same config and seed when there is none; `'restart'` always starts over; `'fail'`
   * ends them `TrialEnded{failed, error: { name: 'TrialInterrupted' }}`. Reports the journal holds are
   * never repeated.
   */
  readonly onRunning?: OnRunning;
}

const STUDY_OPTIONS = [
  'space',
  'objective',
  'seed',
  'concurrency',
  'budget',
  'scheduler',
  'trialTimeout',
  'failFast',
  'stopOn',
  'replay',
  'onRunning',
];

/**
 * Validates study options, throwing an `InvalidOptionsError` that names every bad field and value
 * (unknown keys get the nearest valid name).
 *
 * @example
 * ```ts
 * validateStudyOptions({ space, objective: { metric: 'loss', mode: 'min' }, concurrency: 0 }); // throws
 * ```
 */
export const validateStudyOptions = <S extends SearchSpace>(options: StudyOptions<S>): void => {
  const p = commonOptionProblems(options, { known: STUDY_OPTIONS });
  const o = (options ?? {}) as Partial<StudyOptions<S>>;
  const sch = o.scheduler;
  if (sch !== undefined && !(typeof sch === 'object' && sch !== null && typeof sch.schedule === 'function'))
    p.push(`scheduler must be an rxjs SchedulerLike (asyncScheduler, a TestScheduler), got ${show(sch)}`);
  const tt = o.trialTimeout;
  if (tt !== undefined && !(typeof tt === 'number' && tt > 0))
    p.push(`trialTimeout must be a number of milliseconds > 0, got ${show(tt)}`);
  if (o.stopOn !== undefined && !isObservable(o.stopOn))
    p.push(`stopOn must be an Observable (emitting stops the study), got ${show(o.stopOn)}`);
  if (o.replay !== undefined && !Array.isArray(o.replay))
    p.push(`replay must be an array of events (a journal's events), got ${show(o.replay)}`);
  if (o.onRunning !== undefined && !['resume', 'restart', 'fail'].includes(o.onRunning))
    p.push(`onRunning must be 'resume', 'restart' or 'fail', got ${show(o.onRunning)}`);
  if (p.length > 0) throw new InvalidOptionsError('study options', p);
  flattenSpace(options.space);
};

/**
 * Runs a study: the feedback loop from events to state to sampler is closed here, once. `pipeline` is an
 * ordinary rxjs `pipe()` from study states to trial runs: a `sampleWith`, a `trainWith`, then any
 * scheduler operators. The result is the cold stream of every event; subscribing starts the study,
 * unsubscribing stops every running trainer. It completes when the budget is spent (or the sampler is
 * exhausted), nothing runs and no continuation is pending. Options are validated synchronously; a study
 * that could never end (no trial, step or deadline budget and a sampler that never runs out) errors on
 * subscribe, before any trial starts. Failed trials are events; when they show the setup is broken (see
 * `failFast`) the stream errors with a `StudyFailedError` naming the reasons.
 *
 * ## Example
 * ```ts
 * const space = { lr: float(1e-4, 1e-1, { log: true }), act: categorical(['relu', 'tanh']) };
 * study(
 *   { space, objective: { metric: 'loss', mode: 'min' }, seed: 42, budget: { trials: 30 }, concurrency: 2 },
 *   pipe(sampleWith(randomSampler()), trainWith((trial) => fit(trial.config)), medianStopping()),
 * ).pipe(bestSoFar()).subscribe(console.log);
 * ```
 * @param options Space, objective, seed, budget, concurrency, clock.
 * @param pipeline States to runs.
 * @return An Observable of the study's events.
 * @throws InvalidOptionsError for bad options, before anything runs.
 */
export function study<S extends SearchSpace>(
  options: StudyOptions<S>,
  pipeline: OperatorFunction<StudyState<S>, TrialRun<ConfigOf<S>>>,
): Observable<TrialEvent<ConfigOf<S>>> {
  validateStudyOptions(options);
  const seed = options.seed ?? 0;
  const concurrency = options.concurrency ?? 1;
  const budget = options.budget ?? {};
  const init = { seed, objective: options.objective, space: options.space, concurrency, budget };
  const prefix = options.replay ?? [];
  checkReplayHeader(prefix, studyStarted(init));
  if (prefix.length === 0) return run(options, pipeline, init, undefined);
  // One coordinator per subscription: each subscription replays the journal from its start.
  return defer(() => {
    const replay = replayCoordinator(prefix, options.onRunning ?? 'resume');
    return merge(
      run(options, pipeline, init, replay).pipe(tap((e) => replay.check(e as TrialEvent))),
      replay.failures$,
    );
  });
}

function run<S extends SearchSpace>(
  options: StudyOptions<S>,
  pipeline: OperatorFunction<StudyState<S>, TrialRun<ConfigOf<S>>>,
  init: StudyInit<S>,
  replay: ReplayCoordinator | undefined,
): Observable<TrialEvent<ConfigOf<S>>> {
  const { budget } = init;
  const { trialTimeout: limit, stopOn } = options;
  const scheduler = options.scheduler ?? asyncScheduler;
  const ends: Observable<unknown>[] = [];
  if (budget.deadline !== undefined) ends.push(longTimer(budget.deadline, scheduler));
  if (stopOn !== undefined) ends.push(stopOn);
  // A journal that reached its deadline (or was stopped) ends the resumed study at the same event.
  if (replay?.hasDeadline === true) ends.unshift(replay.deadline$.pipe(map((e) => new ReplayedDeadline(e))));
  const s0 = initialStudyState(replay ? { ...init, replay } : init);
  return closeLoop<TrialEvent<ConfigOf<S>>>(studyStarted(init), (feedback$) => {
    const states$ = feedback$.pipe(
      scan((s: StudyState<S>, e: TrialEvent<ConfigOf<S>>) => reduceStudy(s, e as TrialEvent), s0),
      share(),
    );
    const runs$ = pipeline(states$);
    if (!isObservable(runs$))
      throw new InvalidOptionsError('study', [`pipeline returned ${show(runs$)} instead of an Observable of TrialRun`]);
    const timed$ = limit === undefined ? runs$ : runs$.pipe(trialTimeout<ConfigOf<S>>(limit, scheduler));
    // The guard only matters when running work can be cut short (a step or cost budget, a deadline, a stop).
    const guarded$ =
      budget.steps === undefined && budget.cost === undefined && ends.length === 0
        ? timed$
        : timed$.pipe(budgetGuard<ConfigOf<S>>(states$ as Observable<StudyState>));
    const main$ = guarded$.pipe(execute());
    if (ends.length === 0) return main$;
    const shared$ = main$.pipe(share());
    const deadline$ = merge(...ends).pipe(
      take(1),
      map((v) => (v instanceof ReplayedDeadline ? v.event : deadlineReached(scheduler.now()))),
      takeUntil(shared$.pipe(ignoreElements(), endWith(0))),
    );
    return merge(shared$, deadline$);
  }).pipe(failFastGuard(options.failFast));
}

/** The journal's own `DeadlineReached`, replayed (its `at` is the original one). */
class ReplayedDeadline {
  constructor(readonly event: DeadlineReached) {}
}
