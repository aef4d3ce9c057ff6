// rxhpo's CART forest: the trees scikit-learn grows (same predictions on its reference trees), the
// weighted-median index against brute force, the split rules, and seeded determinism.
import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { fitForest } from '../../../adapters/learners/forest/fitForest.js';
import type { SplitCriterion } from '../../../adapters/learners/forest/growTree.js';
import { WeightedMedianIndex } from '../../../adapters/learners/forest/weightedMedianIndex.js';
import { randomForest } from '../../../adapters/learners/index.js';
import { loadCsv } from '../../../adapters/node/loadCsv.js';
import { rngFromSeed, withRng } from '../../../lib/rng.js';

interface Case {
  readonly criterion: SplitCriterion;
  readonly max_depth: number;
  readonly min_samples_leaf: number;
  readonly min_samples_split: number;
  readonly x: number[][];
  readonly y: number[];
  readonly x_test: number[][];
  readonly predictions: number[];
  readonly nodes: number;
}
const fixture = JSON.parse(
  readFileSync(fileURLToPath(new URL('../../fixtures/learners/sklearn-trees.json', import.meta.url)), 'utf8'),
) as { cases: Case[] };

const draws = (seed: number, n: number): number[] =>
  withRng(rngFromSeed(seed), (next) => Array.from({ length: n }, next))[0];

describe('WeightedMedianIndex', () => {
  it('gives the minimal sum of weighted absolute deviations, as brute force does', () => {
    for (let seed = 0; seed < 30; seed++) {
      const u = draws(seed, 40);
      const values = Float64Array.from(new Set(u.slice(0, 12).map((v) => Math.round(v * 20)))).sort();
      const ix = new WeightedMedianIndex(values);
      const held: Array<[number, number]> = [];
      for (let k = 12; k < 40; k++) {
        const rank = Math.floor((u[k] as number) * values.length);
        const w = 1 + (k % 3);
        ix.add(rank, w);
        held.push([values[rank] as number, w]);
        // brute force: the best centre is one of the held values
        const brute = Math.min(...held.map(([m]) => held.reduce((s, [v, wv]) => s + wv * Math.abs(v - m), 0)));
        assert.ok(Math.abs(ix.absoluteDeviation() - brute) < 1e-9, `seed ${seed}, step ${k}`);
      }
    }
  });

  it("takes scikit-learn's median: the mean of the two middle values when the weight splits exactly in half", () => {
    const ix = new WeightedMedianIndex(Float64Array.of(1, 2, 4, 8));
    ix.add(0, 1);
    ix.add(2, 1);
    assert.equal(ix.median(), 2.5);
    ix.add(3, 1);
    assert.equal(ix.median(), 4);
    ix.add(1, 2); // weights 1, 2, 1, 1: half is 2.5, passed at value 2
    assert.equal(ix.median(), 2);
    ix.add(3, 1); // weights 1, 2, 1, 2: the cumulative weight reaches 3 of 6 at value 2 exactly
    assert.equal(ix.median(), 3);
    ix.add(1, -2);
    ix.add(0, -1);
    assert.equal(ix.median(), 8); // weights 1 at 4, 2 at 8: half (1.5) is passed at 8
  });
});

