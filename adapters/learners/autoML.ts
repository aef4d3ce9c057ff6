import type { MonoTypeOperatorFunction, Observable, SchedulerLike } from 'rxjs';
import { lastValueFrom, pipe, tap } from 'rxjs';
import type { Config } from '../../lib/config.js';
import { categorical } from '../../lib/distribution.js';
import type { Distribution } from '../../lib/distribution.js';
import { InvalidOptionsError, show } from '../../lib/errors.js';
import { unknownOptionProblems } from '../../lib/optionKeys.js';
import type { Sampler } from '../../lib/sampler.js';
import type { SearchSpace } from '../../lib/searchSpace.js';
import type { StudyResult } from '../../lib/studyResult.js';
import type { TrialEvent } from '../../lib/trialEvent.js';
import { sampleWith } from '../../operators/sampleWith.js';
import { study } from '../../operators/study.js';
import { toResult } from '../../operators/toResult.js';
import { trainWith } from '../../operators/trainWith.js';
import { enqueue } from '../../strategies/samplers/enqueue.js';
import { blendSearch } from '../../strategies/samplers/blendSearch.js';
import type { Dataset } from '../node/loadCsv.js';
import { defaultLearners } from './defaultLearners.js';
import type { FittedModel, Learner, Task } from './learner.js';
import { fitLearner, learnerTrainer, taskObjective } from './learnerTrainer.js';
import { missingPackages } from './missingPackages.js';

/** Options of {@link autoML}. */
export interface AutoMLOptions {
  readonly data: Dataset;
  readonly task: Task;
  /** `accuracy` (classification) or `mse` (regression): the default, and for now the only one per task. */
  readonly metric?: 'accuracy' | 'mse';
  /** Seconds the search may take (the study's deadline); the final refit on all the data comes after. */
  readonly timeBudget: number;
  /**
   * The learners to choose among, cheapest first; each one's `packages` must be installed. Default
   * `defaultLearners()`: those of knn, svm, xgboost, rf and mlp whose packages are installed.
   */
  readonly learners?: ReadonlyArray<Learner>;
  /** Cross-validation folds per trial. Default 3. */
  readonly folds?: number;
  /** Default 0. */
  readonly seed?: number;
  /** A cap on trials besides the time. Default none. */
  readonly maxTrials?: number;
  /**
   * The searcher over the joint space (learner as a top-level categorical, each learner's parameters in
   * its branch, named `<learner>_<parameter>`). Default `blendSearch({ costMetric: 'fit_seconds' })` (TPE as the
   * global searcher, FLOW² local threads from its good points, cost from the trainers' `fit_seconds`). Each learner's low-cost config is
   * tried first whatever the searcher.
   */
  // Any sampler: its state type is its own (Sampler is invariant in it), as sampleWith takes any.
  readonly searcher?: Sampler<any>; // eslint-disable-line @typescript-eslint/no-explicit-any
  /** Applied to the study's events: `journalTo(path)` journals the search, a `tap` prints progress. */
  readonly events?: MonoTypeOperatorFunction<TrialEvent<Config>>;
  /** The clock of the deadline (tests pass a virtual one). Default rxjs's `asyncScheduler`. */
  readonly scheduler?: SchedulerLike;
}

/** One learner's line in the leaderboard: its best cross-validated config. */
export interface LeaderboardRow {
  readonly learner: string;
  /** The learner's best mean metric over all folds, in the metric's own sign (`undefined`: none completed). */
  readonly value: number | undefined;
  /** That config, in the learner's own parameter names. */
  readonly config: Config | undefined;
  /** Trials of this learner, and how many of them ran every fold. */
  readonly trials: number;
  readonly completed: number;
  /** Seconds its fits took, over all its trials. */
  readonly fitSeconds: number;
}

/** What {@link autoML} returns. */
export interface AutoMLResult {
  /** The best learner's name, its config (its own parameter names) and its cross-validated metric. */
  readonly learner: string;
  readonly config: Config;
  readonly metric: 'accuracy' | 'mse';
  readonly value: number;
  /** That learner with that config, fitted on all the data. */
  readonly model: FittedModel;
  /** One row per learner, best first. */
  readonly leaderboard: ReadonlyArray<LeaderboardRow>;
  /** The study's result (every trial, in the joint space's names). */
  readonly study: StudyResult<Config>;
}

const KNOWN = [
  'data',
  'task',
  'metric',
  'timeBudget',
  'learners',
  'folds',
  'seed',
  'maxTrials',
  'searcher',
  'events',
  'scheduler',
];

const prefixed = (name: string, space: SearchSpace): SearchSpace =>
  Object.fromEntries(Object.entries(space).map(([k, d]) => [`${name}_${k}`, d as Distribution]));

