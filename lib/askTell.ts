import type { Config } from './config.js';
import type { Decision } from './decision.js';
import { stop } from './decision.js';
import type { MetricReport } from './metricReport.js';
import type { Objective } from './objective.js';
import type { Policy } from './policy.js';
import type { Sampler } from './sampler.js';
import type { ConfigOf, SearchSpace } from './searchSpace.js';
import { commonOptionProblems } from './commonOptions.js';
import type { FailFast, FailureTally } from './failFast.js';
import { emptyTally, endVerdict, failureVerdict, tallyFailures } from './failFast.js';
import type { StudyState, TrialRecord } from './studyState.js';
import { bestTrial, initialStudyState, reduceStudy } from './studyState.js';
import type { Trial, TrialId } from './trial.js';
import type { Budget, TrialEvent } from './trialEvent.js';
import { studyStarted, trialEnded, trialStarted } from './trialEvent.js';
import type { SchedulerOperator } from './trialRun.js';
import { policiesOf, policyChain } from './policyChain.js';
import { continuationTrial, freshTrial, nextStep } from './nextTrial.js';
import type { Seed } from './rng.js';
import { derive, rngFromSeed } from './rng.js';
import { checkReport } from './checkReport.js';
import { InvalidOptionsError, TrialFailedError, UnknownTrialError, errorInfo, show } from './errors.js';

/** Options of {@link askTell}. */
export interface AskTellOptions<S extends SearchSpace> {
  readonly space: S;
  readonly objective: Objective;
  readonly sampler: Sampler<any>; // eslint-disable-line @typescript-eslint/no-explicit-any
  /**
   * The schedulers, as in a study's `pipe()`: one operator made by `fromPolicy` (asha, hyperband, pbt,
   * medianStopping, …), a list of them in pipe order, or a `chainSchedulers(…)`. Every event goes
   * through them as it would through the chained operators. `report` returns the decision that ended
   * the reporting trial, if any. Default: none.
   */
  readonly scheduler?: SchedulerOperator | ReadonlyArray<SchedulerOperator>;
  /**
   * A pure policy, applied after `scheduler`.
   * @deprecated Pass `scheduler: fromPolicy(policy)` (or any scheduler operator) instead.
   */
  readonly policy?: Policy<any>; // eslint-disable-line @typescript-eslint/no-explicit-any
  readonly seed?: Seed;
  /** Trials and steps; the facade has no clock, so `deadline` is refused. */
  readonly budget?: Budget;
  /** When failed trials fail the study: `ask()` then throws a `StudyFailedError` (same rule as `study`). */
  readonly failFast?: FailFast;
  /**
   * How many trials the caller runs at once (recorded in `StudyStarted`, default 1). `ask` does not
   * refuse beyond it: the caller owns its workers.
   */
  readonly concurrency?: number;
}

/** How a trial ended, as told by the caller. */
export type TellResult = { readonly state: 'completed' } | { readonly state: 'failed'; readonly error?: unknown };

/** The imperative study: same pure core, same state, same determinism as the reactive `study`. */
export interface AskTellStudy<C> {
  /** The next trial to run (continuations first), or `undefined` when nothing more may start. */
  ask(): Trial<C> | undefined;
  /**
   * Records a report and returns the decision that ended this trial, if the schedulers made one
   * (`undefined` = continue). A `Stop`/`Pause` ends the trial here: stop training. A report with a non-finite metric fails the
   * trial and returns a `Stop` saying why.
   */
  report(
    id: TrialId,
    step: number,
    metrics: Readonly<Record<string, number>>,
    checkpoint?: unknown,
  ): Decision | undefined;
  /** Completes (default) or fails a trial. A trial a decision already ended is left as it is. */
  tell(id: TrialId, result?: TellResult): void;
  /** The current study state (selectors in `rxhpo` read it). */
  readonly state: StudyState;
  /** Every event so far, in order: the same stream the reactive study emits. */
  readonly events: ReadonlyArray<TrialEvent<C>>;
  /** The best completed trial, if any. */
  best(): TrialRecord | undefined;
  /** True when no trial runs, none may start and no continuation is pending. */
  readonly done: boolean;
}

const ASK_TELL_OPTIONS = [
  'space',
  'objective',
  'sampler',
  'scheduler',
  'policy',
  'seed',
  'budget',
  'concurrency',
  'failFast',
];
const NO_CLOCK = 'the ask/tell facade has no clock; stop asking when your deadline passes';

/**
 * An imperative ask/report/tell facade over the same pure core, for code that is not reactive (a plain
 * async loop, an HTTP handler, a worker in another language speaking JSON). With the same seed and the
 * same order of calls it produces the same trials as the reactive `study` with concurrency 1.
 *
 * @example
 * ```ts
 * const s = askTell({
 *   space, objective: { metric: 'loss', mode: 'min' }, sampler: randomSampler(), seed: 1, budget: { trials: 20 },
 *   scheduler: [hyperband({ maxStep: 10 }), medianStopping()], // as in a study's pipe()
 * });
 * for (let t = s.ask(); t; t = s.ask()) {
 *   for (let step = 1; step <= 10; step++) if (s.report(t.id, step, { loss: f(t.config, step) })) break;
 *   s.tell(t.id);
 * }
 * ```
 * @throws InvalidOptionsError for bad options (the same checks as `study`); `ask()` throws a
 * `StudyFailedError` when failed trials fail the study under `failFast`.
 */
