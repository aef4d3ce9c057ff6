import type { Config } from '../../lib/config.js';
import type { SearchSpace } from '../../lib/searchSpace.js';
import type { Dataset } from '../node/loadCsv.js';

/** What a learner is fitted for: class labels (scored by accuracy) or numbers (scored by MSE). */
export type Task = 'classification' | 'regression';

/** A fitted model: predictions for rows of features. */
export interface FittedModel {
  /** One prediction per row: a class label (classification) or a number (regression). */
  readonly predict: (x: ReadonlyArray<ReadonlyArray<number>>) => number[];
  /** Releases memory the model holds outside JavaScript's heap (WebAssembly learners); then unusable. */
  readonly free?: () => void;
}

/** What a learner's `fit` gets besides the rows and the config. */
export interface FitContext {
  readonly task: Task;
  /** A seed in [0, 2^31) for the learner's own randomness (bagging, subsampling), derived from the trial's seed. */
  readonly seed: number;
}

/**
 * A machine-learning algorithm as rxhpo tunes it: its search space, its default config and a `fit`.
 * `randomForest`, `svm`, `knn` and `xgboost` are the shipped ones; write your own the same way and pass
 * it to `learnerTrainer` or `autoML`.
 *
 * @example
 * ```ts
 * const ridge: Learner = {
 *   name: 'ridge', tasks: ['regression'],
 *   space: () => ({ alpha: float(1e-3, 10, { log: true }) }),
 *   defaults: () => ({ alpha: 1 }),
 *   fit: async (x, y, config) => fitRidge(x, y, config['alpha'] as number),
 * };
 * ```
 */
export interface Learner {
  /** A short name: `rf`, `svm`, `knn`, `xgboost`. */
  readonly name: string;
  /** The tasks it handles. */
  readonly tasks: ReadonlyArray<Task>;
  /** The search space for a task and data set (the shipped ones follow Yang & Shami 2020, Table 3). */
  readonly space: (task: Task, data: Dataset) => SearchSpace;
  /** The library's default hyper-parameters, as a config of `space`. */
  readonly defaults: (task: Task, data: Dataset) => Config;
  /** A cheap config to try first (few trees, shallow): FLAML's low-cost initial point. Default: `defaults`. */
  readonly lowCost?: (task: Task, data: Dataset) => Config;
  /** Fits on rows `x`, targets `y`; may be slow (it runs between the trainer's fold reports). */
  readonly fit: (
    x: ReadonlyArray<ReadonlyArray<number>>,
    y: ReadonlyArray<number>,
    config: Config,
    context: FitContext,
  ) => Promise<FittedModel>;
}

/**
 * Imports an optional peer dependency, with an error that says what to install when it is missing.
 *
 * @example
 * ```ts
 * const { RandomForestClassifier } = await loadPeer<typeof import('ml-random-forest')>('ml-random-forest', 'rf');
 * ```
 */
export const loadPeer = async <T>(name: string, learner: string): Promise<T> => {
  try {
    // A variable specifier: TypeScript does not resolve it, so the peer stays optional at build time.
    const specifier: string = name;
    const m = (await import(specifier)) as T & { default?: unknown };
    return m;
  } catch (e) {
    const err = e as { code?: string; message?: string };
    if (err.code === 'ERR_MODULE_NOT_FOUND' || err.code === 'MODULE_NOT_FOUND')
      throw new Error(`learner ${learner} needs the package ${name}: npm i ${name}`, { cause: e });
    throw e;
  }
};

/** A config value as a number (configs of the shipped spaces hold numbers and strings). */
export const num = (config: Config, key: string, fallback?: number): number => {
  const v = config[key];
  if (typeof v === 'number') return v;
  if (fallback !== undefined) return fallback;
  throw new Error(`config has no number ${JSON.stringify(key)}: ${JSON.stringify(config)}`);
};

/** Rows of `x` at `rows`, copied into plain mutable arrays (what the learner libraries take). */
export const pick = (x: ReadonlyArray<ReadonlyArray<number>>, rows: ReadonlyArray<number>): number[][] =>
  rows.map((i) => (x[i] as number[]).slice());
