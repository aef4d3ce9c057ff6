import { int } from '../../lib/distribution.js';
import type { Learner } from './learner.js';
import { loadPeer, num, pick } from './learner.js';

interface KnnModel {
  predict(x: number[][]): number[];
  readonly kdTree: { nearest(point: number[], k: number): Array<[number[], number]> };
}
type KnnClass = new (x: number[][], y: number[], options: { k: number }) => KnnModel;

/**
 * k-nearest neighbours from `ml-knn` (optional peer: `npm i ml-knn`), Euclidean distance on a k-d
 * tree: the majority label of the `n_neighbors` nearest training rows (classification) or their mean
 * target (regression, from the same tree). Space as Yang & Shami's Table 3: `n_neighbors` [1, 20].
 *
 * @example
 * ```ts
 * const trainer = learnerTrainer(knn, data, { task: 'classification' });
 * ```
 */
export const knn: Learner = {
  name: 'knn',
  tasks: ['classification', 'regression'],
  packages: ['ml-knn'],
  space: () => ({ n_neighbors: int(1, 20) }),
  defaults: () => ({ n_neighbors: 5 }),
  fit: async (x, y, config, { task }) => {
    const KNN = (await loadPeer<{ default: KnnClass }>('ml-knn', 'knn')).default;
    const k = Math.min(num(config, 'n_neighbors'), x.length);
    const model = new KNN(pick(x, [...x.keys()]), y as number[], { k });
    if (task === 'classification') return { predict: (rows) => model.predict(rows as number[][]) };
    // The tree's points carry the target as their last coordinate (ml-knn appends it).
    return {
      predict: (rows) =>
        rows.map((row) => {
          const near = model.kdTree.nearest(row as number[], k);
          return near.reduce((s, [p]) => s + (p[p.length - 1] as number), 0) / near.length;
        }),
    };
  },
};
