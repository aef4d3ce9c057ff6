import { float, int } from '../../lib/distribution.js';
import type { Learner } from './learner.js';
import { classCodes, loadPeer, num } from './learner.js';

interface Booster {
  train(x: number[][], y: number[]): void;
  predict(x: number[][]): number[];
  free(): void;
}
type BoosterClass = new (options: object) => Booster;

/**
 * Gradient-boosted trees from `ml-xgboost` (optional peer: `npm i ml-xgboost`), XGBoost compiled to
 * WebAssembly (an old XGBoost, single-threaded): `multi:softmax` for classification, squared error for
 * regression. Space: `n_estimators` [10, 200] (log), `max_depth` [2, 10], `eta` [0.01, 0.5] (log),
 * `subsample` [0.5, 1], `colsample_bytree` [0.5, 1], `min_child_weight` [1, 10] (log).
 *
 * @example
 * ```ts
 * const trainer = learnerTrainer(xgboost, data, { task: 'classification' });
 * ```
 */
export const xgboost: Learner = {
  name: 'xgboost',
  tasks: ['classification', 'regression'],
  packages: ['ml-xgboost'],
  space: () => ({
    n_estimators: int(10, 200, { log: true }),
    max_depth: int(2, 10),
    eta: float(0.01, 0.5, { log: true }),
    subsample: float(0.5, 1),
    colsample_bytree: float(0.5, 1),
    min_child_weight: float(1, 10, { log: true }),
  }),
  // XGBoost's own defaults, with 100 rounds as the Python package.
  defaults: () => ({
    n_estimators: 100,
    max_depth: 6,
    eta: 0.3,
    subsample: 1,
    colsample_bytree: 1,
    min_child_weight: 1,
  }),
  lowCost: () => ({ n_estimators: 10, max_depth: 3, eta: 0.3, subsample: 1, colsample_bytree: 1, min_child_weight: 1 }),
  fit: async (x, y, config, { task, seed }) => {
    const XGBoost = (await (
      await loadPeer<{ default: Promise<BoosterClass> }>('ml-xgboost', 'xgboost', true)
    ).default) as BoosterClass;
    // multi:softmax wants labels 0 … classes − 1: encode, and decode the predictions.
    const { classes, codes } = task === 'classification' ? classCodes(y) : { classes: [], codes: [] };
    const booster = new XGBoost({
      booster: 'gbtree',
      objective: task === 'classification' ? 'multi:softmax' : 'reg:linear',
      ...(task === 'classification' ? { num_class: classes.length } : {}),
      iterations: num(config, 'n_estimators'),
      max_depth: num(config, 'max_depth'),
      eta: num(config, 'eta'),
      subsample: num(config, 'subsample'),
      colsample_bytree: num(config, 'colsample_bytree'),
      min_child_weight: num(config, 'min_child_weight'),
      seed,
      silent: 1,
    });
    booster.train(x as number[][], task === 'classification' ? codes : (y as number[]));
    const predict = (rows: ReadonlyArray<ReadonlyArray<number>>): number[] => {
      const p = booster.predict(rows as number[][]);
      return task === 'classification' ? p.map((i) => classes[Math.round(i)] as number) : Array.from(p);
    };
    return { predict, free: () => booster.free() };
  },
};
