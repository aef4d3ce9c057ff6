import { knn } from './knn.js';
import type { Learner } from './learner.js';
import { mlp } from './mlp.js';
import { randomForest } from './randomForest.js';
import { svm } from './svm.js';
import { missingPackages } from './missingPackages.js';
import { xgboost } from './xgboost.js';

/** Every shipped learner, cheapest first: knn, svm, xgboost, rf, mlp. */
export const shippedLearners: ReadonlyArray<Learner> = [knn, svm, xgboost, randomForest, mlp];

/**
 * The learners `autoML` chooses among by default: those of knn, svm, xgboost, rf and mlp whose packages
 * are installed (checked without loading them; rf needs none, so the list is never empty).
 *
 * @example
 * ```ts
 * defaultLearners().map((l) => l.name); // ['rf'] with no optional peer; ['knn', 'svm', 'xgboost', 'rf', 'mlp'] with all
 * ```
 */
export const defaultLearners = (): ReadonlyArray<Learner> =>
  shippedLearners.filter((l) => missingPackages(l.packages ?? []).length === 0);