/** A joint-space config back to its learner's own names. */
const unprefixed = (config: Config): { learner: string; config: Config } => {
  const learner = String(config['learner']);
  const own = Object.fromEntries(
    Object.entries(config)
      .filter(([k]) => k.startsWith(`${learner}_`))
      .map(([k, v]) => [k.slice(learner.length + 1), v]),
  );
  return { learner, config: own };
};

/**
 * The joint search space of {@link autoML}: `learner` as a top-level categorical whose branches hold each
 * learner's own space, with parameters named `<learner>_<parameter>`.
 *
 * @example
 * ```ts
 * autoMLSpace([knn, svm], 'classification', data); // { learner: categorical(['knn', 'svm'], { knn: { knn_n_neighbors }, svm: { … } }) }
 * ```
 */
export const autoMLSpace = (learners: ReadonlyArray<Learner>, task: Task, data: Dataset): SearchSpace => ({
  learner: categorical(
    learners.map((l) => l.name),
    Object.fromEntries(learners.map((l) => [l.name, prefixed(l.name, l.space(task, data))])),
  ),
});

const problems = (o: AutoMLOptions): string[] => {
  const p = unknownOptionProblems(o, KNOWN);
  if (!o.data || !Array.isArray(o.data.x) || !Array.isArray(o.data.y) || o.data.x.length === 0)
    p.push(`data must be a Dataset { x, y, features } with rows (see loadCsv), got ${show(o.data)}`);
  if (o.task !== 'classification' && o.task !== 'regression')
    p.push(`task must be 'classification' or 'regression', got ${show(o.task)}`);
  else if (o.metric !== undefined && o.metric !== taskObjective(o.task).metric)
    p.push(`metric for ${o.task} must be '${taskObjective(o.task).metric}', got ${show(o.metric)}`);
  if (!(typeof o.timeBudget === 'number' && o.timeBudget > 0 && Number.isFinite(o.timeBudget)))
    p.push(`timeBudget must be a number of seconds > 0, got ${show(o.timeBudget)}`);
  if (o.learners !== undefined) {
    if (!Array.isArray(o.learners) || o.learners.length === 0)
      p.push(`learners must be a non-empty array of learners, got ${show(o.learners)}`);
    else if (o.task === 'classification' || o.task === 'regression') {
      const task = o.task;
      const wrong = o.learners.filter((l) => !l.tasks.includes(task)).map((l) => l.name);
      if (wrong.length > 0) p.push(`learners ${wrong.join(', ')} do not do ${task}`);
    }
    if (Array.isArray(o.learners)) {
      const names = o.learners.map((l) => l.name);
      const twice = names.filter((n, i) => names.indexOf(n) !== i);
      if (twice.length > 0) p.push(`learners must have distinct names, got ${[...new Set(twice)].join(', ')} twice`);
      // Said once, before the study, rather than as the same failure of every trial of that learner.
      for (const l of o.learners as ReadonlyArray<Partial<Learner>>) {
        const missing = missingPackages(l.packages ?? []);
        if (missing.length > 0)
          p.push(`learner ${String(l.name)} needs ${missing.join(', ')}, not installed: npm i ${missing.join(' ')}`);
      }
    }
  }
  if (o.folds !== undefined && !(Number.isInteger(o.folds) && o.folds >= 2))
    p.push(`folds must be an integer >= 2, got ${show(o.folds)}`);
  if (o.maxTrials !== undefined && !(Number.isInteger(o.maxTrials) && o.maxTrials >= 1))
    p.push(`maxTrials must be an integer >= 1, got ${show(o.maxTrials)}`);
  return p;
};

/**
 * The study {@link autoML} runs, as its event stream (journal it, watch it, or run it yourself).
 *
 * @example
 * ```ts
 * autoMLStudy({ data, task: 'classification', timeBudget: 60 }).pipe(journalTo('automl.jsonl')).subscribe();
 * ```
 * @throws InvalidOptionsError naming each bad option, before anything runs.
 */
