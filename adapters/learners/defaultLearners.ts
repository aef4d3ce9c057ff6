import { knn } from './knn.js';
import type { Learner } from './learner.js';
import { mlp } from './mlp.js';
import { randomForest } from './randomForest.js';
import { svm } from './svm.js';
import { tfjsInstalled } from './tfjsInstalled.js';
import { xgboost } from './xgboost.js';

/**
 * The learners `autoML` chooses among by default: knn, svm, xgboost, rf, and mlp when its
 * TensorFlow.js packages are installed (checked without loading them).
 *
 * @example
 * ```ts
 * defaultLearners().map((l) => l.name); // ['knn', 'svm', 'xgboost', 'rf', 'mlp']
 * ```
 */
export const defaultLearners = (): ReadonlyArray<Learner> =>
  tfjsInstalled() ? [knn, svm, xgboost, randomForest, mlp] : [knn, svm, xgboost, randomForest];
