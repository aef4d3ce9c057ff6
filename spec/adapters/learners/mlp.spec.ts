// The TensorFlow.js MLP learner: it learns, it is seeded, it standardises with the training rows only,
// it frees every tensor, and a missing TF.js says what to install.
import { before, describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs-core';
import { lastValueFrom, toArray } from 'rxjs';
import type { Config } from '../../../lib/index.js';
import { normalFrom, rngFromSeed, withRng } from '../../../lib/rng.js';
import { fakeTrial } from '../../../testing/index.js';
import type { Task } from '../../../adapters/learners/index.js';
import { learnerTrainer, loadCsv, mlp, score } from '../../../adapters/learners/index.js';
import { loadPeer } from '../../../adapters/learners/learner.js';

type Rows = number[][];

/** Three well separated Gaussian blobs in 4-D, labelled 2, 5 and 9 (not 0 … k − 1), 40 rows each. */
const blobs = (seed: number): { x: Rows; y: number[] } => {
  const centres = [
    [0, 0, 0, 0],
    [4, 4, 0, 0],
    [0, 4, 4, 4],
  ];
  const labels = [2, 5, 9];
  const [rows] = withRng(rngFromSeed(seed), (next) =>
    Array.from({ length: 120 }, (_, i) => ({
      x: (centres[i % 3] as number[]).map((c) => c + 0.5 * normalFrom(next)),
      y: labels[i % 3] as number,
    })),
  );
  return { x: rows.map((r) => r.x), y: rows.map((r) => r.y) };
};

/** y = 3·a − 0.002·b + 5·c + 1000 + noise, on columns of very different scales. */
const linear = (seed: number, n: number): { x: Rows; y: number[] } => {
  const [rows] = withRng(rngFromSeed(seed), (next) =>
    Array.from({ length: n }, () => {
      const a = next();
      const b = 1000 * next();
      const c = normalFrom(next);
      return { x: [a, b, c], y: 3 * a - 0.002 * b + 5 * c + 1000 + 0.05 * normalFrom(next) };
    }),
  );
  return { x: rows.map((r) => r.x), y: rows.map((r) => r.y) };
};

const variance = (v: ReadonlyArray<number>) => {
  const m = v.reduce((s, a) => s + a, 0) / v.length;
  return v.reduce((s, a) => s + (a - m) ** 2, 0) / v.length;
};

const predictions = async (x: Rows, y: number[], test: Rows, config: Config, task: Task, seed = 1) => {
  const model = await mlp.fit(x, y, config, { task, seed });
  try {
    return model.predict(test);
  } finally {
    model.free?.();
  }
};

const REGRESSION: Config = {
  ...mlp.defaults('regression', { x: [], y: [], features: [], target: 'y' }),
  learning_rate_init: 0.01,
  batch_size: 32,
  max_iter: 100,
};
const CLASSIFICATION: Config = mlp.defaults('classification', { x: [], y: [], features: [], target: 'y' });

describe('mlp', () => {
  // The first fit loads TF.js and starts its backend, which keeps a few tensors of its own.
  before(async () => {
    const { x, y } = blobs(0);
    await predictions(
      x,
      y,
      x,
      mlp.lowCost?.('classification', { x, y, features: [], target: 'y' }) ?? {},
      'classification',
    );
  });

  it('classifies well separated blobs, predicting the original labels', async () => {
    const train = blobs(1);
    const test = blobs(2);
    const p = await predictions(train.x, train.y, test.x, CLASSIFICATION, 'classification');
    assert.deepEqual([...new Set(p)].sort(), [2, 5, 9]);
    const accuracy = score('classification', p, test.y);
    assert.ok(accuracy >= 0.95, `accuracy ${accuracy}`);
  });

  it('fits a linear target on columns of very different scales, in the target’s own units', async () => {
    const train = linear(1, 300);
    const test = linear(2, 100);
    const p = await predictions(train.x, train.y, test.x, REGRESSION, 'regression');
    const mse = score('regression', p, test.y);
    // The target's variance is about 26 (its mean 1000): a model that did not learn, or did not
    // un-scale its outputs, is off by that much or more.
    assert.ok(mse < 0.02 * variance(test.y), `mse ${mse}, variance ${variance(test.y)}`);
  });

  it('gives the same predictions for the same config and seed, and others for another seed', async () => {
    const train = linear(3, 100);
    const test = linear(4, 20);
    const config = { ...REGRESSION, max_iter: 10 };
    const a = await predictions(train.x, train.y, test.x, config, 'regression', 7);
    const b = await predictions(train.x, train.y, test.x, config, 'regression', 7);
    const c = await predictions(train.x, train.y, test.x, config, 'regression', 8);
    assert.deepEqual(a, b);
    assert.notDeepEqual(a, c);
  });

  it('standardises with the training rows only: predictions do not depend on the rows predicted with them', async () => {
    const train = linear(5, 100);
    const test = linear(6, 20);
    const model = await mlp.fit(train.x, train.y, { ...REGRESSION, max_iter: 10 }, { task: 'regression', seed: 1 });
    try {
      const together = model.predict(test.x);
      const alone = test.x.map((row) => model.predict([row])[0]);
      assert.deepEqual(alone, together);
    } finally {
      model.free?.();
    }
  });

  it('is invariant to shifting and scaling a feature, since it standardises it with the training mean and deviation', async () => {
    const train = blobs(3);
    const test = blobs(4);
    const moved = (rows: Rows) => rows.map(([a, ...rest]) => [1000 + 250 * (a as number), ...rest]);
    const config = { ...CLASSIFICATION, max_iter: 20 };
    const plain = await predictions(train.x, train.y, test.x, config, 'classification');
    const shifted = await predictions(moved(train.x), train.y, moved(test.x), config, 'classification');
    assert.deepEqual(shifted, plain);
  });

  it('is safe with a constant column', async () => {
    const train = blobs(5);
    const test = blobs(6);
    const constant = (rows: Rows) => rows.map((r) => [...r, 7]);
    const p = await predictions(constant(train.x), train.y, constant(test.x), CLASSIFICATION, 'classification');
    assert.ok(score('classification', p, test.y) >= 0.95);
    const r = await predictions(
      linear(7, 50).x.map((row) => [...row, 3]),
      linear(7, 50).y,
      [[0.5, 500, 0, 3]],
      { ...REGRESSION, max_iter: 10 },
      'regression',
    );
    assert.ok(Number.isFinite(r[0]), String(r[0]));
  });

  it('leaves no tensor behind once its model is freed', async () => {
    const train = blobs(7);
    const before = tf.memory().numTensors;
    const model = await mlp.fit(
      train.x,
      train.y,
      { ...CLASSIFICATION, hidden_layers: 3, max_iter: 5 },
      {
        task: 'classification',
        seed: 1,
      },
    );
    model.predict(train.x);
    assert.ok(tf.memory().numTensors > before, 'the fitted model holds its weights');
    model.free?.();
    assert.equal(tf.memory().numTensors, before);
  });

  it('cross-validates through learnerTrainer on iris above 90 % accuracy with its defaults', async () => {
    const iris = loadCsv(fileURLToPath(new URL('../../fixtures/learners/iris.csv', import.meta.url)), {
      target: 'species',
    });
    const trainer = learnerTrainer(mlp, iris, { task: 'classification' });
    const reports = await lastValueFrom(trainer(fakeTrial('t', mlp.defaults('classification', iris))).pipe(toArray()));
    assert.deepEqual(
      reports.map((r) => r.step),
      [1, 2, 3],
    );
    assert.ok((reports[2]?.metrics['accuracy'] as number) > 0.9, JSON.stringify(reports[2]));
  });

  it("puts its defaults (scikit-learn's) and its low-cost config inside its space", () => {
    const data = { x: [], y: [], features: [], target: 'y' };
    const space = mlp.space('classification', data);
    for (const config of [mlp.defaults('classification', data), mlp.lowCost?.('classification', data) ?? {}])
      for (const [k, d] of Object.entries(space)) {
        const v = config[k] as number;
        assert.ok('low' in d && v >= d.low && v <= d.high, `${k} = ${v}`);
      }
    assert.deepEqual(mlp.defaults('regression', data), {
      hidden_layers: 1,
      hidden_units: 100,
      learning_rate_init: 1e-3,
      alpha: 1e-4,
      batch_size: 200,
      max_iter: 200,
    });
  });

  it('says what to install when a package it needs is missing', async () => {
    await assert.rejects(
      loadPeer('@tensorflow/tfjs-no-such-package', 'mlp', false, '@tensorflow/tfjs-core @tensorflow/tfjs-backend-wasm'),
      /learner mlp needs the package @tensorflow\/tfjs-no-such-package: npm i @tensorflow\/tfjs-core @tensorflow\/tfjs-backend-wasm/,
    );
  });
});