export const autoMLStudy = (options: AutoMLOptions): Observable<TrialEvent<Config>> => {
  const p = problems(options);
  if (p.length > 0) throw new InvalidOptionsError('autoML options', p);
  const { data, task } = options;
  const learners = options.learners ?? defaultLearners();
  const byName = new Map(learners.map((l) => [l.name, l]));
  const space = autoMLSpace(learners, task, data);
  // Each learner's cheap starting point first (FLAML's low-cost initial points), then the searcher.
  const starts = learners.map((l) => ({
    learner: l.name,
    ...Object.fromEntries(
      Object.entries(l.lowCost?.(task, data) ?? l.defaults(task, data)).map(([k, v]) => [`${l.name}_${k}`, v]),
    ),
  }));
  const sampler = enqueue(starts, options.searcher ?? blendSearch({ costMetric: 'fit_seconds' }));
  const trainers = new Map(
    learners.map((l) => [
      l.name,
      learnerTrainer(l, data, { task, ...(options.folds ? { folds: options.folds } : {}) }),
    ]),
  );
  const events$ = study(
    {
      space,
      objective: taskObjective(task),
      seed: options.seed ?? 0,
      budget: {
        deadline: options.timeBudget * 1000,
        ...(options.maxTrials === undefined ? {} : { trials: options.maxTrials }),
      },
      failFast: false,
      ...(options.scheduler ? { scheduler: options.scheduler } : {}),
    },
    pipe(
      sampleWith(sampler),
      trainWith((trial) => {
        const { learner, config } = unprefixed(trial.config);
        const trainer = trainers.get(learner);
        if (!trainer || !byName.has(learner)) throw new Error(`unknown learner ${show(learner)}`);
        return trainer({ ...trial, config });
      }),
    ),
  ) as Observable<TrialEvent<Config>>;
  return options.events ? events$.pipe(options.events) : events$;
};

/**
 * AutoML: give it data and a task, it does the rest. It chooses among learners (by default k-nearest
 * neighbours, SVM, gradient-boosted trees, random forest, and an MLP when TensorFlow.js is installed:
 * `defaultLearners()`) and tunes each, the learner being a top-level categorical of one joint space
 * (FLAML's design), every trial cross-validated, within `timeBudget` seconds. Each learner's low-cost config is tried first, so a cheap model exists early and cost grows
 * only where it pays. Returns the best learner and config fitted on all the data, and a leaderboard.
 *
 * The deadline is honoured between folds: a fit in progress at the deadline runs to its end (trials are
 * stopped between folds, and a stopped trial never counts as best).
 *
 * @example
 * ```ts
 * const data = loadCsv('datasets/digits.csv', { target: 'target' });
 * const { learner, config, value, model, leaderboard } = await autoML({ data, task: 'classification', timeBudget: 60 });
 * console.log(learner, config, value); console.table(leaderboard);
 * model.predict(data.x.slice(0, 5));
 * ```
 * @throws InvalidOptionsError for bad options, before anything runs.
 */
export const autoML = (options: AutoMLOptions): Promise<AutoMLResult> => {
  // Validated here, synchronously: bad options throw before anything runs, not as a rejection.
  const learners = options.learners ?? defaultLearners();
  const events$ = autoMLStudy({ ...options, learners });
  return collect(options, learners, events$);
};

const collect = async (
  options: AutoMLOptions,
  learners: ReadonlyArray<Learner>,
  events$: Observable<TrialEvent<Config>>,
): Promise<AutoMLResult> => {
  const { task, data } = options;
  const fitSeconds = new Map<string, number>();
  const learnerOf = new Map<string, string>();
  const result = await lastValueFrom(
    events$.pipe(
      tap((e) => {
        if (e._tag === 'TrialStarted') learnerOf.set(e.trial.id, String(e.trial.config['learner']));
        if (e._tag === 'TrialReported') fitSeconds.set(e.trialId, e.report.metrics['fit_seconds'] ?? 0);
      }),
      toResult<Config>(),
    ),
  );
  const { metric, mode } = taskObjective(task);
  const better = (a: number, b: number) => (mode === 'max' ? a > b : a < b);
  const leaderboard: LeaderboardRow[] = learners.map((l) => {
    const rows = result.trials.filter((r) => r.config['learner'] === l.name);
    let best: (typeof rows)[number] | undefined;
    for (const r of rows)
      if (
        r.state === 'completed' &&
        r.value !== undefined &&
        (best?.value === undefined || better(r.value, best.value))
      )
        best = r;
    const seconds = rows.reduce((s, r) => s + (fitSeconds.get(r.id) ?? 0), 0);
    return {
      learner: l.name,
      value: best?.value,
      config: best ? unprefixed(best.config).config : undefined,
      trials: rows.length,
      completed: rows.filter((r) => r.state === 'completed').length,
      fitSeconds: seconds,
    };
  });
  leaderboard.sort((a, b) =>
    a.value === undefined
      ? 1
      : b.value === undefined
        ? -1
        : better(a.value, b.value)
          ? -1
          : better(b.value, a.value)
            ? 1
            : 0,
  );
  const top = leaderboard[0];
  if (!top || top.value === undefined || top.config === undefined)
    throw new Error(
      `autoML: no config finished its cross-validation within ${options.timeBudget} s; give it more time (trials: ${result.trials.length})`,
    );
  const learner = learners.find((l) => l.name === top.learner) as Learner;
  const model = await fitLearner(learner, data, top.config, task, options.seed ?? 0);
  return {
    learner: top.learner,
    config: top.config,
    metric: metric as 'accuracy' | 'mse',
    value: top.value,
    model,
    leaderboard,
    study: result,
  };
};
