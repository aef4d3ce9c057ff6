import { categorical, float } from '../../lib/distribution.js';
import type { Learner } from './learner.js';
import { loadPeer, num } from './learner.js';

interface LibsvmClass {
  new (options: object): LibsvmModel;
  readonly SVM_TYPES: { readonly C_SVC: unknown; readonly EPSILON_SVR: unknown };
  readonly KERNEL_TYPES: Readonly<Record<'LINEAR' | 'POLYNOMIAL' | 'RBF' | 'SIGMOID', unknown>>;
}
interface LibsvmModel {
  train(x: number[][], y: number[]): void;
  predict(x: number[][]): number[];
  free(): void;
}

const KERNELS = { linear: 'LINEAR', poly: 'POLYNOMIAL', rbf: 'RBF', sigmoid: 'SIGMOID' } as const;

// scikit-learn's gamma='scale': 1 / (features × variance of all of X).
const scaleGamma = (x: ReadonlyArray<ReadonlyArray<number>>): number => {
  let n = 0;
  let sum = 0;
  let sq = 0;
  for (const row of x)
    for (const v of row) {
      n += 1;
      sum += v;
      sq += v * v;
    }
  const variance = sq / n - (sum / n) ** 2;
  const d = (x[0] ?? []).length;
  return variance > 0 && d > 0 ? 1 / (d * variance) : 1;
};

/**
 * Support vector machine from `libsvm-js` (optional peer: `npm i libsvm-js`), which is libsvm itself
 * compiled to WebAssembly, the same solver scikit-learn's `SVC`/`SVR` wrap: C-SVC (one-vs-one
 * multi-class) and epsilon-SVR, with scikit-learn's defaults (`gamma='scale'`, degree 3, coef0 0).
 * Space as Yang & Shami's Table 3: `C` [0.1, 50], `kernel` {linear, poly, rbf, sigmoid}, and for
 * regression `epsilon` [0.001, 1]. (`ml-svm` was measured too: it only does binary classification, so
 * neither digits nor regression.)
 *
 * @example
 * ```ts
 * const trainer = learnerTrainer(svm, data, { task: 'regression' });
 * ```
 */
export const svm: Learner = {
  name: 'svm',
  tasks: ['classification', 'regression'],
  packages: ['libsvm-js'],
  space: (task) => ({
    C: float(0.1, 50),
    kernel: categorical(['linear', 'poly', 'rbf', 'sigmoid']),
    ...(task === 'regression' ? { epsilon: float(0.001, 1) } : {}),
  }),
  defaults: (task) => ({ C: 1, kernel: 'rbf', ...(task === 'regression' ? { epsilon: 0.1 } : {}) }),
  fit: async (x, y, config, { task }) => {
    const SVM = (await (
      await loadPeer<{ default: Promise<LibsvmClass> }>('libsvm-js/wasm.js', 'svm', true)
    ).default) as LibsvmClass;
    const kernel = KERNELS[String(config['kernel']) as keyof typeof KERNELS] ?? 'RBF';
    const model = new SVM({
      type: task === 'classification' ? SVM.SVM_TYPES.C_SVC : SVM.SVM_TYPES.EPSILON_SVR,
      kernel: SVM.KERNEL_TYPES[kernel],
      cost: num(config, 'C'),
      gamma: scaleGamma(x),
      degree: 3,
      coef0: 0,
      epsilon: num(config, 'epsilon', 0.1),
      quiet: true,
    });
    model.train(x as number[][], y as number[]);
    // The model lives in WebAssembly memory: predictions are taken now and the memory freed.
    return {
      predict: (rows) => model.predict(rows as number[][]),
      free: () => model.free(),
    };
  },
};
