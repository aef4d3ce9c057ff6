import { int } from '../../lib/distribution.js';
import type { Learner } from './learner.js';
import { loadPeer, num } from './learner.js';

interface RandomForestModule {
  readonly RandomForestClassifier: new (options: object) => Forest;
  readonly RandomForestRegression: new (options: object) => Forest;
}
interface Forest {
  train(x: number[][], y: number[]): void;
  predict(x: number[][]): number[];
}

/**
 * Random forest from `ml-random-forest` (optional peer: `npm i ml-random-forest`). Space as Yang &
 * Shami's Table 3 where the library has the knob: `n_estimators` [10, 100], `max_depth` [5, 50],
 * `min_samples_split` [2, 11] (ml-cart's `minNumSamples`), `max_features` [1, all features]. The
 * library differs from scikit-learn in two ways worth knowing: it draws `max_features` features once
 * per tree (scikit-learn: at every split), and its trees split on Gini only (no entropy, no
 * `min_samples_leaf`), so those two parameters of the paper are left out. It is slow on wide data: its
 * CART tries every threshold of every feature by splitting arrays (about 100 s of CPU for 50 trees on
 * 1,200 rows of digits, where scikit-learn takes a fraction of a second).
 *
 * @example
 * ```ts
 * const trainer = learnerTrainer(randomForest, data, { task: 'classification' });
 * ```
 */
export const randomForest: Learner = {
  name: 'rf',
  tasks: ['classification', 'regression'],
  space: (_task, data) => ({
    n_estimators: int(10, 100),
    max_depth: int(5, 50),
    min_samples_split: int(2, 11),
    max_features: int(1, Math.max(1, data.features.length)),
  }),
  defaults: (task, data) => ({
    n_estimators: 100,
    max_depth: 50,
    min_samples_split: 2,
    // scikit-learn's defaults: sqrt(features) for classifiers, all features for regressors.
    max_features:
      task === 'classification' ? Math.max(1, Math.floor(Math.sqrt(data.features.length))) : data.features.length,
  }),
  lowCost: (task, data) => ({
    ...randomForest.defaults(task, data),
    n_estimators: 10,
    max_depth: 5,
    min_samples_split: 11,
  }),
  fit: async (x, y, config, { task, seed }) => {
    const m = await loadPeer<RandomForestModule>('ml-random-forest', 'rf');
    const options = {
      nEstimators: num(config, 'n_estimators'),
      maxFeatures: Math.min(num(config, 'max_features'), (x[0] ?? []).length),
      replacement: true,
      useSampleBagging: true,
      noOOB: true,
      seed,
      treeOptions: { maxDepth: num(config, 'max_depth'), minNumSamples: num(config, 'min_samples_split') },
    };
    const forest =
      task === 'classification' ? new m.RandomForestClassifier(options) : new m.RandomForestRegression(options);
    forest.train(x as number[][], y as number[]);
    return { predict: (rows) => forest.predict(rows as number[][]) };
  },
};