describe('fitForest', () => {
  it("grows scikit-learn's tree: one tree, no bootstrap, every feature gives its predictions", () => {
    assert.equal(fixture.cases.length, 10);
    for (const c of fixture.cases) {
      const forest = fitForest(
        c.x,
        c.y,
        c.criterion === 'gini' || c.criterion === 'entropy',
        {
          nEstimators: 1,
          bootstrap: false,
          criterion: c.criterion,
          maxDepth: c.max_depth,
          minSamplesLeaf: c.min_samples_leaf,
          minSamplesSplit: c.min_samples_split,
          maxFeatures: 4,
        },
        0,
      );
      const label = `${c.criterion} depth ${c.max_depth} leaf ${c.min_samples_leaf}`;
      assert.equal(forest.trees[0]?.feature.length, c.nodes, `${label}: node count`);
      const p = forest.predict(c.x_test);
      for (const [i, v] of c.predictions.entries())
        assert.ok(Math.abs((p[i] as number) - v) < 1e-9, `${label}: row ${i}: ${p[i]} vs scikit-learn's ${v}`);
    }
  });

  const rules = {
    nEstimators: 5,
    criterion: 'gini',
    maxDepth: 50,
    minSamplesSplit: 2,
    minSamplesLeaf: 1,
    maxFeatures: 2,
  } as const;

  it('honours max_depth, min_samples_leaf and min_samples_split', () => {
    const c = fixture.cases[0] as Case;
    const depthOf = (tree: { left: Int32Array; right: Int32Array }): number => {
      const go = (i: number): number =>
        (tree.left[i] as number) < 0 ? 0 : 1 + Math.max(go(tree.left[i] as number), go(tree.right[i] as number));
      return go(0);
    };
    const shallow = fitForest(c.x, c.y, true, { ...rules, maxDepth: 2 }, 1);
    for (const t of shallow.trees) assert.ok(depthOf(t) <= 2);
    assert.ok(shallow.trees.some((t) => depthOf(t) === 2));
    // No split can leave both children 31 rows of 60: every tree is one leaf.
    const leafy = fitForest(c.x, c.y, true, { ...rules, minSamplesLeaf: 31, bootstrap: false }, 1);
    for (const t of leafy.trees) assert.equal(t.feature.length, 1);
    const unsplit = fitForest(c.x, c.y, true, { ...rules, minSamplesSplit: 61, bootstrap: false }, 1);
    for (const t of unsplit.trees) assert.equal(t.feature.length, 1);
    // A single leaf predicts the majority class.
    const counts = new Map<number, number>();
    for (const v of c.y) counts.set(v, (counts.get(v) ?? 0) + 1);
    const majority = [...counts].sort((a, b) => b[1] - a[1] || a[0] - b[0])[0]?.[0];
    assert.deepEqual(new Set(unsplit.predict(c.x_test)), new Set([majority]));
  });

  it('is the same forest for the same seed, another for another seed, and returns the labels it was given', () => {
    const c = fixture.cases[0] as Case;
    const y = c.y.map((v) => 10 + 5 * v);
    const a = fitForest(c.x, y, true, rules, 3);
    const b = fitForest(c.x, y, true, rules, 3);
    const other = fitForest(c.x, y, true, rules, 4);
    assert.deepEqual(a.trees, b.trees);
    assert.notDeepEqual(a.trees, other.trees);
    for (const p of a.predict(c.x_test)) assert.ok([10, 15, 20].includes(p));
  });
});

describe('randomForest learner', () => {
  const iris = loadCsv(fileURLToPath(new URL('../../fixtures/learners/iris.csv', import.meta.url)), {
    target: 'species',
  });

  it("has Yang & Shami's space, with scikit-learn's criteria per task", () => {
    const space = randomForest.space('classification', iris);
    assert.deepEqual(Object.keys(space).sort(), [
      'criterion',
      'max_depth',
      'max_features',
      'min_samples_leaf',
      'min_samples_split',
      'n_estimators',
    ]);
    assert.deepEqual((space['criterion'] as { readonly choices: ReadonlyArray<unknown> }).choices, ['gini', 'entropy']);
    assert.deepEqual(
      (randomForest.space('regression', iris)['criterion'] as { readonly choices: ReadonlyArray<unknown> }).choices,
      ['squared_error', 'absolute_error'],
    );
  });

  it('fits iris well under every criterion, and names a criterion it does not know', async () => {
    const train = iris.x.filter((_, i) => i % 3 !== 0);
    const trainY = iris.y.filter((_, i) => i % 3 !== 0);
    const test = iris.x.filter((_, i) => i % 3 === 0);
    const testY = iris.y.filter((_, i) => i % 3 === 0);
    for (const criterion of ['gini', 'entropy']) {
      const m = await randomForest.fit(
        train,
        trainY,
        { ...randomForest.defaults('classification', iris), criterion, n_estimators: 20 },
        { task: 'classification', seed: 0 },
      );
      const acc = m.predict(test).filter((p, i) => p === testY[i]).length / test.length;
      assert.ok(acc >= 0.9, `${criterion}: accuracy ${acc}`);
    }
    // Regression: petal width from the other three measurements.
    const rx = iris.x.map((r) => r.slice(0, 3));
    const ry = iris.x.map((r) => r[3] as number);
    for (const criterion of ['squared_error', 'absolute_error']) {
      const m = await randomForest.fit(
        rx.filter((_, i) => i % 3 !== 0),
        ry.filter((_, i) => i % 3 !== 0),
        { ...randomForest.defaults('regression', iris), criterion, n_estimators: 20, max_features: 3 },
        { task: 'regression', seed: 0 },
      );
      const p = m.predict(rx.filter((_, i) => i % 3 === 0));
      const truth = ry.filter((_, i) => i % 3 === 0);
      const mse = p.reduce((s, v, i) => s + (v - (truth[i] as number)) ** 2, 0) / p.length;
      assert.ok(mse < 0.06, `${criterion}: MSE ${mse}`); // the variance of petal width is 0.58
    }
    await assert.rejects(
      randomForest.fit(
        train,
        trainY,
        { ...randomForest.defaults('classification', iris), criterion: 'mse' },
        {
          task: 'classification',
          seed: 0,
        },
      ),
      /criterion must be one of .*got "mse"/,
    );
  });
});
