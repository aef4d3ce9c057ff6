import { categorical, int } from '../../lib/distribution.js';
import type { Learner } from './learner.js';
import { num } from './learner.js';
import type { SplitCriterion } from './forest/growTree.js';
import { fitForest } from './forest/fitForest.js';

const CRITERIA: ReadonlyArray<SplitCriterion> = ['gini', 'entropy', 'squared_error', 'absolute_error'];

/**
 * Random forest, rxhpo's own CART forest (no peer dependency) with scikit-learn's semantics: bootstrap
 * samples, `max_features` features drawn at every split, thresholds halfway between distinct values,
 * soft voting for classifiers. Space as Yang & Shami's Table 3: `n_estimators` [10, 100], `max_depth`
 * [5, 50], `min_samples_split` [2, 11], `min_samples_leaf` [1, 11], `criterion` gini/entropy
 * (regression: squared_error/absolute_error, the paper's mse/mae), `max_features` [1, all features].
 *
 * @example
 * ```ts
 * const trainer = learnerTrainer(randomForest, data, { task: 'classification' });
 * ```
 */
export const randomForest: Learner = {
  name: 'rf',
  tasks: ['classification', 'regression'],
  space: (task, data) => ({
    n_estimators: int(10, 100),
    max_depth: int(5, 50),
    min_samples_split: int(2, 11),
    min_samples_leaf: int(1, 11),
    criterion: categorical(task === 'classification' ? ['gini', 'entropy'] : ['squared_error', 'absolute_error']),
    max_features: int(1, Math.max(1, data.features.length)),
  }),
  defaults: (task, data) => ({
    n_estimators: 100,
    // scikit-learn's max_depth=None: 50, the top of the space, is deeper than these trees grow.
    max_depth: 50,
    min_samples_split: 2,
    min_samples_leaf: 1,
    criterion: task === 'classification' ? 'gini' : 'squared_error',
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
    const criterion = config['criterion'] ?? (task === 'classification' ? 'gini' : 'squared_error');
    if (!CRITERIA.includes(criterion as SplitCriterion))
      throw new Error(`rf: criterion must be one of ${CRITERIA.join(', ')}, got ${JSON.stringify(criterion)}`);
    const forest = fitForest(
      x,
      y,
      task === 'classification',
      {
        nEstimators: num(config, 'n_estimators'),
        maxDepth: num(config, 'max_depth'),
        minSamplesSplit: num(config, 'min_samples_split', 2),
        minSamplesLeaf: num(config, 'min_samples_leaf', 1),
        maxFeatures: Math.min(num(config, 'max_features'), (x[0] ?? []).length),
        criterion: criterion as SplitCriterion,
      },
      seed,
    );
    return { predict: forest.predict };
  },
};
