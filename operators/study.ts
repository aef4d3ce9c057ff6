import type { Observable, OperatorFunction, SchedulerLike } from 'rxjs';
import { asyncScheduler, endWith, ignoreElements, isObservable, map, merge, scan, share, takeUntil, timer } from 'rxjs';
import * as t from 'io-ts';
import { isLeft } from 'fp-ts/lib/Either.js';
import type { ConfigOf, SearchSpace } from '../lib/searchSpace.js';
import { spaceProblems, flattenSpace } from '../lib/searchSpace.js';
import type { StudyState } from '../lib/studyState.js';
import { initialStudyState, reduceStudy } from '../lib/studyState.js';
import type { TrialRun } from '../lib/trialRun.js';
import type { Budget, TrialEvent } from '../lib/trialEvent.js';
import { deadlineReached, studyStarted } from '../lib/trialEvent.js';
import type { Objective } from '../lib/objective.js';
import type { Seed } from '../lib/rng.js';
import { closeLoop } from '../lib/loop.js';
import { decodeProblems } from '../lib/decodeProblems.js';
import { InvalidOptionsError, show } from '../lib/errors.js';
import { budgetGuard } from './budgetGuard.js';
import { execute } from './execute.js';

/** Options of {@link study}. */
export interface StudyOptions<S extends SearchSpace> {
  readonly space: S;
  /** The metric to optimise and its direction. */
  readonly objective: Objective;
  /** Default 0. Same seed and same event order give the same trials. */
  readonly seed?: Seed;
  /** Trials running at once. Default 1. */
  readonly concurrency?: number;
  readonly budget?: Budget;
  /** The clock for `budget.deadline`. Default `asyncScheduler`; pass a TestScheduler for virtual time. */
  readonly scheduler?: SchedulerLike;
}

const OptionsCodec = t.intersection([
  t.type({
    space: t.UnknownRecord,
    objective: t.type({ metric: t.string, mode: t.keyof({ min: null, max: null }) }),
  }),
  t.partial({
    seed: t.union([t.string, t.number]),
    concurrency: t.number,
    budget: t.partial({ trials: t.number, steps: t.number, deadline: t.number }),
  }),
]);

/**
 * Validates study options, throwing an `InvalidOptionsError` that names every bad field and value.
 *
 * @example
 * ```ts
 * validateStudyOptions({ space, objective: { metric: 'loss', mode: 'min' }, concurrency: 0 }); // throws
 * ```
 */
export const validateStudyOptions = <S extends SearchSpace>(options: StudyOptions<S>): void => {
  const decoded = OptionsCodec.decode(options);
  const p: string[] = isLeft(decoded) ? decodeProblems(decoded.left) : [];
  if (typeof options?.space === 'object') p.push(...spaceProblems(options.space));
  const c = options?.concurrency;
  if (typeof c === 'number' && !(Number.isInteger(c) && c >= 1))
    p.push(`concurrency must be an integer >= 1, got ${show(c)}`);
  const b = options?.budget ?? {};
  if (typeof b.trials === 'number' && !(Number.isInteger(b.trials) && b.trials >= 0))
    p.push(`budget.trials must be an integer >= 0, got ${show(b.trials)}`);
  if (typeof b.steps === 'number' && !(b.steps >= 0)) p.push(`budget.steps must be >= 0, got ${show(b.steps)}`);
  if (typeof b.deadline === 'number' && !(b.deadline >= 0))
    p.push(`budget.deadline must be >= 0 ms, got ${show(b.deadline)}`);
  if (options?.objective?.metric === '') p.push('objective.metric must not be empty');
  if (p.length > 0) throw new InvalidOptionsError('study options', p);
  flattenSpace(options.space);
};

/**
 * Runs a study: the feedback loop from events to state to sampler is closed here, once. `pipeline` is an
 * ordinary rxjs `pipe()` from study states to trial runs: a `sampleWith`, a `trainWith`, then any
 * scheduler operators. The result is the cold stream of every event; subscribing starts the study,
 * unsubscribing stops every running trainer. It completes when the budget is spent (or the sampler is
 * exhausted), nothing runs and no continuation is pending. Options are validated synchronously.
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
  const scheduler = options.scheduler ?? asyncScheduler;
  const init = { seed, objective: options.objective, space: options.space, concurrency, budget };
  return closeLoop<TrialEvent<ConfigOf<S>>>(studyStarted(init), (feedback$) => {
    const states$ = feedback$.pipe(
      scan((s: StudyState<S>, e: TrialEvent<ConfigOf<S>>) => reduceStudy(s, e as TrialEvent), initialStudyState(init)),
      share(),
    );
    const runs$ = pipeline(states$);
    if (!isObservable(runs$))
      throw new InvalidOptionsError('study', [`pipeline returned ${show(runs$)} instead of an Observable of TrialRun`]);
    // The guard only matters when running work can be cut short (a step budget or a deadline).
    const guarded$ =
      budget.steps === undefined && budget.deadline === undefined
        ? runs$
        : runs$.pipe(budgetGuard<ConfigOf<S>>(states$ as Observable<StudyState>));
    const main$ = guarded$.pipe(execute());
    if (budget.deadline === undefined) return main$;
    const shared$ = main$.pipe(share());
    const deadline$ = timer(budget.deadline, scheduler).pipe(
      map(() => deadlineReached(scheduler.now())),
      takeUntil(shared$.pipe(ignoreElements(), endWith(0))),
    );
    return merge(shared$, deadline$);
  });
}
