import { fromAsync } from '../../lib/fromAsync.js';
import { InvalidOptionsError, show } from '../../lib/errors.js';
import { seedInt } from '../../lib/rng.js';
import type { Config } from '../../lib/config.js';
import type { Trainer } from '../../lib/trainer.js';
import type { Dataset } from '../node/loadCsv.js';
import type { Fold } from './kFolds.js';
import { kFolds } from './kFolds.js';
import type { Learner, Task } from './learner.js';
import { pick } from './learner.js';

/** Options of {@link learnerTrainer}. */
export interface LearnerTrainerOptions {
  /** `classification` (metric `accuracy`, stratified folds) or `regression` (metric `mse`). */
  readonly task: Task;
  /** Number of cross-validation folds (default 3), or the folds themselves. */
  readonly folds?: number | ReadonlyArray<Fold>;
  /**
   * Shuffle rows with this seed before cutting folds. Default: no shuffle, as scikit-learn's
   * `cross_val_score` (folds are then the same for every trial, which is what comparing configs needs).
   */
  readonly shuffleSeed?: number | string;
}

/** The checkpoint a cross-validation trial carries between segments: what the done folds summed to. */
export interface FoldCheckpoint {
  /** The sum of the fold scores so far. */
  readonly sum: number;
  /** Wall seconds of the fits so far. */
  readonly fitSeconds: number;
  /** Process CPU seconds during the fits so far (absent in checkpoints of older versions). */
  readonly fitCpuSeconds?: number;
}

const cpuSeconds = (): number => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};

/** The metric a task is scored by, with its direction: for a study's `objective`. */
export const taskObjective = (task: Task): { readonly metric: string; readonly mode: 'min' | 'max' } =>
  task === 'classification' ? { metric: 'accuracy', mode: 'max' } : { metric: 'mse', mode: 'min' };

/**
 * Scores predictions: the share of equal labels (classification) or the mean squared error (regression).
 *
 * @example
 * ```ts
 * score('classification', [1, 2, 3], [1, 2, 0]); // 0.666…
 * ```
 */
export const score = (task: Task, predicted: ReadonlyArray<number>, actual: ReadonlyArray<number>): number => {
  let s = 0;
  for (let i = 0; i < actual.length; i++) {
    const d = (predicted[i] as number) - (actual[i] as number);
    s += task === 'classification' ? (d === 0 ? 1 : 0) : d * d;
  }
  return s / actual.length;
};

// Lets timers (a deadline, a stop) run between two folds, whose fits block the thread.
const yieldToTimers = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

/**
 * A trainer that cross-validates a learner on a data set: one report per fold, step = the number of
 * folds done, with the mean metric over those folds (`accuracy` or `mse`), the fold's own
 * (`fold_accuracy` / `fold_mse`) and the training seconds so far (`fit_seconds`, wall time of the fits;
 * `fit_cpu_seconds`, the process's CPU time during them, which a loaded machine does not inflate and which
 * is the fits' own when trials run one at a time).
 * A scheduler can stop a config after a bad fold: stop is honoured between folds (a fit in progress
 * runs to its end, then the trial ends). The folds are the fidelity: a trial with `budget` b runs
 * folds 1 … b, and a promoted trial resumes at its next fold from its checkpoint, so Hyperband or ASHA
 * with `maxStep` = folds use folds as the real budget.
 *
 * @example
 * ```ts
 * const data = loadCsv('datasets/digits.csv', { target: 'target' });
 * study(
 *   { space: svm.space('classification', data), objective: taskObjective('classification'), budget: { trials: 20 } },
 *   pipe(sampleWith(tpeSampler()), trainWith(learnerTrainer(svm, data, { task: 'classification' }))),
 * );
 * ```
 * @throws InvalidOptionsError when the learner does not do the task or the folds are wrong for the data.
 */
export const learnerTrainer = (learner: Learner, data: Dataset, options: LearnerTrainerOptions): Trainer<Config> => {
  const { task } = options;
  if (task !== 'classification' && task !== 'regression')
    throw new InvalidOptionsError('learnerTrainer options', [
      `task must be 'classification' or 'regression', got ${show(task)}`,
    ]);
  if (!learner.tasks.includes(task))
    throw new InvalidOptionsError('learnerTrainer', [`learner ${learner.name} does not do ${task}`]);
  const given = options.folds ?? 3;
  const folds =
    typeof given === 'number'
      ? kFolds(data.y, {
          k: given,
          stratified: task === 'classification',
          ...(options.shuffleSeed === undefined ? {} : { seed: options.shuffleSeed }),
        })
      : given;
  const metric = taskObjective(task).metric;
  return fromAsync<Config>(async (trial, { report }) => {
    const last = Math.min(folds.length, trial.budget ?? folds.length);
    const from = trial.resumeFrom as FoldCheckpoint | undefined;
    let sum = from?.sum ?? 0;
    let fitSeconds = from?.fitSeconds ?? 0;
    let fitCpuSeconds = from?.fitCpuSeconds ?? 0;
    for (let f = trial.startStep; f < last; f++) {
      const fold = folds[f] as Fold;
      const t0 = performance.now();
      const c0 = cpuSeconds();
      const model = await learner.fit(
        pick(data.x, fold.train),
        fold.train.map((i) => data.y[i] as number),
        trial.config,
        // Below 2^31: XGBoost's seed is a C int.
        { task, seed: seedInt(`${trial.seed}/fold${f}`) % 2147483647 },
      );
      fitSeconds += (performance.now() - t0) / 1000;
      fitCpuSeconds += cpuSeconds() - c0;
      let value: number;
      try {
        value = score(
          task,
          model.predict(pick(data.x, fold.test)),
          fold.test.map((i) => data.y[i] as number),
        );
      } finally {
        model.free?.();
      }
      sum += value;
      const checkpoint: FoldCheckpoint = { sum, fitSeconds, fitCpuSeconds };
      await report(
        f + 1,
        {
          [metric]: sum / (f + 1),
          [`fold_${metric}`]: value,
          fit_seconds: fitSeconds,
          fit_cpu_seconds: fitCpuSeconds,
        },
        checkpoint,
      );
      if (f + 1 < last) await yieldToTimers();
    }
  });
};

/**
 * Fits a learner with a config on a whole data set (what `autoML` returns as its model).
 *
 * @example
 * ```ts
 * const model = await fitLearner(knn, data, { n_neighbors: 3 }, 'classification');
 * model.predict([[0, 1, 2]]);
 * ```
 */
export const fitLearner = (learner: Learner, data: Dataset, config: Config, task: Task, seed = 0) =>
  learner.fit(pick(data.x, [...data.x.keys()]), data.y, config, { task, seed });