export const askTell = <S extends SearchSpace>(options: AskTellOptions<S>): AskTellStudy<ConfigOf<S>> => {
  const problems = commonOptionProblems(options, { known: ASK_TELL_OPTIONS, refuseDeadline: NO_CLOCK });
  const sm = (options as { sampler?: unknown } | null)?.sampler as Partial<Sampler> | undefined;
  if (typeof sm?.init !== 'function' || typeof sm.ask !== 'function')
    problems.push(`sampler must be a Sampler { name, init, ask } (randomSampler(), tpeSampler(), …), got ${show(sm)}`);
  const b = options.budget ?? {};
  if (problems.length > 0) throw new InvalidOptionsError('askTell options', problems);

  const seed = options.seed ?? 0;
  const init = {
    seed,
    objective: options.objective,
    space: options.space,
    concurrency: options.concurrency ?? 1,
    budget: b,
  };
  let state: StudyState = initialStudyState(init);
  const sampler = options.sampler;
  let samplerState: unknown = sampler.init(options.space, rngFromSeed(derive(seed, `sampler:${sampler.name}`)));
  let exhausted = false;
  const chain = policyChain<ConfigOf<S>>([
    ...(options.scheduler === undefined ? [] : policiesOf(options.scheduler, 'scheduler', 'askTell options')),
    ...(options.policy === undefined ? [] : [options.policy as Policy<unknown>]),
  ]);
  // Decisions that ended a trial, so a late report/tell about it gets the same answer.
  const endedByDecision = new Map<TrialId, Decision>();

  const record = (e: TrialEvent): void => {
    state = reduceStudy(state, e);
  };
  // Runs an event through the schedulers (the same rule as the chained operators: applyPolicy), records
  // what comes out, and returns the decision that ended this trial, if one did.
  const emit = (e: TrialEvent, trial: Trial): Decision | undefined => {
    const r = chain.feed(e as TrialEvent<ConfigOf<S>>, trial.id, trial.study);
    for (const x of r.events) record(x as TrialEvent);
    for (const [id, d] of r.endedBy) endedByDecision.set(id, d);
    return r.endedBy.get(trial.id);
  };
  const running = (id: TrialId, what: string): Trial | undefined => {
    if (endedByDecision.has(id)) return undefined;
    const r = state.trials.get(id);
    if (!r) throw new UnknownTrialError(id, `${what}: no such trial was asked`);
    if (r.status !== 'running') throw new UnknownTrialError(id, `${what}: the trial is ${r.status}, not running`);
    return r.trial;
  };

  record(studyStarted(init));
  // The failFast rule over the events so far, folded incrementally from the log.
  let tally: FailureTally = emptyTally;
  let seen = 0;
  const failed = (): Error | undefined => {
    for (const e of state.log.since(seen)) tally = tallyFailures(tally, e);
    seen = state.log.size;
    return failureVerdict(tally, options.failFast);
  };
  const ended = (): undefined => {
    const e = endVerdict(tally, options.failFast);
    if (e) throw e;
    return undefined;
  };
  return {
    ask() {
      const failure = failed();
      if (failure) throw failure;
      for (;;) {
        const next = nextStep(state, exhausted, 1);
        if (next._tag === 'Continue') {
          const t = continuationTrial(state, next.continuation);
          // A promoted trial runs again: the Pause that ended its previous segment no longer answers for it.
          endedByDecision.delete(t.id);
          emit(trialStarted(t), t);
          return t as Trial<ConfigOf<S>>;
        }
        if (next._tag !== 'Ask') return next._tag === 'Done' ? ended() : undefined;
        const [config, s] = sampler.ask(samplerState, state) as readonly [Config | null, unknown];
        samplerState = s;
        if (config === null) {
          exhausted = true;
          continue;
        }
        const t = freshTrial(state, config);
        emit(trialStarted(t), t);
        return t as Trial<ConfigOf<S>>;
      }
    },
    report(id, stepNo, metrics, checkpoint) {
      const trial = running(id, 'report');
      if (!trial) return endedByDecision.get(id);
      const report: MetricReport =
        checkpoint === undefined ? { step: stepNo, metrics } : { step: stepNo, metrics, checkpoint };
      let e;
      try {
        e = checkReport(trial, report);
      } catch (err) {
        if (!(err instanceof TrialFailedError)) throw err;
        const d = stop(id, `failed: ${err.message}`);
        emit(trialEnded(id, 'failed', errorInfo(err)), trial);
        endedByDecision.set(id, d);
        return d;
      }
      return emit(e, trial);
    },
    tell(id, result = { state: 'completed' }) {
      const trial = running(id, 'tell');
      if (!trial) return;
      const ended =
        result.state === 'completed'
          ? trialEnded(id, 'completed')
          : trialEnded(id, 'failed', errorInfo(result.error ?? 'failed'));
      emit(ended, trial);
    },
    get state() {
      return state;
    },
    // Derived from the state's log rather than kept twice; a copy, so callers cannot alter the log.
    get events() {
      return [...state.log] as ReadonlyArray<TrialEvent<ConfigOf<S>>>;
    },
    best: () => bestTrial(state),
    get done() {
      return nextStep(state, exhausted, 1)._tag === 'Done';
    },
  };
};
