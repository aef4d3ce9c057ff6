import { missingPackages } from './missingPackages.js';

/** The packages the `mlp` learner loads: TensorFlow.js's core and its two JavaScript backends. */
export const TFJS_PACKAGES: ReadonlyArray<string> = [
  '@tensorflow/tfjs-core',
  '@tensorflow/tfjs-backend-cpu',
  '@tensorflow/tfjs-backend-wasm',
];

/**
 * Whether the packages of the `mlp` learner resolve from here, checked without loading them (so
 * without starting TensorFlow.js) and without throwing: `autoML` includes `mlp` by default only then.
 *
 * @example
 * ```ts
 * const learners = tfjsInstalled() ? [knn, svm, mlp] : [knn, svm];
 * ```
 */
export const tfjsInstalled = (): boolean => missingPackages(TFJS_PACKAGES).length === 0;
